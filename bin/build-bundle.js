#!/usr/bin/env node
// Bundles tsc's output (dist/) into dist/bundle/ with esbuild: one ESM file per entry instead
// of ~600 modules (es-toolkit alone brings 300), which is most of exatop's start time, and the
// place where Ink's unbounded text caches are swapped for bounded ones (src/ui/ink/patch.ts).
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { applyInkEdit, editFor } from '../dist/ui/ink/patch.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const cacheModule = fileURLToPath(new URL('../dist/ui/ink/bounded-cache.js', import.meta.url));
const edited = new Set();

const inkCaches = {
  name: 'ink-bounded-caches',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]ink[\\/]build[\\/](measure|wrap)-text\.js$/ }, async (args) => {
      const edit = editFor(args.path);
      if (!edit) return undefined;
      edited.add(edit.file);
      return { contents: applyInkEdit(edit, await readFile(args.path, 'utf8'), cacheModule), loader: 'js', resolveDir: root };
    });
  },
};

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
  alias: { 'react-devtools-core': './dist/ui/ink/no-devtools.js' },
  // CommonJS dependencies (React, pidusage) call require(): give each chunk a real one
  banner: { js: "import { createRequire as __exatopRequire } from 'node:module'; const require = __exatopRequire(import.meta.url);" },
  plugins: [inkCaches],
  legalComments: 'none',
  logLevel: 'warning',
});
if (edited.size !== 2) throw new Error(`expected to edit Ink's measure-text.js and wrap-text.js, edited ${[...edited].join(', ') || 'nothing'}`);
