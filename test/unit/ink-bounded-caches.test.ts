import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BoundedCache } from '../../src/build/ink/bounded-cache.js';
import { applyInkEdit, editFor, INK_EDITS } from '../../src/build/ink/patch.js';

const inkBuild = join(dirname(createRequire(import.meta.url).resolve('ink')), '.');

describe('BoundedCache', () => {
  it('never holds more than two generations, however many distinct keys pass through', () => {
    const cache = new BoundedCache<number>(100);
    for (let i = 0; i < 100_000; i++) cache.set(`up ${i}s`, i);
    expect(cache.size).toBeLessThanOrEqual(200);
    expect(cache.get('up 99999s')).toBe(99_999);
    expect(cache.get('up 0s')).toBeUndefined();
  });

  it('keeps what every frame draws: an entry read again survives the generation change', () => {
    const cache = new BoundedCache<string>(3);
    cache.set('border', 'b');
    for (let frame = 0; frame < 50; frame++) {
      expect(cache.get('border')).toBe('b');
      cache.set(`clock ${frame}`, 'c');
    }
  });

  it('refuses a limit that would make it useless', () => {
    expect(() => new BoundedCache(0)).toThrow(/positive integer/);
  });
});

describe("the edits to Ink's text caches", () => {
  const installed = (file: string) => readFileSync(join(inkBuild, file.replace(/^ink\/build\//, '')), 'utf8');

  it.each(INK_EDITS.map((e) => [e.file, e] as const))('%s: applies to the installed Ink', (file, edit) => {
    expect(editFor(`/x/node_modules/${file}`)).toBe(edit);
    const out = applyInkEdit(edit, installed(file), '/abs/bounded-cache.js');
    for (const [from, to] of edit.replace) {
      expect(out).toContain(to);
      if (!to.includes(from)) expect(out).not.toContain(from);
    }
  });

  it('leaves no unbounded text cache in Ink: every module-level cache becomes a BoundedCache', () => {
    for (const file of ['ink/build/measure-text.js', 'ink/build/wrap-text.js', 'ink/build/output.js']) {
      const out = applyInkEdit(editFor(`/x/node_modules/${file}`)!, installed(file), '/abs/bounded-cache.js');
      expect(out.startsWith('import { BoundedCache } from "/abs/bounded-cache.js";\n')).toBe(true);
      expect(out).not.toMatch(/(cache|widths|Widths|styledChars) = (new Map\(\)|\{\});/);
      expect(out).not.toMatch(/cache\[cacheKey\]/);
    }
  });

  it('render-node-to-output asks the cached measureText instead of measuring again', () => {
    const file = 'ink/build/render-node-to-output.js';
    const out = applyInkEdit(editFor(`/x/node_modules/${file}`)!, installed(file), '/abs/bounded-cache.js');
    expect(out).not.toContain('widestLine');
    expect(out).not.toContain('BoundedCache');
    expect(out).toContain('measureText(text).width');
  });

  it('output.js shares one set of caches between frames', () => {
    const file = 'ink/build/output.js';
    const out = applyInkEdit(editFor(`/x/node_modules/${file}`)!, installed(file), '/abs/bounded-cache.js');
    expect(out).toContain('caches = sharedOutputCaches;');
    expect(out.indexOf('const sharedOutputCaches = new OutputCaches();')).toBeGreaterThan(out.indexOf('class OutputCaches'));
  });

  it('stops the build when Ink no longer has the text it replaces', () => {
    const edit = INK_EDITS[0]!;
    expect(() => applyInkEdit(edit, 'const cache = new QuickLRU({maxSize: 1000});', '/c.js')).toThrow(/measure-text\.js: expected exactly one "const cache = new Map\(\);"/);
    expect(() => applyInkEdit(edit, 'const cache = new Map();\nconst cache = new Map();', '/c.js')).toThrow(/exactly one/);
  });

  it('leaves other modules alone', () => {
    expect(editFor('/x/node_modules/ink/build/ink.js')).toBeUndefined();
    expect(editFor('/x/node_modules/other/build/measure-text.js')).toBeUndefined();
  });
});
