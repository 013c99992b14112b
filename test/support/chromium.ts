// Debian's chromium, headless, for the HTML pages exatop writes: the DOM after the page loaded
// (--dump-dom: what the browser parsed, not the bytes we wrote) and a screenshot. Every run gets
// a fresh profile; nothing goes to the network (the pages fetch nothing, and the browser's own
// background traffic is switched off).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';

export const CHROMIUM = '/usr/bin/chromium';

async function chromium(args: string[]): Promise<string> {
  const profile = await mkdtemp(join(tmpdir(), 'exatop-chromium-'));
  try {
    const r = await execa(CHROMIUM, [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', `--user-data-dir=${profile}`, '--hide-scrollbars', ...args,
    ], { timeout: 60_000, env: { ...process.env, HOME: profile } });
    return r.stdout;
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}

export const dumpDom = (file: string): Promise<string> => chromium(['--dump-dom', pathToFileURL(file).href]);

export async function screenshot(file: string, png: string, width = 1100, height = 1400): Promise<void> {
  await chromium([`--window-size=${width},${height}`, `--screenshot=${png}`, pathToFileURL(file).href]);
}

/** Attributes of the elements matching `tag` (and `where`, an attribute test) in a DOM dump. */
export function elements(dom: string, tag: string, where: (a: Record<string, string>) => boolean = () => true): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  for (const m of dom.matchAll(new RegExp(`<${tag}\\b([^>]*)>`, 'g'))) {
    const attrs: Record<string, string> = {};
    for (const a of m[1]!.matchAll(/([\w:-]+)="([^"]*)"/g)) attrs[a[1]!] = a[2]!.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    if (where(attrs)) out.push(attrs);
  }
  return out;
}
