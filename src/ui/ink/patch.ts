// Build-time edits to two of Ink 6.8's modules, applied by the bundler (bin/build-bundle.js):
// their module-level text caches never evict, so a TUI whose numbers change every second grows
// without bound (about 70 bytes per distinct string drawn; vadimdemedes/ink#986). Each edit
// swaps the cache for a BoundedCache and names the exact text it replaces: if Ink changes, the
// build stops and says which file to look at, instead of shipping an unpatched leak.

export interface InkEdit {
  /** Path suffix of the Ink module, inside node_modules. */
  file: string;
  replace: [from: string, to: string][];
}

export const CACHE_IMPORT = (specifier: string) => `import { BoundedCache } from ${JSON.stringify(specifier)};\n`;

export const INK_EDITS: InkEdit[] = [
  {
    file: 'ink/build/measure-text.js',
    replace: [['const cache = new Map();', 'const cache = new BoundedCache(4096);']],
  },
  {
    file: 'ink/build/wrap-text.js',
    replace: [
      ['const cache = {};', 'const cache = new BoundedCache(4096);'],
      ['const cachedText = cache[cacheKey];', 'const cachedText = cache.get(cacheKey);'],
      ['cache[cacheKey] = wrappedText;', 'cache.set(cacheKey, wrappedText);'],
    ],
  },
];

export function editFor(path: string): InkEdit | undefined {
  const normal = path.replaceAll('\\', '/');
  return INK_EDITS.find((e) => normal.endsWith(`/node_modules/${e.file}`));
}

/** The module's source with the edit made; throws when a piece of text is not there exactly once. */
export function applyInkEdit(edit: InkEdit, source: string, cacheModule: string): string {
  let out = source;
  for (const [from, to] of edit.replace) {
    const at = out.indexOf(from);
    if (at < 0 || out.indexOf(from, at + from.length) >= 0) {
      throw new Error(`${edit.file}: expected exactly one "${from}"; Ink changed, review src/ui/ink/patch.ts (is its text cache bounded now?)`);
    }
    out = out.slice(0, at) + to + out.slice(at + from.length);
  }
  return CACHE_IMPORT(cacheModule) + out;
}
