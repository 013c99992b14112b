// The systemd-journal log source against a real systemd-journald, on a machine where systemd is
// not PID 1: journald started by hand, a real ExaBGP 4.2 (lab slot 30, 127.0.130.0/24, loopback
// only) in a cgroup journald reads as exatop-test-30.service, its stdout and stderr on a journald
// stream (see test/support/journald.ts for what that takes). exatop must find the journal by
// itself from the daemon's cgroup, count and classify what the daemon logs, read history with
// --since, follow --journal UNIT, and lose or repeat nothing when journalctl or the daemon dies.
// Needs root; skipped with the reason where journald cannot run. The CLI cases run bin/exatop.js:
// `npm run build` first (npm test does).
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProcFs } from '../../src/io/procfs.js';
import type { LogEntry } from '../../src/core/logs/types.js';
import { initialState } from '../../src/core/model/state.js';
import { Store } from '../../src/core/store.js';
import { defaultLabRoot } from '../../src/io/lab/lab.js';
import { Monitor } from '../../src/session/monitor.js';
import { pidusageMeter } from '../../src/io/vitals.js';
import { writeCommands } from '../support/churn.js';
import { journalRecords, journalSkipReason, TestJournald, type DaemonInUnit, type Unit } from '../support/journald.js';
import { until } from '../support/lab.js';

const CLI = new URL('../../bin/exatop.js', import.meta.url).pathname;
const SLOT = 30;
const UNIT = `exatop-test-${SLOT}.service`;
const ROOT = defaultLabRoot();
const STATE_FILE = join(ROOT, 'journald-test.json');
const LAB_DIR = join(ROOT, `lab${SLOT}`);
const HOUR_MS = 3_600_000;

/** Over the 4096 bytes past which `journalctl -o json` writes a field as null without --all. */
const LONG = `show exatop-journal-long-${'y'.repeat(5000)}`;
/** An escape character makes journald keep MESSAGE as an array of bytes. */
const BYTES = 'show exatop-journal-bytes-\u001b[1mbold';

const skip = journalSkipReason(STATE_FILE);
if (skip) process.stderr.write(`journal.test.ts skipped: ${skip}\n`);

interface Snapshot {
  logs: {
    sources: { kind: string; name: string; found_by: string; state: string; message: string | null; lost_lines: number; lost_bytes: number; truncated_without_copy: number; read_bytes: number | null; unread_bytes: number | null; undated_lines: number }[];
    lines: number;
    api_rejected: number;
  };
}

async function snapshot(...args: string[]): Promise<Snapshot> {
  const r = await execa('node', [CLI, 'snapshot', '--json', ...args], { reject: false, stdin: 'ignore' });
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Snapshot;
}

const message = (r: Record<string, unknown>): string =>
  typeof r['MESSAGE'] === 'string' ? r['MESSAGE'] : Array.isArray(r['MESSAGE']) ? Buffer.from(r['MESSAGE'] as number[]).toString('utf8') : '';
/** Writes commands to the daemon's pipe once its CLI helper reads it (ENXIO until then). */
async function send(daemon: DaemonInUnit, commands: string[]): Promise<void> {
  await until('the daemon\'s pipe to be read', async () => {
    writeCommands(daemon.plan, commands);
    return true;
  }, 15_000);
}

const rejectedIn = (records: Record<string, unknown>[]) => records.filter((r) => message(r).includes('command from process not understood')).length;

describe.skipIf(skip !== null)(`the systemd journal of a real ExaBGP 4.2 in ${UNIT}${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let journald: TestJournald;
  let unit: Unit;
  let daemon: DaemonInUnit;

  beforeAll(async () => {
    journald = await TestJournald.start(STATE_FILE);
    unit = await journald.unit(UNIT);
    daemon = await journald.startDaemon(unit, LAB_DIR, SLOT);
    await until(`ExaBGP's start in the journal of ${UNIT}`, async () =>
      (await journalRecords(UNIT)).some((r) => r['_PID'] === String(daemon.pid) && message(r).includes('Created PIDfile')), 15_000);
    // History, logged before exatop looks.
    await send(daemon, ['show exatop-journal-history', LONG, BYTES]);
    await until('the history in the journal', async () => rejectedIn(await journalRecords(UNIT)) >= 3, 10_000);
  });
  afterAll(async () => {
    await daemon?.stop();
    await journald?.stop();
  });

  it('journald stamps the daemon\'s stdout with the unit, as under systemd', async () => {
    const records = (await journalRecords(UNIT)).filter((r) => r['_PID'] === String(daemon.pid));
    const banner = records.find((r) => message(r).includes('Thank you for using ExaBGP'));
    expect(banner).toMatchObject({ _SYSTEMD_UNIT: UNIT, _TRANSPORT: 'stdout', SYSLOG_IDENTIFIER: 'exabgp' });
    expect(records.some((r) => typeof r['MESSAGE'] === 'string' && r['MESSAGE'].length > 4096)).toBe(true);
    expect(records.some((r) => Array.isArray(r['MESSAGE']) && message(r).includes('exatop-journal-bytes-'))).toBe(true);
  });

  it('exatop snapshot finds the journal by itself from the cgroup, and counts from when it attached', async () => {
    const doc = await snapshot('--pid', String(daemon.pid));
    expect(doc.logs.sources).toEqual([{ kind: 'journal', name: UNIT, found_by: `runs in systemd unit ${UNIT}`, state: 'following', message: null, lost_bytes: 0, lost_lines: 0, truncated_without_copy: 0, read_bytes: null, unread_bytes: null, undated_lines: 0 }]);
    expect(doc.logs.api_rejected).toBe(0);
  });

  it('--since reads the history back: every record journalctl has, the 5000-byte one included', async () => {
    const before = await journalRecords(UNIT);
    const doc = await snapshot('--pid', String(daemon.pid), '--since', '1h');
    expect(doc.logs.sources[0]).toMatchObject({ kind: 'journal', name: UNIT, state: 'following' });
    expect(doc.logs.api_rejected).toBe(rejectedIn(before));
    expect(doc.logs.api_rejected).toBeGreaterThanOrEqual(3);
    expect(doc.logs.lines).toBeGreaterThanOrEqual(before.length);
  });

  it('--journal UNIT follows the unit it names', async () => {
    const doc = await snapshot('--pid', String(daemon.pid), '--journal', `exatop-test-${SLOT}`, '--since', '1h');
    expect(doc.logs.sources).toEqual([{ kind: 'journal', name: UNIT, found_by: '--journal', state: 'following', message: null, lost_bytes: 0, lost_lines: 0, truncated_without_copy: 0, read_bytes: null, unread_bytes: null, undated_lines: 0 }]);
    expect(doc.logs.api_rejected).toBe(rejectedIn(await journalRecords(UNIT)));
  });

  describe('followed live', () => {
    let store: Store;
    let monitor: Monitor;
    const proc = new ProcFs();
    const entries = (): LogEntry[] => store.getState().logs.entries;
    const count = (text: string) => entries().filter((e) => e.class === 'api-rejected' && e.summary.includes(text)).reduce((n, e) => n + e.count, 0);
    const markers = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `show exatop-journal-marker-${from + i}`);
    const journalSource = () => store.getState().logs.sources.find((s) => s.kind === 'journal' && s.name === UNIT);

    beforeAll(async () => {
      store = new Store(initialState({ intervalMs: 250 }));
      monitor = new Monitor(store, { kind: 'pidfile', path: daemon.plan.pidFile }, { proc, cpu: pidusageMeter(), now: Date.now }, { logSinceMs: HOUR_MS });
      monitor.start();
      await until('the journal to be followed', async () => journalSource()?.state === 'following', 15_000);
    });
    afterAll(() => monitor?.stop());

    it('reads the history once: a rejected command, a line over 4096 bytes, a message journald keeps as bytes', async () => {
      await until('the history', async () => count('exatop-journal-history') === 1 && count('exatop-journal-long-') === 1 && count('exatop-journal-bytes-') === 1, 10_000);
      // Lost without --all: journalctl -o json writes a MESSAGE over 4096 bytes as null.
      expect(entries().find((e) => e.summary.includes('exatop-journal-long-'))?.summary).toMatch(/^command from process not understood : show exatop-journal-long-y{100}/);
      // ExaBGP logs `ESC[1m` as `ESC[ 1m`: the ESC goes, the text around it stays.
      expect(entries().find((e) => e.summary.includes('exatop-journal-bytes-'))?.summary).toContain('exatop-journal-bytes-[ 1mbold');
      expect(store.getState().logs.counters!.apiRejected).toBeGreaterThanOrEqual(3);
    });

    it('classifies every rejected command the daemon logs, each once', async () => {
      writeCommands(daemon.plan, markers(0, 30));
      await until('30 markers', async () => count('exatop-journal-marker-') === 30, 10_000);
    });

    it('journalctl killed: said so, started again after the last record, nothing lost or repeated', async () => {
      const journalctl = await until('exatop\'s journalctl', async () => {
        for (const pid of await proc.children(process.pid)) {
          const argv = await proc.cmdline(pid);
          if (argv?.[0]?.endsWith('journalctl') && argv.includes(UNIT)) return pid;
        }
        return null;
      }, 5000);
      process.kill(journalctl, 'SIGKILL');
      const down = await until('the source in error', async () => (journalSource()?.state === 'error' ? journalSource() : null), 5000);
      expect(down!.message).toMatch(/exited \(SIGKILL\).*again in 5 s, after the last record/);
      writeCommands(daemon.plan, markers(30, 50));
      await until('the markers logged while journalctl was down', async () => count('exatop-journal-marker-') === 50, 15_000);
      await until('following again', async () => journalSource()?.state === 'following', 5000);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(count('exatop-journal-marker-')).toBe(50);
      // --since 1h again would have read the history a second time.
      expect(count('exatop-journal-history')).toBe(1);
    });

    it('the daemon restarted in the same unit: the journal goes on, the new daemon\'s lines counted', async () => {
      const oldPid = daemon.pid;
      await daemon.stop();
      daemon = await journald.startDaemon(unit, LAB_DIR, SLOT);
      await until('re-attached to the new daemon', async () => store.getState().daemon?.pid === daemon.pid, 15_000);
      expect(daemon.pid).not.toBe(oldPid);
      await send(daemon, markers(50, 60));
      await until('the new daemon\'s markers', async () => count('exatop-journal-marker-') === 60, 10_000);
      expect(store.getState().logs.sources.filter((s) => s.kind === 'journal')).toHaveLength(1);
      expect(count('exatop-journal-history')).toBe(1);
    });
  });
});
