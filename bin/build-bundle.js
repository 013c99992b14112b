#!/usr/bin/env node
// Bundles tsc's output (dist/) into dist/bundle/ with esbuild: one ESM file per entry instead
// of ~600 modules (es-toolkit alone brings 300), which is most of exatop's start time, and the
// place where Ink's text caches are bounded and kept across frames (src/build/ink/patch.ts).
import { build } from 'esbuild';
import { readFile, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyInkEdit, editFor, INK_EDITS } from '../dist/build/ink/patch.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const cacheModule = fileURLToPath(new URL('../dist/build/ink/bounded-cache.js', import.meta.url));
const edited = new Set();

const inkCaches = {
  name: 'ink-bounded-caches',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]ink[\\/]build[\\/](measure-text|wrap-text|render-node-to-output|output)\.js$/ }, async (args) => {
      const edit = editFor(args.path);
      if (!edit) return undefined;
      edited.add(edit.file);
      return { contents: applyInkEdit(edit, await readFile(args.path, 'utf8'), cacheModule), loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

// esbuild leaves the chunks of earlier builds (hashed names) in outdir: they would ship in the package.
await rm(new URL('../dist/bundle/', import.meta.url), { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { exatop: 'dist/cli.js', 'render-kit': 'dist/ui/render-kit.js' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  define: { 'process.env.NODE_ENV': '"production"' },
  alias: { 'react-devtools-core': './dist/build/ink/no-devtools.js' },
  // CommonJS dependencies (React, pidusage) call require(): give each chunk a real one.
  // @ts-nocheck: `npm run lint` type-checks bench/ against dist/, not the bundled third-party code.
  banner: { js: "// @ts-nocheck\nimport { createRequire as __exatopRequire } from 'node:module'; const require = __exatopRequire(import.meta.url);" },
  plugins: [inkCaches],
  legalComments: 'none',
  logLevel: 'warning',
});
if (edited.size !== INK_EDITS.length) throw new Error(`expected to edit ${INK_EDITS.map((e) => e.file).join(', ')}; edited ${[...edited].join(', ') || 'nothing'}`);
