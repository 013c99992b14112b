// dist/bundle/render-kit.js is esbuild's bundle of dist/ui/render-kit.js (bin/build-bundle.js):
// the same exports. tsconfig.bench.json's rootDirs resolve `../dist/bundle/render-kit.js` here.
export * from '../../src/ui/render-kit.js';
