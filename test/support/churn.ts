// Route churn for a lab daemon, written straight to its pipes by the test (exatop itself never
// sends such commands): announce and withdraw a rotating set of prefixes.
import { closeSync, constants, openSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { LabPlan } from '../../src/lab/plan.js';

export function startChurn(plan: LabPlan, perSecond: number): () => number {
  const inPath = join(plan.runDir, `${plan.pipeName}.in`);
  const outPath = join(plan.runDir, `${plan.pipeName}.out`);
  const out = openSync(outPath, constants.O_RDWR | constants.O_NONBLOCK);
  const sink = Buffer.alloc(65536);
  let sent = 0;
  const timer = setInterval(() => {
    const fd = openSync(inPath, constants.O_WRONLY | constants.O_NONBLOCK);
    try {
      for (let i = 0; i < perSecond / 10; i++) {
        const n = sent++ % 200;
        const verb = Math.floor(sent / 200) % 2 === 0 ? 'announce' : 'withdraw';
        writeSync(fd, `${verb} route 10.${Math.floor(n / 250)}.${n % 250}.0/24 next-hop self\n`);
      }
    } finally {
      closeSync(fd);
    }
    try {
      while (readSync(out, sink, 0, sink.length, null) > 0);
    } catch {
      // nothing to drain
    }
  }, 100);
  return () => {
    clearInterval(timer);
    closeSync(out);
    return sent;
  };
}
