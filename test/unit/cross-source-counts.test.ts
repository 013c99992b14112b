// One event, several sources: 6.0's log, its echo of the API stream inside that log, and the API
// stream's own file (`--log`). Each NOTIFICATION, session drop and flap is counted once, and a flap
// shorter than the poll interval is counted from the lines that tell it. Real captures only:
// fixtures/v6.0-dev (README: run A, the 3-peer lab with teardowns; run D, the End-of-RIB storm).
import { describe, expect, it } from 'vitest';
import { apiEventLine } from '../../src/core/logs/api-event.js';
import { notificationCode } from '../../src/core/logs/classify.js';
import { parseLine } from '../../src/core/logs/parse-line.js';
import { LogPipeline } from '../../src/core/logs/pipeline.js';
import type { LogCounters } from '../../src/core/logs/types.js';
import type { NeighborReport } from '../../src/core/model/control.js';
import { initialState, reduce, type MonitorEvent, type MonitorState } from '../../src/core/model/state.js';
import { daemonInfo } from '../support/builders.js';
import { neighborReports } from '../support/fixtures.js';
import { captureLines } from '../support/log-captures.js';

const jsonTime = (line: string): number | null => {
  const m = /"time": ([\d.]+)/.exec(line);
  return m ? Math.round(Number(m[1]) * 1000) : null;
};

/**
 * When the daemon wrote each line of a short-format 6.0 log, which carries no time: a line is
 * written just before the API event it leads to, which the daemon echoes with its time; lines
 * after the last echo, at that echo.
 */
function timedLog(lines: readonly string[], start: number): { raw: string; t: number }[] {
  let t = start;
  const out = new Array<{ raw: string; t: number }>(lines.length);
  for (let i = lines.length - 1; i >= 0; i--) {
    const raw = lines[i]!;
    if (raw.includes('api.response.content process=monitor')) t = jsonTime(raw) ?? t;
    out[i] = { raw, t };
  }
  const last = out.findLastIndex((l) => l.raw.includes('process=monitor'));
  for (let i = last + 1; i < out.length; i++) out[i] = { raw: out[i]!.raw, t: out[last]?.t ?? start };
  return out;
}

/** One read of each source, as LogMonitor's tick does: every line written by `until`, stamped
 *  with the time it is read (the log's lines have none); the API stream's carry their own. */
function readUntil(p: LogPipeline, log: { raw: string; t: number }[], api: string[], until: number): void {
  while (log.length && log[0]!.t <= until) {
    const { raw } = log.shift()!;
    p.push(parseLine(raw, until, '/var/log/exabgp.log'));
  }
  while (api.length && (jsonTime(api[0]!) ?? 0) <= until) {
    const raw = api.shift()!;
    p.push(apiEventLine(raw, until, '/var/log/exabgp-api.log')!);
  }
}

describe('notificationCode: what the line itself says', () => {
  it('reads the pair of an API event or a down reason, and ExaBGP\'s names', () => {
    // both spellings of one NOTIFICATION in fixtures/v6.0-dev/log-stdout-3peer.txt, lines 87-88
    expect(notificationCode('notification received (6,3)')).toBe('6,3');
    expect(notificationCode('Cease / Peer De-configured')).toBe('6,3');
    expect(notificationCode('Cease / Administrative Shutdown / ^WAdministrative Shutdown')).toBe('6,2');
    expect(notificationCode('Hold timer expired / Unspecific')).toBe('4,0');
    expect(notificationCode('Cease / unknow reason')).toBe('6');
    expect(notificationCode('lost TCP session with peer')).toBeNull();
  });
});

describe('6.0: one NOTIFICATION is counted once over the log, its echo and the API stream file', () => {
  const LOG = captureLines('v6.0-dev/log-stdout-3peer.txt');
  const API = captureLines('v6.0-dev/api-events-3peer.log');
  // exatop follows the log from line 16: the `peer.connected peer=peer-3 …` line that names
  // peer-3 (line 12) was written before, so line 87 `peer-3 async.mainloop.exception error=Cease
  // / Peer De-configured` names no address.
  const followed = LOG.slice(15);
  const logEnd = Math.max(...followed.map((l) => (l.includes('process=monitor') ? (jsonTime(l) ?? 0) : 0)));
  const apiInLog = API.filter((l) => (jsonTime(l) ?? Infinity) <= logEnd);
  // Counted on the raw text of the API stream, independently of the pipeline.
  const notifications = apiInLog.filter((l) => /"reason": "notification (sent|received) \(\d+,\d+\)"/.test(l)).length;
  const downs = apiInLog.filter((l) => l.includes('"state": "down"')).length;

  it('the capture: line 87 names peer-3, not an address; the API stream has the NOTIFICATIONs of the followed part', () => {
    expect(followed.some((l) => l.startsWith('peer-3          async.mainloop.exception error=Cease / Peer De-configured'))).toBe(true);
    expect(followed.some((l) => l.includes('peer=peer-3 '))).toBe(false);
    expect(notifications).toBe(3); // gobgp killed (6,3), bird torn down twice (6,2)
    expect(downs).toBe(3);
  });

  for (const order of ['log first', 'API stream first'] as const) {
    it(`NOTIFICATIONs and session drops: each once (${order})`, () => {
      const p = new LogPipeline();
      const log = timedLog(followed, jsonTime(API[0]!)!);
      const api = [...apiInLog];
      for (let t = log[0]!.t; log.length || api.length; t += 1000) {
        if (order === 'log first') readUntil(p, log, api, t);
        else {
          readUntil(p, [], api, t);
          readUntil(p, log, [], t);
        }
      }
      p.flush();
      const c: LogCounters = p.counters();
      expect(c.notifications).toBe(notifications);
      expect(c.sessionsDown).toBe(downs);
      // the NOTIFICATION of gobgp is given to gobgp, from the lines that name it
      const facts = p.takeFacts().filter((f) => f.kind === 'notification' && f.address === '127.0.2.3');
      expect(facts.length).toBeGreaterThan(0);
    });
  }

  it('the log alone: the unnamed line and its echo are one NOTIFICATION', () => {
    const p = new LogPipeline();
    const log = timedLog(followed, jsonTime(API[0]!)!);
    for (let t = log[0]!.t; log.length; t += 1000) readUntil(p, log, [], t);
    p.flush();
    expect(p.counters().notifications).toBe(notifications);
  });
});

describe('flaps faster than the poll interval: the End-of-RIB storm (run D)', () => {
  const LOG = captureLines('v6.0-dev/log-traceback-storm.txt');
  const API = captureLines('v6.0-dev/api-events-traceback-storm.log');
  const DURING = neighborReports('v6.0-dev/traceback-storm-socket-peer-show.raw');
  const BIRD = '127.0.2.2';
  // Counted on the raw text: every session down the daemon told its API process.
  const drops = API.filter((l) => l.includes('"state": "down"')).length;
  const first = jsonTime(API[0]!)!;
  const last = jsonTime(API.at(-1)!)!;
  // launched 15:23:35.83 (README), its first event 2.8 s later
  const life = daemonInfo({ pid: 17815, startTime: first - 2800 });

  const poll = (t: number, neighbors: NeighborReport[]): MonitorEvent => ({
    type: 'control-poll',
    poll: { t, transport: 'socket', path: '/run/exabgp.sock', latencyMs: 1, ok: true, timedOut: false, error: null, raw: null, neighbors, status: null },
  });

  /** The monitor's tick once a second: the sources read, their facts applied, then one poll. */
  function monitor(sources: { log: boolean; api: boolean }): MonitorState {
    const p = new LogPipeline();
    const log = sources.log ? timedLog(LOG, life.startTime) : [];
    const api = sources.api ? [...API] : [];
    let s = reduce(initialState(), { type: 'attached', daemon: life, helpers: [], witnessed: true });
    for (let t = life.startTime + 1000; t <= last + 3000; t += 1000) {
      readUntil(p, log, api, t);
      p.closeIdle(t);
      s = reduce(s, { type: 'logs', entries: [], counters: p.counters(), sources: [], facts: p.takeFacts() });
      s = reduce(s, poll(t, DURING));
    }
    return s;
  }

  it('the capture: dozens of drops in seconds, more than the polls could see', () => {
    expect(drops).toBe(42);
    expect((last - first) / 1000).toBeLessThan(drops / 2);
  });

  it('FLAPS counts every drop the API stream told, with polls once a second', () => {
    const s = monitor({ log: false, api: true });
    const bird = s.neighbors.find((n) => n.address === BIRD)!;
    expect(bird.flaps).toBe(drops);
    expect(bird.flapsTotal).toBe(drops);
  });

  it('the log alone tells them too (its echoed down lines)', () => {
    const bird = monitor({ log: true, api: false }).neighbors.find((n) => n.address === BIRD)!;
    expect(bird.flaps).toBe(drops);
  });

  it('the log and the API stream together: each drop once, not twice', () => {
    const bird = monitor({ log: true, api: true }).neighbors.find((n) => n.address === BIRD)!;
    expect(bird.flaps).toBe(drops);
    expect(bird.flapsTotal).toBe(drops);
  });

  it('attached after the session came up (no up line read): its first drop counts too, the poll saw it up', () => {
    // The stream from its first `down` on: what exatop reads when it attached after the up.
    const from = API.findIndex((l) => l.includes('"state": "down"'));
    const p = new LogPipeline();
    const api = API.slice(from);
    let s = reduce(initialState(), { type: 'attached', daemon: life, helpers: [] });
    s = reduce(s, poll(jsonTime(api[0]!)! - 50, DURING)); // bird ESTABLISHED before its first drop
    for (let t = jsonTime(api[0]!)! + 1000; t <= last + 3000; t += 1000) {
      readUntil(p, [], api, t);
      s = reduce(s, { type: 'logs', entries: [], counters: p.counters(), sources: [], facts: p.takeFacts() });
      s = reduce(s, poll(t, DURING));
    }
    expect(s.neighbors.find((n) => n.address === BIRD)!.flaps).toBe(drops);
  });

  it('a second life starts again at 0 and adds to the total', () => {
    let s = monitor({ log: false, api: true });
    const next = daemonInfo({ pid: 17900, startTicks: life.startTicks + 5000, startTime: last + 10_000 });
    s = reduce(s, { type: 'attached', daemon: next, helpers: [] });
    s = reduce(s, poll(last + 12_000, DURING));
    const bird = s.neighbors.find((n) => n.address === BIRD)!;
    expect([bird.flaps, bird.flapsTotal]).toEqual([0, drops]);
  });
});

describe('NOTIFICATIONs 0.1 s apart, each ending its own session (5.0.15, BIRD restarted three times)', () => {
  const API = captureLines('v5.0.15/api-events-bird-restarts.txt');
  const BIRD = '127.0.117.2';
  // Counted on the raw text: one `notification` event per NOTIFICATION, and its session's `down`.
  const notifications = API.filter((l) => l.includes('"type": "notification"') && l.includes(`"peer": "${BIRD}"`)).length;
  const downs = API.filter((l) => l.includes('"state": "down"') && l.includes(`"peer": "${BIRD}"`)).length;

  it('the capture: three, well within 2 s', () => {
    expect(notifications).toBe(3);
    expect(downs).toBe(3);
    const times = API.filter((l) => l.includes('"type": "notification"')).map((l) => jsonTime(l)!);
    expect(times.at(-1)! - times[0]!).toBeLessThan(2000);
  });

  it('each is counted (the event and its down reason are one), and each drop is a flap', () => {
    const p = new LogPipeline();
    for (const raw of API) p.push(apiEventLine(raw, jsonTime(raw)!, 'events')!);
    expect(p.counters().notifications).toBe(notifications);
    const facts = p.takeFacts();
    expect(facts.filter((f) => f.kind === 'notification' && f.address === BIRD)).toHaveLength(notifications);
    // The first session came up before the capture begins: its drop is the first the stream
    // tells of bird, a flap when the polls saw bird up; the others follow the stream's own `up`.
    const flaps = facts.flatMap((f) => (f.kind === 'down' && f.address === BIRD ? [f.flap] : []));
    expect(flaps).toEqual(['first-seen', ...Array<string>(downs - 1).fill('after-up')]);
  });
});
