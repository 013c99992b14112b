// Neighbor states from real daemons' control channels, with real peers going down and up.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProcFs } from '../../src/io/procfs.js';
import { initialState } from '../../src/core/model/state.js';
import { Store } from '../../src/core/store.js';
import { labPeer } from '../../src/io/lab/lab.js';
import { Monitor } from '../../src/session/monitor.js';
import { allowedCommands } from '../../src/core/control/commands.js';
import { PipeTransport } from '../../src/io/control/pipe.js';
import { pidusageMeter } from '../../src/io/vitals.js';
import { sleep, startTestLab, until, type TestLab } from '../support/lab.js';
import { FULL_EVERY_TICKS } from '../../src/core/control/schedule.js';

const CLI = new URL('../../bin/exatop.js', import.meta.url).pathname;

for (const [line, slot] of [['4.2', 16], ['5.0', 17]] as const) {
  describe(`neighbors of a real ExaBGP ${line}`, () => {
    let lab: TestLab;
    beforeAll(async () => {
      lab = await startTestLab(line, slot);
    });
    afterAll(async () => {
      await lab?.stop();
    });

    const address = (name: string) => lab.plan.neighbors.find((n) => n.name === name)!.address;

    it('snapshot lists every configured neighbor with its real state, AS and the control channel', async () => {
      const doc = await until('both real peers established', async () => {
        const r = await execa('node', [CLI, 'snapshot', '--json', '--pidfile', lab.plan.pidFile], { reject: false });
        const d = JSON.parse(r.stdout);
        return d.neighbors_summary?.established === 2 ? d : null;
      }, 20_000, 300);
      expect(doc.control).toMatchObject({ transport: 'pipe', ok: true, dialect: line === '4.2' ? '4.2' : '5.0', error: null });
      expect(doc.control.latency_ms).toBeLessThan(1000);
      expect(doc.neighbors_summary).toMatchObject({ established: 2, total: 3, configured: 3, stale: false });
      const byName = Object.fromEntries(doc.neighbors.map((n: { description: string }) => [n.description, n]));
      expect(byName.bird).toMatchObject({ address: address('bird'), peer_as: 65002, local_as: 65001, state: 'up', fsm: 'ESTABLISHED', flaps: 0 });
      expect(byName['exabgp-peer']).toMatchObject({ address: address('exabgp-peer'), peer_as: 65003, state: 'up', fsm: 'ESTABLISHED' });
      expect(byName.ghost).toMatchObject({ address: address('ghost'), peer_as: 65004, state: 'down' });
      expect(byName.ghost.fsm).not.toBe('ESTABLISHED');
      expect(byName.bird.messages.received.open).toBe(1);
      expect(byName.bird.messages.sent.open).toBe(1);
      expect(byName.bird.messages.received.total).toBeGreaterThanOrEqual(2);
    });

    it('a peer that dies shows down with a down-since within two polls, and up again with flaps 1', async () => {
      const store = new Store(initialState({ intervalMs: 500 }));
      const monitor = new Monitor(store, { kind: 'pidfile', path: lab.plan.pidFile }, { proc: new ProcFs(), cpu: pidusageMeter(), now: Date.now });
      monitor.start();
      const bird = () => store.getState().neighbors.find((n) => n.address === address('bird'));
      try {
        await until('bird established', async () => bird()?.established, 20_000);
        const stoppedAt = Date.now();
        await labPeer(lab, 'bird', 'stop');
        const goneAt = Date.now();
        const down = await until('bird down', async () => (bird()?.established === false ? bird() : null), 20_000, 20);
        // BIRD closes its sessions as it stops: two polls (2 × 500 ms) and a margin after it is gone.
        expect(Date.now() - goneAt).toBeLessThan(1500);
        // The daemon notices the dead TCP session first; exatop must see it within two polls after that.
        expect(down.sinceExact).toBe(true);
        expect(down.since!).toBeGreaterThanOrEqual(stoppedAt - 1000);
        expect(down.flaps).toBe(1);
        expect(store.getState().neighborEvents.some((e) => e.type === 'down' && e.address === address('bird'))).toBe(true);
        await labPeer(lab, 'bird', 'start');
        const up = await until('bird established again', async () => (bird()?.established ? bird() : null), 30_000, 100);
        expect(up.flaps).toBe(1);
        expect(up.since!).toBeGreaterThan(down.since!);
        expect(store.getState().neighbors.find((n) => n.address === address('exabgp-peer'))?.flaps).toBe(0);
        for (const command of monitor.control!.sent) expect(allowedCommands(monitor.control!.dialect).has(command)).toBe(true);
      } finally {
        monitor.stop();
      }
    });

    it('polling schedule: the small answer each tick, the full one every N ticks and at the tick after a peer goes down', async () => {
      // Ticked by hand ~300 ms apart; what the daemon was asked is the client's `sent` list.
      const store = new Store(initialState({ intervalMs: 60_000 }));
      const monitor = new Monitor(store, { kind: 'pidfile', path: lab.plan.pidFile }, { proc: new ProcFs(), cpu: pidusageMeter(), now: Date.now });
      const bird = () => store.getState().neighbors.find((n) => n.address === address('bird'));
      const full = line === '4.2' ? 'show neighbor extensive' : 'show neighbor json';
      const tick = async () => {
        await monitor.tick();
        await sleep(300);
        return monitor.control!.sent.at(-1)!;
      };
      try {
        await until('bird established', async () => (await tick()) && bird()?.established, 20_000, 0);
        // steady state: from a full answer, N - 1 summaries then the full one again
        while ((await tick()) !== full);
        const steady: string[] = [];
        for (let i = 0; i < FULL_EVERY_TICKS; i++) steady.push(await tick());
        expect(steady).toEqual([...Array<string>(FULL_EVERY_TICKS - 1).fill('show neighbor summary'), full]);
        expect(store.getState().neighbors).toHaveLength(3);
        expect(store.getState().control.summaries).toBeGreaterThanOrEqual(FULL_EVERY_TICKS - 1);
        const answers = store.getState().control;
        // a peer going down: the summary shows it at once, the next tick asks the full answer
        const stoppedAt = Date.now();
        await labPeer(lab, 'bird', 'stop');
        const asked: { command: string; up: boolean }[] = [];
        for (let i = 0; i < FULL_EVERY_TICKS - 2 && !asked.some((a) => !a.up); i++) asked.push({ command: await tick(), up: bird()!.established });
        const seen = asked.findIndex((a) => !a.up);
        expect(seen, JSON.stringify(asked)).toBeGreaterThanOrEqual(0);
        expect(asked[seen]!.command).toBe('show neighbor summary');
        expect(bird()).toMatchObject({ established: false, sinceExact: true, sinceFrom: 'poll', flaps: 1 });
        expect(bird()!.since!).toBeGreaterThanOrEqual(stoppedAt - 1000);
        expect(await tick()).toBe(full);
        expect(bird()!.fsm).not.toBe('ESTABLISHED');
        expect(bird()!.fsm).not.toBe('UNKNOWN');
        expect(bird()!.flaps).toBe(1);
        expect(store.getState().neighbors).toHaveLength(3);
        expect(store.getState().control.fulls).toBe(answers.fulls + 1);
        for (const command of monitor.control!.sent) expect(allowedCommands(monitor.control!.dialect).has(command)).toBe(true);
        await labPeer(lab, 'bird', 'start');
        await until('bird established again', async () => (await tick()) && bird()?.established, 30_000, 0);
        expect(bird()!.flaps).toBe(1);
      } finally {
        monitor.stop();
      }
    });

    it('a NOTIFICATION from the peer shows as its last error (from the API event stream)', async () => {
      const store = new Store(initialState({ intervalMs: 500 }));
      const monitor = new Monitor(store, { kind: 'pidfile', path: lab.plan.pidFile }, { proc: new ProcFs(), cpu: pidusageMeter(), now: Date.now }, {
        logSources: [{ kind: 'file', path: lab.plan.eventsLog, how: 'the lab API event stream' }],
      });
      monitor.start();
      const bird = () => store.getState().neighbors.find((n) => n.address === address('bird'));
      try {
        await until('bird established', async () => bird()?.established, 20_000);
        // BIRD sends a Cease / Administrative Shutdown NOTIFICATION when its protocol is disabled.
        await execa('birdc', ['-s', `${lab.plan.runDir}/bird.ctl`, 'disable', 'exa']);
        // The NOTIFICATION event, then the session-down event whose reason names it and its text.
        // (The log's last lines, shown on open, may already give bird the previous test's
        // NOTIFICATION as its last error: wait for this one to be counted too.)
        const row = await until('the NOTIFICATION as last error', async () => (/notification received/i.test(bird()?.lastError?.message ?? '') && (store.getState().logs.counters?.notifications ?? 0) >= 1 ? bird() : null), 15_000, 100);
        expect(row.lastError!.message).toMatch(/notification received:? \(6,2\)/i);
        expect(store.getState().logs.counters!.notifications).toBeGreaterThanOrEqual(1);
        await execa('birdc', ['-s', `${lab.plan.runDir}/bird.ctl`, 'enable', 'exa']);
        await until('bird back', async () => bird()?.established, 30_000);
      } finally {
        monitor.stop();
      }
    });

    it('flaps faster than the poll interval: every session drop the API stream told is counted', async () => {
      // No poll runs while bird flaps: the monitor is ticked by hand, once before and once after.
      const store = new Store(initialState({ intervalMs: 60_000 }));
      const monitor = new Monitor(store, { kind: 'pidfile', path: lab.plan.pidFile }, { proc: new ProcFs(), cpu: pidusageMeter(), now: Date.now }, {
        logSources: [{ kind: 'file', path: lab.plan.eventsLog, how: 'the lab API event stream' }],
      });
      const bird = () => store.getState().neighbors.find((n) => n.address === address('bird'));
      // Counted on the daemon's own event stream, independently of exatop.
      const events = async (state: 'up' | 'down') => (await readFile(lab.plan.eventsLog, 'utf8')).split('\n')
        .filter((l) => l.includes(`"peer": "${address('bird')}"`) && l.includes(`"state": "${state}"`)).length;
      try {
        await until('bird established', async () => {
          await monitor.tick();
          return bird()?.established;
        }, 20_000, 200);
        const before = { down: await events('down'), up: await events('up') };
        const flapsBefore = bird()!.flaps;
        for (let i = 1; i <= 3; i++) {
          // BIRD closes the session with a Cease NOTIFICATION and connects again (connect retry 2 s).
          await execa('birdc', ['-s', `${lab.plan.runDir}/bird.ctl`, 'restart', 'exa']);
          await until(`bird down and up again (${i})`, async () => (await events('down')) >= before.down + i && (await events('up')) >= before.up + i, 30_000, 100);
        }
        const drops = (await events('down')) - before.down;
        expect(drops).toBeGreaterThanOrEqual(3);
        // One tick reads the stream and polls; a few more in case a line was still being written.
        for (let deadline = Date.now() + 3000; Date.now() < deadline && bird()!.flaps - flapsBefore < drops;) {
          await monitor.tick();
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
        expect(bird()!.flaps - flapsBefore).toBe(drops);
        expect(bird()!.established).toBe(true);
      } finally {
        monitor.stop();
      }
    });

    it('snapshot --since: the NOTIFICATIONs of the window counted once each, and bird\'s last error from them', async () => {
      // The earlier tests reset bird's session by NOTIFICATION (disable, restart): counted on the
      // daemon's own event stream, independently of exatop.
      const text = await readFile(lab.plan.eventsLog, 'utf8');
      const from = (Date.now() - 30 * 60_000) / 1000;
      const notifications = text.split('\n')
        .filter((l) => l.includes('"type": "notification"') && /"code": \d+/.test(l) && Number(/"time": ([\d.]+)/.exec(l)?.[1]) >= from).length;
      expect(notifications).toBeGreaterThanOrEqual(2);
      const r = await execa('node', [CLI, 'snapshot', '--json', '--pidfile', lab.plan.pidFile, '--since', '30m', '--log', lab.plan.eventsLog], { reject: false });
      const doc = JSON.parse(r.stdout);
      expect(doc.logs.notifications).toBe(notifications);
      const events = doc.logs.sources.find((s: { name: string }) => s.name === lab.plan.eventsLog);
      expect(events).toMatchObject({ state: 'following', unread_bytes: 0, undated_lines: 0 });
      expect(events.read_bytes).toBeGreaterThanOrEqual(Buffer.byteLength(text));
      const bird = doc.neighbors.find((n: { address: string }) => n.address === address('bird'));
      expect(bird.last_error?.message).toMatch(/notification|down:/i);
    });

    it('--control names the pipes explicitly; a wrong one is reported, the vitals still come', async () => {
      const pipes = join(lab.plan.runDir, lab.plan.pipeName);
      const good = JSON.parse((await execa('node', [CLI, 'snapshot', '--json', '--pidfile', lab.plan.pidFile, '--control', pipes])).stdout);
      expect(good.control).toMatchObject({ transport: 'pipe', found_by: '--control', ok: true });
      expect(good.neighbors).toHaveLength(3);
      const bad = await execa('node', [CLI, 'snapshot', '--json', '--pidfile', lab.plan.pidFile, '--control', '/nonexistent/exabgp'], { reject: false });
      expect(bad.exitCode).toBe(3);
      const doc = JSON.parse(bad.stdout);
      expect(doc.control.error).toContain('--control /nonexistent/exabgp');
      expect(doc.neighbors).toEqual([]);
      expect(doc.vitals.rss_bytes).toBeGreaterThan(0);
    });

    it('the daemon never received a command it did not understand', async () => {
      const log = await readFile(join(lab.plan.logDir, 'exabgp.log'), 'utf8');
      expect(log).toContain('Created PIDfile');
      expect(log).not.toMatch(/not understood|Traceback|raised an exception/i);
    });
  });
}

describe('a pipe pair with no daemon behind it', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'exatop-pipes-'));
    await execa('mkfifo', [join(dir, 'exabgp.in'), join(dir, 'exabgp.out')]);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reports ENXIO (nobody reads) within a second instead of hanging', async () => {
    const started = Date.now();
    const outcome = await new PipeTransport(join(dir, 'exabgp.in'), join(dir, 'exabgp.out')).query('version', 5000);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.failure.kind).toBe('no-daemon');
      expect(outcome.failure.message).toMatch(/ENXIO/);
    }
  });

  it('reports a missing pipe by name', async () => {
    const outcome = await new PipeTransport(join(dir, 'nope.in'), join(dir, 'nope.out')).query('version', 1000);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.failure.kind).toBe('missing');
  });
});
