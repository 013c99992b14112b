// The real ExaBGP log captures, as lines, for the log pipeline's tests.
//   fixtures/v4.2, v5.0.15, v6.0-dev, v6.0-dev-api4: captured for exatop (see each README.md)
//   fixtures/log-samples: copies of ../shared/exabgp/samples (see its README.md)
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LogPipeline } from '../../src/core/logs/pipeline.js';
import { parseLine } from '../../src/core/logs/parse-line.js';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));

/** The lines of a capture (path relative to fixtures/), without the final empty line. */
export function captureLines(path: string): string[] {
  const lines = readFileSync(FIXTURES + path, 'utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** A line of a capture that starts with `prefix` (the first one), failing loudly when absent. */
export function captureLine(path: string, prefix: string): string {
  const found = captureLines(path).find((l) => l.startsWith(prefix));
  if (found === undefined) throw new Error(`no line starting with ${JSON.stringify(prefix)} in ${path}`);
  return found;
}

/**
 * The syslog captures hold each datagram as a Python bytes literal: `b'<15>exabgp[1]: …\x00'`.
 * Returns the datagram's text.
 */
export function decodePythonBytes(literal: string): string {
  const m = /^b(['"])(.*)\1$/.exec(literal);
  if (!m) throw new Error(`not a bytes literal: ${literal}`);
  const body = m[2] ?? '';
  const bytes: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      bytes.push(...Buffer.from(c ?? '', 'latin1'));
      continue;
    }
    const n = body[++i];
    if (n === 'x') {
      bytes.push(parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push((({ n: 10, t: 9, r: 13, '\\': 92, "'": 39, '"': 34 }) as Record<string, number>)[n ?? ''] ?? (n ?? '').charCodeAt(0));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Capture annotations, not daemon output: `$ command`, `# comment`, `[rc=1]`. */
export const isAnnotation = (line: string): boolean => line.startsWith('$ ') || line.startsWith('# ') || /^\[rc=\d+\]$/.test(line);

/** Every daemon log capture (paths relative to fixtures/). */
export function allLogCaptures(): string[] {
  const out: string[] = [];
  for (const dir of ['v4.2', 'v5.0.15', 'v6.0-dev', 'v6.0-dev-api4']) {
    for (const f of readdirSync(FIXTURES + dir)) if (f.startsWith('log-')) out.push(`${dir}/${f}`);
  }
  const walk = (rel: string): void => {
    for (const e of readdirSync(FIXTURES + rel, { withFileTypes: true })) {
      const p = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(p);
      else if (e.name !== 'README.md') out.push(p);
    }
  };
  walk('log-samples');
  return out.sort();
}

/** A capture's lines as the daemon wrote them (syslog literals decoded, annotations kept). */
export function daemonLines(path: string): string[] {
  const lines = captureLines(path);
  return path.includes('syslog.txt') ? lines.map((l) => (l.startsWith("b'") ? decodePythonBytes(l) : l)) : lines;
}

/**
 * Push a capture's lines into a pipeline, one by one, as read `stepMs` apart from `start`.
 * Returns the receive time of the last line.
 */
export function feed(pipeline: LogPipeline, path: string, origin: string, start: number, stepMs = 2): number {
  let t = start;
  for (const raw of daemonLines(path)) {
    t += stepMs;
    pipeline.push(parseLine(raw, t, origin));
  }
  return t;
}

/** 2026-11-23 (the fixtures' capture day) at h:m:s local time. */
export const localTime = (h: number, m: number, s: number, day = 23): number => new Date(2026, 10, day, h, m, s).getTime();
