// Starts a real lab for a test file and stops it afterwards, by pid (src/lab does the work).
import { readFile } from 'node:fs/promises';
import { defaultLabRoot, labDown, labUp, type LabHandle } from '../../src/io/lab/lab.js';
import type { PeerKind } from '../../src/core/lab/plan.js';

export interface TestLab extends LabHandle {
  root: string;
  slot: number;
  daemonPid(): Promise<number>;
  stop(): Promise<void>;
}

export async function startTestLab(exabgp: '4.2' | '5.0', slot: number, peers?: PeerKind[], logTo: 'stdout' | 'file' = 'stdout'): Promise<TestLab> {
  const root = defaultLabRoot();
  await labDown(root, slot);
  const handle = await labUp({ root, slot, exabgp, peers, logTo, progress: (line) => process.stderr.write(`[lab ${slot}] ${line}\n`) });
  return {
    ...handle,
    root,
    slot,
    async daemonPid() {
      return Number((await readFile(handle.plan.pidFile, 'utf8')).trim());
    },
    async stop() {
      await labDown(root, slot);
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 10_000, stepMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== null && value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await sleep(stepMs);
  }
}

/** VmRSS in bytes and the fd count, read straight from /proc: the figures `ps` and `lsof` give. */
export async function procTruth(pid: number): Promise<{ rssBytes: number; fds: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]);
  const { readdir } = await import('node:fs/promises');
  return { rssBytes: kb * 1024, fds: (await readdir(`/proc/${pid}/fd`)).length };
}

/** Waits until `exatop snapshot` sees `count` sessions ESTABLISHED on the lab's daemon. */
export async function untilEstablished(lab: TestLab, count: number, timeoutMs = 20_000): Promise<void> {
  const { execa } = await import('execa');
  const cli = new URL('../../bin/exatop.js', import.meta.url).pathname;
  await until(`${count} session(s) established`, async () => {
    const r = await execa('node', [cli, 'snapshot', '--json', '--pidfile', lab.plan.pidFile], { reject: false, stdin: 'ignore' });
    return JSON.parse(r.stdout).neighbors_summary?.established === count;
  }, timeoutMs, 300);
}
