// Renders FRAMES frames of 20 lines whose text changes every frame, through either the shipped
// bundle (dist/bundle/render-kit.js) or the Ink installed in node_modules, and prints how much
// heap is still in use afterwards (after forced GCs): Ink 6's own text caches keep every string.
//   node --expose-gc test/support/ink-retention.mjs bundle|node_modules [FRAMES]
import { EventEmitter } from 'node:events';

// the bundle carries its own Ink: its Box, Text and render go together
const kit = process.argv[2] === 'bundle'
  ? await import('../../dist/bundle/render-kit.js')
  : { ...(await import('ink')), createElement: (await import('react')).createElement };
const { Box, Text, render, createElement } = kit;
const FRAMES = Number(process.argv[3] ?? 8000);

class Out extends EventEmitter {
  isTTY = true;
  columns = 120;
  rows = 40;
  write = () => true;
}
const heap = () => {
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
};
let frame = 0;
const rows = (n) => Array.from({ length: 20 }, (_, i) => createElement(Text, { key: i }, `row ${i} counter ${n * 20 + i} uptime ${n}s`));
const app = render(createElement(Box, { flexDirection: 'column' }, ...rows(0)), { stdout: new Out(), debug: true, patchConsole: false, exitOnCtrlC: false });
for (let i = 0; i < 200; i++) app.rerender(createElement(Box, { flexDirection: 'column' }, ...rows(++frame)));
const before = heap();
for (let i = 0; i < FRAMES; i++) app.rerender(createElement(Box, { flexDirection: 'column' }, ...rows(++frame)));
const after = heap();
app.unmount();
process.stdout.write(`${JSON.stringify({ frames: FRAMES, distinctTexts: FRAMES * 20, retainedBytes: after - before })}\n`);
