// Build-time edits to Ink 6.8's modules, applied by the bundler (bin/build-bundle.js). Each names
// the exact text it replaces: if Ink changes, the build stops and says which file to look at.
//  - measure-text.js, wrap-text.js: their module-level text caches never evict, so a TUI whose
//    numbers change every second grows without bound (about 140 bytes per distinct string
//    drawn; vadimdemedes/ink#986, fixed only in Ink 7). They become BoundedCaches.
//  - render-node-to-output.js measured every text's width again on every frame (string-width's
//    grapheme segmenter for any line with a box-drawing or block character): it now asks the
//    cached measureText, which layout has just filled for the same text.
//  - output.js built its per-line styled characters and character widths from scratch on every
//    frame; its caches now live across frames (bounded), so unchanged lines cost a lookup.

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
    file: 'ink/build/render-node-to-output.js',
    replace: [
      ["import widestLine from 'widest-line';", "import measureText from './measure-text.js';"],
      ['const currentWidth = widestLine(text);', 'const currentWidth = measureText(text).width;'],
    ],
  },
  {
    file: 'ink/build/output.js',
    replace: [
      ['widths = new Map();', 'widths = new BoundedCache(4096);'],
      ['blockWidths = new Map();', 'blockWidths = new BoundedCache(1024);'],
      // a line's styled characters are an object per column (~12 kB for 200 columns): keep
      // about two screens' worth, what the next frame can reuse
      ['styledChars = new Map();', 'styledChars = new BoundedCache(160);'],
      ['export default class Output {', 'const sharedOutputCaches = new OutputCaches();\nexport default class Output {'],
      ['caches = new OutputCaches();', 'caches = sharedOutputCaches;'],
    ],
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
      throw new Error(`${edit.file}: expected exactly one "${from}"; Ink changed, review src/build/ink/patch.ts (is its text cache bounded now?)`);
    }
    out = out.slice(0, at) + to + out.slice(at + from.length);
  }
  return edit.replace.some(([, to]) => to.includes('BoundedCache')) ? CACHE_IMPORT(cacheModule) + out : out;
}
