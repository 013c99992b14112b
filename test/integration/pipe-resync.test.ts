// No query is ever abandoned (issue #11): on real 4.2 and 5.0.15 daemons, a stale pipe left by
// a client that went away is cleared with no manual step, a timed-out answer is read to its end
// before the next query, and a foreign client on the pipe is named while exatop backs off.
import { constants, closeSync, openSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProcFs } from '../../src/io/procfs.js';
import { initialState } from '../../src/core/model/state.js';
import { Store } from '../../src/core/store.js';
import { Monitor } from '../../src/session/monitor.js';
import { ControlClient } from '../../src/core/control/client.js';
import { PipeTransport } from '../../src/io/control/pipe.js';
import { pidusageMeter } from '../../src/io/vitals.js';
import { sleep, startTestLab, until, type TestLab } from '../support/lab.js';

/**
 * A client that writes a command and goes away before reading its answer (a killed exabgpcli,
 * a script's `echo … > exabgp.in`): the daemon's helper keeps the answer and writes it to
 * whoever opens `.out` next.
 */
function clientThatGoesAway(inPath: string, command: string): void {
  const input = openSync(inPath, constants.O_WRONLY | constants.O_NONBLOCK);
  writeSync(input, `${command}\n`);
  closeSync(input);
}

/** Bytes that arrive on `.out` within `ms`: what a poll would have mistaken for its answer. */
async function leftOver(outPath: string, ms: number): Promise<number> {
  const fd = openSync(outPath, constants.O_RDWR | constants.O_NONBLOCK);
  const buffer = Buffer.alloc(65536);
  let total = 0;
  const deadline = Date.now() + ms;
  try {
    while (Date.now() < deadline) {
      try {
        total += readSync(fd, buffer, 0, buffer.length, null);
      } catch {
        await sleep(20);
      }
    }
  } finally {
    closeSync(fd);
  }
  return total;
}

for (const [line, slot] of [['4.2', 11], ['5.0', 12]] as const) {
  const neighborCommand = line === '4.2' ? 'show neighbor extensive' : 'show neighbor json';
  describe(`the shared pipe of a real ExaBGP ${line}`, () => {
    let lab: TestLab;
    let inPath: string;
    let outPath: string;
    beforeAll(async () => {
      lab = await startTestLab(line, slot);
      inPath = join(lab.plan.runDir, `${lab.plan.pipeName}.in`);
      outPath = join(lab.plan.runDir, `${lab.plan.pipeName}.out`);
      const client = new ControlClient(new PipeTransport(inPath, outPath), line);
      await until('both real peers established', async () => {
        const poll = await client.pollNeighbors(Date.now);
        return (poll.neighbors ?? []).filter((n) => n.fsm === 'ESTABLISHED').length === 2;
      }, 30_000, 300);
      client.transport.close();
    });
    afterAll(async () => {
      await lab?.stop();
    });

    it('clients that went away leave a stale pipe: the next poll clears it and reads its own answer', async () => {
      // one asked the same question exatop asks, one something else; neither read a byte
      clientThatGoesAway(inPath, neighborCommand);
      clientThatGoesAway(inPath, 'version');
      await sleep(300);
      const transport = new PipeTransport(inPath, outPath);
      const client = new ControlClient(transport, line);
      try {
        const first = await client.pollNeighbors(Date.now);
        expect(first.error).toBeNull();
        expect(first.ok).toBe(true);
        expect(first.neighbors).toHaveLength(3);
        expect(first.clearedBytes).toBeGreaterThan(0);
        const second = await client.pollNeighbors(Date.now);
        expect(second.ok).toBe(true);
        expect(second.clearedBytes).toBeUndefined();
        expect(second.neighbors!.map((n) => n.address).sort()).toEqual(first.neighbors!.map((n) => n.address).sort());
      } finally {
        transport.close();
      }
      // nothing of anyone's answer is left for the next client
      expect(await leftOver(outPath, 1500)).toBe(0);
    });

    it('a query that times out is read to its end before the next is sent', async () => {
      const transport = new PipeTransport(inPath, outPath);
      try {
        // settle first (the first query waits for the pipe to be quiet)
        expect((await transport.query('version', 5000)).ok).toBe(true);
        // The daemon answers in 1-3 ms, so a 1 ms deadline is a race a loaded machine loses (the
        // answer can be read before the timer runs). A daemon too busy to answer, stopped for a
        // second, makes the answer surely late: the query times out, and the answer comes after.
        const pid = await lab.daemonPid();
        process.kill(pid, 'SIGSTOP');
        let late;
        let meanwhile;
        try {
          late = await transport.query(neighborCommand, 200);
          expect(transport.isDraining).toBe(true);
          meanwhile = await transport.query('version', 5000);
          await sleep(800);
        } finally {
          process.kill(pid, 'SIGCONT');
        }
        expect(late.ok).toBe(false);
        if (!late.ok) {
          expect(late.failure.kind).toBe('timeout');
          expect(late.failure.partial).toBe('');
        }
        expect(meanwhile.ok).toBe(false);
        if (!meanwhile.ok) {
          expect(meanwhile.failure.kind).toBe('busy');
          expect(meanwhile.failure.message).toContain(`"${neighborCommand}"`);
        }
        // the answer comes once the daemon runs again, and is read to its end in the background
        expect(transport.isDraining).toBe(true);
        await until('the late answer read to its end', async () => !transport.isDraining, 10_000, 20);
        const next = await transport.query('version', 5000);
        expect(next.ok).toBe(true);
        if (next.ok) {
          expect(next.raw).toMatch(/^exabgp \d/i);
          expect(next.clearedBytes).toBeUndefined();
        }
      } finally {
        transport.close();
      }
      expect(await leftOver(outPath, 1200)).toBe(0);
    });

    it('a foreign client holding the pipe is named on the control line, and exatop backs off until it leaves', async () => {
      const store = new Store(initialState({ intervalMs: 300 }));
      const monitor = new Monitor(store, { kind: 'pidfile', path: lab.plan.pidFile }, { proc: new ProcFs(), cpu: pidusageMeter(), now: Date.now }, { logs: false });
      let script: ResultPromise | null = null;
      monitor.start();
      try {
        await until('a good poll', async () => store.getState().control.ok === true, 20_000);
        // a script that asks its own question and keeps both pipes open while it reads
        script = execa('python3', ['-c', [
          'import os, sys, time',
          'out = os.open(sys.argv[2], os.O_RDONLY | os.O_NONBLOCK)',
          'inp = os.open(sys.argv[1], os.O_WRONLY)',
          'os.write(inp, b"version\\n")',
          'buf = b""',
          'while not buf.endswith(b"done\\n"):',
          '    try: buf += os.read(out, 4096)',
          '    except BlockingIOError: time.sleep(0.01)',
          'print(buf.decode().splitlines()[0], flush=True)',
          'time.sleep(30)',
        ].join('\n'), inPath, outPath], { reject: false });
        let said = '';
        script.stdout?.on('data', (chunk: Buffer) => (said += chunk.toString()));
        const pid = script.pid!;
        const waiting = await until('exatop backing off', async () => {
          const c = store.getState().control;
          return c.failure === 'foreign' ? c : null;
        }, 10_000, 50);
        expect(waiting.error).toContain(`pid ${pid}`);
        expect(waiting.error).toContain('python3');
        expect(waiting.ok).toBe(false);
        // the script got its own answer, whole, with no exatop bytes in it
        const firstLine = await until('the script\'s answer', async () => said.trim() || null, 5_000, 50);
        expect(firstLine).toMatch(/^exabgp \d/i);
        const backoffs = store.getState().control.backoffs;
        await sleep(1000);
        expect(store.getState().control.backoffs).toBeGreaterThan(backoffs);
        script.kill('SIGKILL');
        await script;
        script = null;
        await until('polling again', async () => store.getState().control.ok === true, 10_000, 50);
        expect(store.getState().neighbors).toHaveLength(3);
      } finally {
        script?.kill('SIGKILL');
        monitor.stop();
      }
    });
  });
}
