// The shipped bundle (npm run build → dist/bundle/) against the Ink in node_modules: the same
// 4,000 frames of changing text, heap measured after forced GCs in a fresh process each.
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const SCRIPT = new URL('../support/ink-retention.mjs', import.meta.url).pathname;
const retained = async (which: 'bundle' | 'node_modules'): Promise<number> => {
  const r = await execa('node', ['--expose-gc', SCRIPT, which, '2500'], { env: { NODE_ENV: 'production' } });
  const doc = JSON.parse(r.stdout) as { distinctTexts: number; retainedBytes: number };
  expect(doc.distinctTexts).toBe(50_000);
  return doc.retainedBytes;
};

describe('Ink text caches in the bundle', () => {
  it('Ink 6 as installed keeps every distinct string it ever drew (the leak this guards against)', async () => {
    expect(await retained('node_modules')).toBeGreaterThan(4 * 2 ** 20);
  }, 60_000);

  it('the bundle exatop runs keeps its heap flat over the same frames', async () => {
    expect(await retained('bundle')).toBeLessThan(2 * 2 ** 20);
  }, 60_000);
});

describe('the bundle draws exactly what Ink 6 draws', () => {
  it('60 frames of borders, colours, block and wide characters, truncation and clipping, byte for byte', async () => {
    const frames = async (which: string) => JSON.parse((await execa('node', [new URL('../support/ink-frames.mjs', import.meta.url).pathname, which], { env: { NODE_ENV: 'production' } })).stdout) as string[];
    const [bundled, installed] = await Promise.all([frames('bundle'), frames('node_modules')]);
    expect(installed.length).toBeGreaterThanOrEqual(60);
    expect(new Set(installed).size).toBeGreaterThan(50);
    expect(bundled).toEqual(installed);
  }, 60_000);
});
