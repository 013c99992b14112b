// The Prometheus exposition (src/core/prometheus.ts) of a state the reducer built from real probe
// results: the 5.0.15 lab's `show neighbor json` capture (3 peers: bird and gobgp up, ghost idle)
// and its configuration's descriptions.
import { describe, expect, it } from 'vitest';
import { neighborsFromConfig } from '../../src/core/daemon/config-neighbors.js';
import { makeVersion } from '../../src/core/daemon/version.js';
import type { LogCounters } from '../../src/core/logs/types.js';
import { CONTENT_TYPE, escapeLabelValue, exposition, FSM_NUMBER } from '../../src/core/prometheus.js';
import { initialState, reduce, type MonitorEvent, type MonitorState } from '../../src/core/model/state.js';
import type { ControlPoll } from '../../src/core/control/client.js';
import type { NeighborReport } from '../../src/core/model/control.js';
import { daemonInfo, vitals } from '../support/builders.js';
import { fixture as read, neighborReports } from '../support/fixtures.js';

const reports = neighborReports;

const START = Date.UTC(2026, 10, 23, 15, 23, 52, 0);
const T = 1_795_447_437_388;
const PIPE = '/tmp/fx-lab-50/run/fx50.in';
const UP = reports('v5.0.15/pipe-show-neighbor-json-3peer-up.txt');

const daemon = daemonInfo({
  pid: 18387,
  startTicks: 5000,
  startTime: START,
  version: makeVersion('5.0.15', 'package metadata'),
  reactor: { mode: 'generator', source: 'ExaBGP 5.0.15: the 5.0 line has only the generator reactor' },
});

function poll(t: number, neighbors: NeighborReport[] | null, overrides: Partial<ControlPoll> = {}): ControlPoll {
  return { t, transport: 'pipe', path: PIPE, latencyMs: 2.5, ok: true, timedOut: false, error: null, raw: null, neighbors, status: null, ...overrides };
}

const counters = (overrides: Partial<LogCounters> = {}): LogCounters => ({
  lines: 120, errors: 3, warnings: 4, tracebacks: 1, notifications: 2, sessionsUp: 5, sessionsDown: 6, apiCommands: 7, apiRejected: 8, configErrors: 9, connectFailures: 10, lastError: null, ...overrides,
});

function run(events: MonitorEvent[], start: MonitorState = initialState({ capacity: 60, intervalMs: 1000 })): MonitorState {
  return events.reduce(reduce, start);
}

const BASE: MonitorEvent[] = [
  { type: 'attached', daemon, helpers: [{ pid: 18440, role: 'cli-helper' }] },
  { type: 'sample', sample: vitals(T, { rssBytes: 29044 * 1024, cpuPercent: 25, fds: 10, fdLimit: 1024, threads: 3, helpers: { count: 1, rssBytes: 27856 * 1024, cpuPercent: 50, fds: 8, threads: 1 } }) },
  { type: 'control-location', transport: 'pipe', path: PIPE, how: 'helper 18440 environ exabgp_cli_pipe', dialect: '5.0', error: null },
  { type: 'configured', neighbors: neighborsFromConfig(read('v5.0.15/exabgp-3peer.conf')) },
  { type: 'control-poll', poll: poll(T, UP) },
  { type: 'logs', entries: [], counters: counters(), sources: [], facts: [] },
];

/** The sample lines of the text (no comments), as `name{labels} value` strings. */
const samples = (text: string): string[] => text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
const lineOf = (text: string, prefix: string): string | undefined => samples(text).find((l) => l.startsWith(`${prefix} `) || l === prefix);

/** A small reader of the text format: enough to check that what was written reads back the same. */
function parse(text: string): { name: string; labels: Record<string, string>; value: number }[] {
  return samples(text).map((line) => {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a sample line: ${JSON.stringify(line)}`);
    const labels: Record<string, string> = {};
    const body = m[2] ?? '';
    const pair = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"(,|$)/y;
    let at = 0;
    while (at < body.length) {
      pair.lastIndex = at;
      const p = pair.exec(body);
      if (!p) throw new Error(`bad labels at ${at} in ${JSON.stringify(line)}`);
      labels[p[1]!] = p[2]!.replace(/\\(["\\n])/g, (_x, c: string) => (c === 'n' ? '\n' : c));
      at = pair.lastIndex;
    }
    const value = m[3] === '+Inf' ? Infinity : m[3] === '-Inf' ? -Infinity : Number(m[3]);
    if (m[3] !== 'NaN' && Number.isNaN(value)) throw new Error(`bad value in ${JSON.stringify(line)}`);
    return { name: m[1]!, labels, value };
  });
}

const families = (text: string): string[] => text.split('\n').filter((l) => l.startsWith('# TYPE ')).map((l) => l.split(' ')[2]!);

const peer = (address: string, description: string, as: number) => `peer="${address}",peer_as="${as}",description="${description}"`;
const BIRD = peer('127.0.1.2', 'bird', 65002);
const GOBGP = peer('127.0.1.3', 'gobgp', 65003);
const GHOST = peer('127.0.1.4', 'ghost', 65004);

describe('exposition of an attached daemon', () => {
  const state = run(BASE);
  const text = exposition(state, T + 500, [], { exatopVersion: '0.1.0' });

  it('exposes the daemon, its identity and its vitals in base units', () => {
    expect(lineOf(text, 'exatop_build_info{version="0.1.0"}')).toBe('exatop_build_info{version="0.1.0"} 1');
    expect(lineOf(text, 'exabgp_up')).toBe('exabgp_up 1');
    expect(lineOf(text, 'exabgp_info{version="5.0.15",reactor="generator"}')).toBe('exabgp_info{version="5.0.15",reactor="generator"} 1');
    expect(lineOf(text, 'exabgp_process_start_time_seconds')).toBe(`exabgp_process_start_time_seconds ${START / 1000}`);
    expect(lineOf(text, 'exabgp_process_resident_memory_bytes')).toBe(`exabgp_process_resident_memory_bytes ${29044 * 1024}`);
    expect(lineOf(text, 'exabgp_process_cpu_usage_ratio')).toBe('exabgp_process_cpu_usage_ratio 0.25');
    expect(lineOf(text, 'exabgp_process_open_fds')).toBe('exabgp_process_open_fds 10');
    expect(lineOf(text, 'exabgp_process_max_fds')).toBe('exabgp_process_max_fds 1024');
    expect(lineOf(text, 'exabgp_process_threads')).toBe('exabgp_process_threads 3');
    expect(lineOf(text, 'exabgp_helper_processes')).toBe('exabgp_helper_processes 1');
    expect(lineOf(text, 'exabgp_helpers_resident_memory_bytes')).toBe(`exabgp_helpers_resident_memory_bytes ${27856 * 1024}`);
    expect(lineOf(text, 'exabgp_helpers_cpu_usage_ratio')).toBe('exabgp_helpers_cpu_usage_ratio 0.5');
    expect(lineOf(text, 'exabgp_restarts_total')).toBe('exabgp_restarts_total 0');
    // This sample has no cumulative CPU time: no counter value pretending to be one.
    expect(lineOf(text, 'exabgp_process_cpu_seconds_total')).toBeUndefined();
  });

  it('exposes every peer of the real answer with its FSM state, established flag and configured description', () => {
    expect(lineOf(text, `exabgp_peer_state{${BIRD}}`)).toBe(`exabgp_peer_state{${BIRD}} 6`);
    expect(lineOf(text, `exabgp_peer_state{${GOBGP}}`)).toBe(`exabgp_peer_state{${GOBGP}} 6`);
    expect(lineOf(text, `exabgp_peer_state{${GHOST}}`)).toBe(`exabgp_peer_state{${GHOST}} 1`);
    expect(lineOf(text, `exabgp_peer_established{${BIRD}}`)).toBe(`exabgp_peer_established{${BIRD}} 1`);
    expect(lineOf(text, `exabgp_peer_established{${GOBGP}}`)).toBe(`exabgp_peer_established{${GOBGP}} 1`);
    expect(lineOf(text, `exabgp_peer_established{${GHOST}}`)).toBe(`exabgp_peer_established{${GHOST}} 0`);
    expect(lineOf(text, `exabgp_peer_flaps_total{${BIRD}}`)).toBe(`exabgp_peer_flaps_total{${BIRD}} 0`);
    // bird was up for 4 s when the answer was taken (its `duration`).
    expect(lineOf(text, `exabgp_peer_state_change_timestamp_seconds{${BIRD}}`)).toBe(`exabgp_peer_state_change_timestamp_seconds{${BIRD}} ${(T - 4000) / 1000}`);
    expect(parse(text).filter((s) => s.name === 'exabgp_peer_state')).toHaveLength(3);
  });

  it('exposes the daemon message counters per direction and type, as the answer gives them', () => {
    const messages = parse(text).filter((s) => s.name === 'exabgp_peer_messages_total');
    // 3 peers × 2 directions × 5 types; no "total" type that sum() would count twice.
    expect(messages).toHaveLength(30);
    expect(new Set(messages.map((s) => s.labels['type']))).toEqual(new Set(['open', 'notification', 'keepalive', 'update', 'refresh']));
    expect(lineOf(text, `exabgp_peer_messages_total{${GOBGP},direction="sent",type="update"}`)).toBe(`exabgp_peer_messages_total{${GOBGP},direction="sent",type="update"} 1`);
    expect(lineOf(text, `exabgp_peer_messages_total{${GOBGP},direction="received",type="update"}`)).toBe(`exabgp_peer_messages_total{${GOBGP},direction="received",type="update"} 0`);
    expect(lineOf(text, `exabgp_peer_messages_total{${BIRD},direction="received",type="keepalive"}`)).toBe(`exabgp_peer_messages_total{${BIRD},direction="received",type="keepalive"} 1`);
    expect(lineOf(text, `exabgp_peer_messages_total{${GHOST},direction="sent",type="open"}`)).toBe(`exabgp_peer_messages_total{${GHOST},direction="sent",type="open"} 0`);
  });

  it('exposes the control channel and the log counters', () => {
    expect(lineOf(text, 'exabgp_control_ok')).toBe('exabgp_control_ok 1');
    expect(lineOf(text, 'exabgp_control_latency_seconds')).toBe('exabgp_control_latency_seconds 0.0025');
    expect(lineOf(text, 'exabgp_control_polls_total')).toBe('exabgp_control_polls_total 1');
    expect(lineOf(text, 'exabgp_control_errors_total')).toBe('exabgp_control_errors_total 0');
    expect(lineOf(text, 'exabgp_control_timeouts_total')).toBe('exabgp_control_timeouts_total 0');
    expect(lineOf(text, 'exabgp_log_lines_total')).toBe('exabgp_log_lines_total 120');
    const byClass = Object.fromEntries(parse(text).filter((s) => s.name === 'exabgp_log_entries_total').map((s) => [s.labels['class'], s.value]));
    expect(byClass).toEqual({ error: 3, warning: 4, traceback: 1, notification: 2, session_up: 5, session_down: 6, api_command: 7, api_rejected: 8, config_error: 9, connect_failed: 10 });
  });

  it('writes HELP and TYPE once per family, before its samples, with counters named _total', () => {
    const lines = text.split('\n');
    const declared = families(text);
    expect(new Set(declared).size).toBe(declared.length);
    expect(declared.length).toBeGreaterThanOrEqual(25);
    for (const name of declared) {
      const help = lines.filter((l) => l.startsWith(`# HELP ${name} `));
      expect(help, name).toHaveLength(1);
      const typeAt = lines.indexOf(lines.find((l) => l.startsWith(`# TYPE ${name} `))!);
      expect(lines.indexOf(help[0]!), name).toBe(typeAt - 1);
      const type = lines[typeAt]!.split(' ')[3];
      expect(type === 'counter', name).toBe(name.endsWith('_total'));
      // Samples of the family follow its TYPE line, together.
      const at = lines.map((l, i) => (l.startsWith(`${name}{`) || l.startsWith(`${name} `) ? i : -1)).filter((i) => i >= 0);
      expect(at.length, name).toBeGreaterThan(0);
      expect(at[0], name).toBe(typeAt + 1);
      expect(at[at.length - 1]! - at[0]!, name).toBe(at.length - 1);
    }
    // Every sample belongs to a declared family; the text ends with a line feed.
    for (const s of parse(text)) expect(declared).toContain(s.name);
    expect(text.endsWith('\n')).toBe(true);
    expect(CONTENT_TYPE).toBe('text/plain; version=0.0.4; charset=utf-8');
  });
});

describe('label values and HELP text are escaped', () => {
  const odd = 'say "hi"\\path\nnext line';

  it('escapes backslash, double quote and line feed in label values', () => {
    expect(escapeLabelValue(odd)).toBe('say \\"hi\\"\\\\path\\nnext line');
  });

  it('a description with quotes, backslashes and a newline reads back unchanged', () => {
    const state = run([
      ...BASE.slice(0, 3),
      { type: 'configured', neighbors: [{ address: '127.0.1.2', description: odd, peerAs: 65002 }] },
      { type: 'control-poll', poll: poll(T, UP) },
    ]);
    const text = exposition(state, T, [{ rule: 'neighbor-down', level: 'critical', subject: odd }]);
    const bird = parse(text).find((s) => s.name === 'exabgp_peer_established' && s.labels['peer'] === '127.0.1.2');
    expect(bird?.labels['description']).toBe(odd);
    expect(text).toContain('description="say \\"hi\\"\\\\path\\nnext line"');
    const alert = parse(text).find((s) => s.name === 'exabgp_alerts_active');
    expect(alert?.labels).toEqual({ rule: 'neighbor-down', level: 'critical', subject: odd });
    // No raw line feed inside a sample: every line is a comment or a whole sample.
    for (const line of text.trimEnd().split('\n')) expect(line.startsWith('#') || /^[a-z_]+(\{.*\})? \S+$/.test(line), line).toBe(true);
  });
});

describe('alerts', () => {
  const state = run(BASE);

  it('exposes active alerts by rule, level and subject; identical ones are counted in one series', () => {
    const text = exposition(state, T, [
      { rule: 'neighbor-down', level: 'critical', subject: '127.0.1.4' },
      { rule: 'traceback', level: 'critical', subject: null },
      { rule: 'traceback', level: 'critical', subject: null },
    ]);
    expect(lineOf(text, 'exabgp_alerts_active{rule="neighbor-down",level="critical",subject="127.0.1.4"}')).toBe('exabgp_alerts_active{rule="neighbor-down",level="critical",subject="127.0.1.4"} 1');
    expect(lineOf(text, 'exabgp_alerts_active{rule="traceback",level="critical",subject=""}')).toBe('exabgp_alerts_active{rule="traceback",level="critical",subject=""} 2');
    expect(text.match(/^# TYPE exabgp_alerts_active gauge$/gm)).toHaveLength(1);
  });

  it('has no alerts family when none are given', () => {
    expect(exposition(state, T)).not.toContain('exabgp_alerts_active');
    expect(exposition(state, T, [])).not.toContain('exabgp_alerts_active');
  });
});

describe('what is not known is not exposed', () => {
  it('without a daemon: exabgp_up 0 and exatop\'s own info, nothing else', () => {
    expect(exposition(initialState(), T, [], { exatopVersion: '0.1.0' })).toBe(
      [
        '# HELP exatop_build_info exatop, the exporter: always 1, its version as a label.',
        '# TYPE exatop_build_info gauge',
        'exatop_build_info{version="0.1.0"} 1',
        '# HELP exabgp_up Whether exatop is attached to a running ExaBGP daemon (1) or not (0: none found, several to choose from, or the daemon went away).',
        '# TYPE exabgp_up gauge',
        'exabgp_up 0',
        '',
      ].join('\n'),
    );
  });

  it('a daemon that went away: up 0, no vitals or peers, but the restart and log counters go on', () => {
    const state = run([...BASE, { type: 'lost', t: T + 1000, reason: 'gone' }]);
    const text = exposition(state, T + 1000);
    expect(lineOf(text, 'exabgp_up')).toBe('exabgp_up 0');
    expect(lineOf(text, 'exabgp_restarts_total')).toBe('exabgp_restarts_total 0');
    expect(lineOf(text, 'exabgp_log_entries_total{class="traceback"}')).toBe('exabgp_log_entries_total{class="traceback"} 1');
    for (const gone of ['exabgp_info', 'exabgp_process_resident_memory_bytes', 'exabgp_peer_state', 'exabgp_control_ok']) expect(text).not.toContain(gone);
  });

  it('a restart is counted, the new process has its own start time and no peers until polled', () => {
    const next = daemonInfo({ pid: 18500, startTicks: 9000, startTime: START + 60_000, version: daemon.version, reactor: daemon.reactor });
    const state = run([...BASE, { type: 'lost', t: T + 1000, reason: 'gone' }, { type: 'attached', daemon: next, helpers: [] }]);
    const text = exposition(state, T + 2000);
    expect(lineOf(text, 'exabgp_up')).toBe('exabgp_up 1');
    expect(lineOf(text, 'exabgp_restarts_total')).toBe('exabgp_restarts_total 1');
    expect(lineOf(text, 'exabgp_process_start_time_seconds')).toBe(`exabgp_process_start_time_seconds ${(START + 60_000) / 1000}`);
    // The old life's last sample is not the new process's RSS.
    expect(text).not.toContain('exabgp_process_resident_memory_bytes');
    expect(text).not.toContain('exabgp_peer_');
  });

  it('vitals older than the freshness limit are left out instead of frozen', () => {
    const state = run(BASE); // interval 1 s: the limit is 15 s
    expect(lineOf(exposition(state, T + 15_000), 'exabgp_process_resident_memory_bytes')).toBeDefined();
    const stale = exposition(state, T + 15_001);
    expect(stale).not.toContain('exabgp_process_resident_memory_bytes');
    expect(stale).not.toContain('exabgp_process_cpu_usage_ratio');
    expect(lineOf(stale, 'exabgp_up')).toBe('exabgp_up 1');
    expect(lineOf(exposition(state, T + 30_000, [], { staleAfterMs: 60_000 }), 'exabgp_process_resident_memory_bytes')).toBeDefined();
  });

  it('a vital exatop could not read has no sample, and no HELP/TYPE either', () => {
    const state = run([...BASE, { type: 'sample', sample: vitals(T + 1000, { fds: null, fdError: 'permission denied', helpers: { count: 0, rssBytes: null, cpuPercent: null, fds: null, threads: null } }) }]);
    const text = exposition(state, T + 1000);
    expect(text).not.toContain('exabgp_process_open_fds');
    expect(text).not.toContain('exabgp_helpers_resident_memory_bytes');
    expect(lineOf(text, 'exabgp_helper_processes')).toBe('exabgp_helper_processes 0');
    expect(lineOf(text, 'exabgp_process_max_fds')).toBe('exabgp_process_max_fds 1024');
  });

  it('after a failed poll the peers are left out (stale), the failure is counted', () => {
    const state = run([...BASE, { type: 'control-poll', poll: poll(T + 1000, null, { ok: false, timedOut: true, latencyMs: 2000, error: 'timed out', raw: '' }) }]);
    const text = exposition(state, T + 1000);
    expect(text).not.toContain('exabgp_peer_');
    expect(lineOf(text, 'exabgp_control_ok')).toBe('exabgp_control_ok 0');
    expect(lineOf(text, 'exabgp_control_latency_seconds')).toBe('exabgp_control_latency_seconds 2');
    expect(lineOf(text, 'exabgp_control_errors_total')).toBe('exabgp_control_errors_total 1');
    expect(lineOf(text, 'exabgp_control_timeouts_total')).toBe('exabgp_control_timeouts_total 1');
    expect(lineOf(text, 'exabgp_control_polls_total')).toBe('exabgp_control_polls_total 2');
    // The next good answer brings them back.
    const back = exposition(run([{ type: 'control-poll', poll: poll(T + 2000, UP) }], state), T + 2000);
    expect(lineOf(back, `exabgp_peer_established{${BIRD}}`)).toBe(`exabgp_peer_established{${BIRD}} 1`);
  });

  it('no control poll yet: no ok flag or latency, the counters at 0; no log followed: no log counters', () => {
    const state = run(BASE.slice(0, 3));
    const text = exposition(state, T);
    expect(text).not.toContain('exabgp_control_ok');
    expect(text).not.toContain('exabgp_control_latency_seconds');
    expect(lineOf(text, 'exabgp_control_polls_total')).toBe('exabgp_control_polls_total 0');
    expect(text).not.toContain('exabgp_log_');
  });
});

describe('FSM numbering', () => {
  it('follows gobgp: unknown 0, idle 1 … established 6, as the HELP says', () => {
    expect(FSM_NUMBER).toEqual({ UNKNOWN: 0, IDLE: 1, CONNECT: 2, ACTIVE: 3, OPENSENT: 4, OPENCONFIRM: 5, ESTABLISHED: 6 });
    const text = exposition(run(BASE), T);
    expect(text).toContain('unknown=0, idle=1, connect=2, active=3, opensent=4, openconfirm=5, established=6');
  });

  it('each state of a report is exposed as its number', () => {
    for (const [fsm, n] of Object.entries(FSM_NUMBER)) {
      const report = { ...UP[2]!, fsm: fsm as NeighborReport['fsm'] };
      const text = exposition(run([...BASE.slice(0, 4), { type: 'control-poll', poll: poll(T, [report]) }]), T);
      expect(lineOf(text, `exabgp_peer_state{${GHOST}}`), fsm).toBe(`exabgp_peer_state{${GHOST}} ${n}`);
      expect(lineOf(text, `exabgp_peer_established{${GHOST}}`), fsm).toBe(`exabgp_peer_established{${GHOST}} ${fsm === 'ESTABLISHED' ? 1 : 0}`);
    }
  });

  it('counters the daemon does not give are left out, not written as 0', () => {
    const report = { ...UP[0]!, messages: { sent: { ...UP[0]!.messages.sent, refresh: null }, received: UP[0]!.messages.received } };
    const text = exposition(run([...BASE.slice(0, 4), { type: 'control-poll', poll: poll(T, [report]) }]), T);
    expect(text).not.toContain(`exabgp_peer_messages_total{${BIRD},direction="sent",type="refresh"}`);
    expect(lineOf(text, `exabgp_peer_messages_total{${BIRD},direction="received",type="refresh"}`)).toBe(`exabgp_peer_messages_total{${BIRD},direction="received",type="refresh"} 0`);
  });
});

describe('CPU as a counter, and the reactor the operator names', () => {
  it('exposes the daemon\'s CPU seconds as a counter when sampled, and leaves it out when not', () => {
    const state = run([...BASE, { type: 'sample', sample: vitals(T + 1000, { cpuSeconds: 12.34 }) }]);
    const text = exposition(state, T + 1500);
    expect(text).toContain('# TYPE exabgp_process_cpu_seconds_total counter\n');
    expect(lineOf(text, 'exabgp_process_cpu_seconds_total')).toBe('exabgp_process_cpu_seconds_total 12.34');
    expect(lineOf(exposition(run(BASE), T + 500), 'exabgp_process_cpu_seconds_total')).toBeUndefined();
  });

  it('labels exabgp_info with --reactor when given, with the derived reactor otherwise', () => {
    const state = run(BASE);
    expect(lineOf(exposition(state, T + 500, [], { reactor: 'asyncio' }), 'exabgp_info{version="5.0.15",reactor="asyncio"}')).toBeDefined();
    expect(lineOf(exposition(state, T + 500), 'exabgp_info{version="5.0.15",reactor="generator"}')).toBeDefined();
  });
});
