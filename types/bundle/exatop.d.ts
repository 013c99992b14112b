// dist/bundle/exatop.js is esbuild's bundle of dist/cli.js (bin/build-bundle.js): the same exports.
// tsconfig.bench.json's rootDirs resolve `../dist/bundle/exatop.js` to this file.
export * from '../../src/cli.js';
