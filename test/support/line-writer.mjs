// A log writer for the rotation tests: appends numbered lines to FILE at RATE lines per second
// for MS milliseconds, the way a daemon logs (one O_APPEND descriptor, a write per batch, every
// 10 ms), then prints how many lines it wrote. Usage: node line-writer.mjs FILE RATE MS
import { closeSync, openSync, writeSync } from 'node:fs';

const [file, rate, duration] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
const fd = openSync(file, 'a');
const started = Date.now();
let written = 0;
const pad = 'x'.repeat(60);
const tick = () => {
  const due = Math.min(Math.floor(((Date.now() - started) * rate) / 1000), Math.floor((duration * rate) / 1000));
  let batch = '';
  while (written < due) batch += `seq ${written++} ${pad}\n`;
  if (batch) writeSync(fd, batch);
  if (Date.now() - started >= duration && written >= Math.floor((duration * rate) / 1000)) {
    closeSync(fd);
    process.stdout.write(`${written}\n`);
    return;
  }
  setTimeout(tick, 10);
};
tick();
