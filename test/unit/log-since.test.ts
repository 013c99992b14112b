// `--since D` read back through the log monitor as `snapshot` does (two polls): a log longer than
// two polls' reads is read to its end, a line with no time of its own is never counted as inside
// the window, and the NOTIFICATIONs in the window give the neighbors their last error even before
// the first poll answered. Files are written in a temp folder from real captures' lines.
import { appendFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseLine } from '../../src/core/logs/parse-line.js';
import { LogPipeline } from '../../src/core/logs/pipeline.js';
import { buildSnapshot } from '../../src/core/snapshot.js';
import { initialState, reduce, type MonitorEvent } from '../../src/core/model/state.js';
import { MAX_READ_PER_POLL } from '../../src/io/logs/follow-file.js';
import { LogMonitor, type LogsUpdate } from '../../src/session/log-monitor.js';
import { daemonInfo } from '../support/builders.js';
import { neighborReports } from '../support/fixtures.js';
import { captureLines, localTime } from '../support/log-captures.js';

const DEBUG_42 = 'log-samples/lab-v4.2-debug-packets/exabgp-3peer.log'; // 22:19:55 … 22:20:xx on 2026-11-22
const SHORT_60 = 'v6.0-dev/log-stdout-3peer.txt'; // 6.0's default short format: no time in the line
const STORM_60 = 'v6.0-dev/log-traceback-storm.txt';
const FIFTEEN_MIN = 15 * 60_000;

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'exatop-since-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** `snapshot`'s two ticks: two polls of the log monitor; the last update. */
async function twoPolls(monitor: LogMonitor): Promise<LogsUpdate> {
  const first = await monitor.poll();
  const second = await monitor.poll();
  const update = second ?? first;
  if (!update) throw new Error('no update');
  return update;
}

describe('snapshot --since reads a long log to its end', () => {
  it('a NOTIFICATION after more than two polls\' reads of older lines is counted, and the JSON says the file was read whole', async () => {
    const path = join(dir, 'exabgp.log');
    const capture = captureLines(DEBUG_42);
    // Older lines, before the window: the capture's configuration dump (real 4.2 lines), dated 21:00:00.
    const older = capture.filter((l) => l.includes('| configuration   |')).map((l) => `21:00:00${l.slice(8)}`).join('\n') + '\n';
    const copies = Math.ceil((2 * MAX_READ_PER_POLL + 4 * 1024 * 1024) / older.length);
    writeFileSync(path, '');
    for (let i = 0; i < copies; i++) appendFileSync(path, older);
    appendFileSync(path, capture.join('\n') + '\n');
    const size = statSync(path).size;
    expect(size).toBeGreaterThan(2 * MAX_READ_PER_POLL);

    const now = localTime(22, 25, 0, 22);
    // What the capture itself says, pushed straight into a pipeline.
    const reference = new LogPipeline();
    for (const l of capture) reference.push(parseLine(l, now, 'ref'));
    reference.flush();
    const expected = reference.counters();
    expect(expected.notifications).toBeGreaterThan(0);
    expect(expected.sessionsDown).toBeGreaterThan(0);

    const monitor = new LogMonitor({ now: () => now, sinceMs: FIFTEEN_MIN, readToEnd: true });
    monitor.configure([{ kind: 'file', path, how: '--log' }]);
    try {
      const update = await twoPolls(monitor);
      expect(update.counters.notifications).toBe(expected.notifications);
      expect(update.counters.sessionsDown).toBe(expected.sessionsDown);
      expect(update.counters.lines).toBe(capture.length);
      expect(update.sources[0]?.read).toEqual({ bytes: size, unreadBytes: 0, undatedLines: 0 });
    } finally {
      await monitor.close();
    }
  });
});

describe('snapshot --since never counts a line with no time as inside the window', () => {
  it('6.0 short format: its history is not counted and is reported as undated; lines written after attach are counted', async () => {
    const path = join(dir, 'exabgp.log');
    const history = captureLines(SHORT_60);
    writeFileSync(path, history.join('\n') + '\n');
    let now = localTime(15, 30, 0);
    const monitor = new LogMonitor({ now: () => now, sinceMs: FIFTEEN_MIN, readToEnd: true });
    monitor.configure([{ kind: 'file', path, how: '--log' }]);
    try {
      const first = await monitor.poll();
      expect(first?.counters.notifications).toBe(0);
      expect(first?.counters.sessionsDown).toBe(0);
      expect(first?.counters.lines).toBe(0);
      expect(first?.sources[0]?.read?.undatedLines).toBe(history.length);
      // shown (as the last lines on open are), but they tell no neighbor when or why it went down
      expect(first?.entries.some((e) => e.summary.startsWith('connection.closed peer=127.0.2.3'))).toBe(true);
      expect(first?.facts).toEqual([]);
      // The daemon writes on: these lines are read as they come, so they are now.
      const live = captureLines(STORM_60);
      appendFileSync(path, live.join('\n') + '\n');
      now += 10_000;
      const second = await monitor.poll();
      expect(second?.counters.lines).toBe(live.length);
      expect(second?.counters.sessionsDown).toBeGreaterThan(0);
      expect(second?.sources[0]?.read?.undatedLines).toBe(history.length);
    } finally {
      await monitor.close();
    }
  });

  it('a line with no time after a dated line inside the window was written after it: counted', async () => {
    // 4.2's file log (dated) with the debug capture's lines; a raw line (no prefix) in between.
    const path = join(dir, 'exabgp.log');
    const capture = captureLines(DEBUG_42);
    const raw = 'Traceback (most recent call last):';
    writeFileSync(path, [raw, ...capture.slice(0, 5), raw].join('\n') + '\n');
    const now = localTime(22, 25, 0, 22);
    const monitor = new LogMonitor({ now: () => now, sinceMs: FIFTEEN_MIN, readToEnd: true });
    monitor.configure([{ kind: 'file', path, how: '--log' }]);
    try {
      const update = await twoPolls(monitor);
      expect(update.counters.lines).toBe(6); // the five dated lines and the raw line after them
      expect(update.sources[0]?.read?.undatedLines).toBe(1); // the raw line before any date
    } finally {
      await monitor.close();
    }
  });
});

describe('last_error from the NOTIFICATION lines the log gave before the first poll', () => {
  it('6.0: gobgp, reset by NOTIFICATION (6,3), has it as its last error in the snapshot', () => {
    const life = daemonInfo({ pid: 4519 });
    const p = new LogPipeline();
    const t = life.startTime + 70_000;
    for (const l of captureLines(SHORT_60)) p.push(parseLine(l, t, 'log'));
    p.flush();
    const killed = neighborReports('v6.0-dev/gobgp-killed-socket-peer-show.raw');
    const poll: MonitorEvent = {
      type: 'control-poll',
      poll: { t: t + 500, transport: 'socket', path: '/run/exabgp.sock', latencyMs: 1, ok: true, timedOut: false, error: null, raw: null, neighbors: killed, status: null },
    };
    // The monitor's first tick: the log's update is applied before the control channel's first answer.
    let s = reduce(initialState(), { type: 'attached', daemon: life, helpers: [] });
    s = reduce(s, { type: 'logs', entries: [], counters: p.counters(), sources: [], facts: p.takeFacts() });
    s = reduce(s, poll);
    const doc = buildSnapshot(s, t + 1000, '0.1.0', 1)!;
    const gobgp = doc.neighbors.find((n) => n.address === '127.0.2.3')!;
    expect(gobgp.state).toBe('down');
    expect(gobgp.last_error?.message).toMatch(/\(6,3\)|Peer De-configured/);
    const bird = doc.neighbors.find((n) => n.address === '127.0.2.2')!;
    expect(bird.last_error?.message).toMatch(/\(6,2\)/);
  });
});
