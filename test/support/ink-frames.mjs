// Draws the same 60 frames through the bundle's patched Ink or the Ink in node_modules and
// prints them as a JSON array: borders, colours, inverse, block and wide characters, emoji,
// truncation and vertical clipping, lines that change and lines that stay.
//   node test/support/ink-frames.mjs bundle|node_modules
import { EventEmitter } from 'node:events';

const kit = process.argv[2] === 'bundle'
  ? await import('../../dist/bundle/render-kit.js')
  : { ...(await import('ink')), createElement: (await import('react')).createElement };
const { Box, Text, render, createElement: h } = kit;

class Out extends EventEmitter {
  isTTY = true;
  columns = 60;
  rows = 20;
  frames = [];
  write = (s) => {
    this.frames.push(s);
    return true;
  };
}
const blocks = '▁▂▃▄▅▆▇█';
const screen = (n) => h(Box, { flexDirection: 'column', width: 60 },
  h(Box, { borderStyle: 'round', borderColor: n % 2 ? 'red' : 'gray', flexDirection: 'column', height: 7, overflowY: 'hidden', paddingX: 1 },
    h(Text, { wrap: 'truncate-end' }, h(Text, { bold: true }, 'CPU '), h(Text, { color: 'green' }, Array.from({ length: 40 }, (_, i) => blocks[(i * 3 + n) % 8]).join('')), h(Text, { color: 'cyan' }, ` ${n % 7}.${n % 10}%`)),
    h(Text, { wrap: 'truncate-end' }, `peer 127.0.0.${n % 5} ESTABLISHED up ${n}s msgs ${n * 13}`),
    h(Text, { inverse: n % 3 === 0, wrap: 'truncate-end' }, '—— same line every frame ——'),
    h(Text, { color: 'yellow', wrap: 'truncate-end' }, `宽字符 ${n} 🙂 ${'x'.repeat(n % 50)} end`),
    ...Array.from({ length: n % 6 }, (_, i) => h(Text, { key: i, dimColor: true }, `extra ${i} clipped below`))),
  h(Text, { wrap: 'wrap' }, `a long line that wraps: ${'word '.repeat(n % 15)}`));
const stdout = new Out();
const app = render(screen(0), { stdout, debug: true, patchConsole: false, exitOnCtrlC: false });
for (let n = 1; n < 60; n++) app.rerender(screen(n));
app.unmount();
process.stdout.write(JSON.stringify(stdout.frames));
