// Commands for a lab daemon written straight to its pipes by the test (exatop itself never
// sends such commands): route churn, and markers that the daemon logs as rejected commands.
import { closeSync, constants, openSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { LabPlan } from '../../src/core/lab/plan.js';

/** Writes commands to the daemon's `.in` and drops its answers from `.out`. */
export function writeCommands(plan: LabPlan, commands: readonly string[]): void {
  const out = openSync(join(plan.runDir, `${plan.pipeName}.out`), constants.O_RDWR | constants.O_NONBLOCK);
  try {
    // ENXIO while no helper reads `.in` yet: `.out` must not stay open behind the throw (callers
    // retry, and every fd left on the pipe makes exatop back off from a "client" that is this test).
    const fd = openSync(join(plan.runDir, `${plan.pipeName}.in`), constants.O_WRONLY | constants.O_NONBLOCK);
    try {
      for (const command of commands) writeSync(fd, `${command}\n`);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    closeSync(out);
    throw error;
  }
  const sink = Buffer.alloc(65536);
  try {
    while (readSync(out, sink, 0, sink.length, null) > 0);
  } catch {
    // nothing to drain
  } finally {
    closeSync(out);
  }
}

export function startChurn(plan: LabPlan, perSecond: number): () => number {
  let sent = 0;
  const timer = setInterval(() => {
    const batch: string[] = [];
    for (let i = 0; i < perSecond / 10; i++) {
      const n = sent++ % 200;
      const verb = Math.floor(sent / 200) % 2 === 0 ? 'announce' : 'withdraw';
      batch.push(`${verb} route 10.${Math.floor(n / 250)}.${n % 250}.0/24 next-hop self`);
    }
    writeCommands(plan, batch);
  }, 100);
  return () => {
    clearInterval(timer);
    return sent;
  };
}
