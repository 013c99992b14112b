// The per-dialect allowlist (src/core/control/commands.ts) and the client that is the one door
// to the daemon (src/core/control/client.ts), over a hand-written Transport that answers with
// the exact bytes real daemons gave (fixtures/*/README.md).
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEnviron } from '../../src/core/daemon/proc-parse.js';
import { makeVersion, versionFromEnviron } from '../../src/core/daemon/version.js';
import { ControlClient, DEFAULT_QUERY_TIMEOUT_MS, NotAllowedError } from '../../src/core/control/client.js';
import { allowedCommands, COMMANDS, dialectFor, isAllowed, PROBE_COMMANDS, type Dialect } from '../../src/core/control/commands.js';
import type { QueryFailure, QueryOutcome, Transport, TransportKind } from '../../src/core/control/transport.js';

const read = (path: string): string => readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), 'utf8');

const DIALECTS: Dialect[] = ['4.2', '5.0', '6.0', '6.0-api4'];

type Answer = string | { failure: QueryFailure; latencyMs?: number };

/** Answers each command from a table (raw daemon bytes or a failure) and records every query. */
class FixtureTransport implements Transport {
  readonly asked: { command: string; timeoutMs: number }[] = [];
  closed = false;

  constructor(
    readonly kind: TransportKind,
    readonly path: string,
    private readonly answers: Record<string, Answer>,
    private readonly latencyMs = 3,
  ) {}

  async query(command: string, timeoutMs: number): Promise<QueryOutcome> {
    this.asked.push({ command, timeoutMs });
    const answer = this.answers[command];
    if (answer === undefined) throw new Error(`the test transport has no answer for "${command}"`);
    if (typeof answer === 'string') return { ok: true, raw: answer, latencyMs: this.latencyMs };
    return { ok: false, failure: answer.failure, latencyMs: answer.latencyMs ?? this.latencyMs };
  }

  close(): void {
    this.closed = true;
  }

  get commands(): string[] {
    return this.asked.map((a) => a.command);
  }
}

const PIPE_42 = '/tmp/fx-lab-42/run/fx42.in';
const PIPE_50 = '/tmp/fx-lab-50/run/fx50.in';
const SOCKET_60 = '/tmp/fx-lab-60/run/exabgp.sock';

describe('the allowlist', () => {
  it('is exactly the read-only commands each dialect needs', () => {
    expect(COMMANDS).toEqual({
      '4.2': { version: 'version', neighbors: 'show neighbor extensive', summary: 'show neighbor summary' },
      '5.0': { version: 'version', neighbors: 'show neighbor json', summary: 'show neighbor summary' },
      '6.0': { version: 'system version', neighbors: 'peer show', summary: 'peer list', status: 'daemon status', ping: 'session ping' },
      '6.0-api4': { version: 'version', neighbors: 'show neighbor json', summary: 'show neighbor summary' },
    });
    expect([...allowedCommands('4.2')].sort()).toEqual(['show neighbor extensive', 'show neighbor summary', 'version']);
    expect([...allowedCommands('5.0')].sort()).toEqual(['show neighbor json', 'show neighbor summary', 'version']);
    expect([...allowedCommands('6.0')].sort()).toEqual(['daemon status', 'peer list', 'peer show', 'session ping', 'system version']);
    expect([...allowedCommands('6.0-api4')].sort()).toEqual(['show neighbor json', 'show neighbor summary', 'version']);
  });

  it('before the version is known only the two version probes are allowed', () => {
    expect(PROBE_COMMANDS).toEqual(['version', 'system version']);
    expect([...allowedCommands(null)].sort()).toEqual(['system version', 'version']);
    expect(isAllowed(null, 'show neighbor json')).toBe(false);
    expect(isAllowed(null, 'peer show')).toBe(false);
  });

  it('4.2 lists neighbors in full with extensive: its summary (the small answer) hides down peers', () => {
    expect(isAllowed('4.2', 'show neighbor extensive')).toBe(true);
    expect(isAllowed('4.2', 'show neighbor summary')).toBe(true);
    expect(isAllowed('4.2', 'show neighbor json')).toBe(false);
    // The captured 4.2 summary really leaves the down ghost out while extensive lists it.
    expect(read('v4.2/pipe-show-neighbor-summary-3peer-up.txt')).not.toContain('127.0.1.4');
    expect(read('v4.2/pipe-show-neighbor-extensive-3peer-up.txt')).toContain('Neighbor 127.0.1.4');
  });

  it('6.0 speaks only its own API: legacy commands are refused', () => {
    for (const legacy of ['version', 'show neighbor json', 'show neighbor extensive', 'show neighbor summary']) expect(isAllowed('6.0', legacy), legacy).toBe(false);
    for (const command of ['peer show', 'peer list', 'system version', 'daemon status', 'session ping']) expect(isAllowed('6.0', command), command).toBe(true);
    for (const command of ['peer show', 'peer list', 'system version', 'daemon status', 'session ping']) expect(isAllowed('6.0-api4', command), command).toBe(false);
  });

  it('refuses anything that writes, kills or reconfigures, on every dialect', () => {
    const dangerous = [
      'crash', 'shutdown', 'reload', 'restart', 'neighbor 127.0.1.2 teardown 2', 'peer 127.0.2.2 teardown 2',
      'announce route 10.0.0.0/24 next-hop self', 'withdraw route 10.0.0.0/24', 'clear adj-rib out', 'flush adj-rib out', 'daemon shutdown', 'session bye',
    ];
    for (const dialect of [...DIALECTS, null]) for (const command of dangerous) expect(isAllowed(dialect, command), `${dialect} ${command}`).toBe(false);
  });

  it('matches whole commands only: no case, blank or second-line variants', () => {
    for (const command of ['VERSION', ' version', 'version ', 'version\n', 'show neighbor json\nversion json', 'show  neighbor json', 'show neighbor json ', 'Show Neighbor Json']) {
      for (const dialect of [...DIALECTS, null]) expect(isAllowed(dialect, command), JSON.stringify([dialect, command])).toBe(false);
    }
  });

  it('`version json` (it kills a 5.0 daemon) is allowed for no dialect', () => {
    for (const dialect of [...DIALECTS, null]) expect(isAllowed(dialect, 'version json'), String(dialect)).toBe(false);
  });

  it('5.0 allows no command ending in " json" other than `show neighbor json`', () => {
    // Words of real ExaBGP commands, so that the allowed one comes up among the others.
    const WORDS = ['show', 'neighbor', 'summary', 'extensive', 'adj-rib', 'in', 'out', 'version', 'peer', 'system', 'daemon', 'status', '127.0.1.2', 'json'];
    const known = ['version json', 'show neighbor summary json', 'show neighbor extensive json', 'show adj-rib in json', 'show adj-rib out json', 'show neighbor 127.0.1.2 json', 'json'];
    for (const command of known) expect(isAllowed('5.0', command), command).toBe(false);
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (prefix) => {
        const command = `${prefix} json`;
        expect(isAllowed('5.0', command)).toBe(command === 'show neighbor json');
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.constantFrom(...DIALECTS, null), fc.array(fc.constantFrom(...WORDS), { maxLength: 4 }), (dialect, words) => {
        const command = [...words, 'json'].join(' ');
        expect(isAllowed(dialect, command)).toBe(command === 'show neighbor json' && (dialect === '5.0' || dialect === '6.0-api4'));
      }),
      { numRuns: 300 },
    );
  });
});

describe('dialectFor', () => {
  it('follows the version line for 4.2 and 5.0, whatever the environment says', () => {
    expect(dialectFor(makeVersion('4.2.21', 'console script /usr/sbin/exabgp'), {})).toBe('4.2');
    expect(dialectFor(makeVersion('4.1.2', 'x'), {})).toBe('4.2');
    expect(dialectFor(makeVersion('5.0.15', 'package metadata'), { exabgp_api_version: '4' })).toBe('5.0');
  });

  it('is 6.0 for the captured 6.0-dev daemon (its real environ has no API version)', () => {
    const environ = parseEnviron(read('v6.0-dev/proc-daemon-environ'));
    const version = versionFromEnviron(environ);
    expect(version?.version).toBe('6.0.0-20261123+HEAD-4460078e00');
    expect(dialectFor(version, environ)).toBe('6.0');
  });

  it('is 6.0-api4 when 6.0 was started with API version 4, underscore or dotted name', () => {
    const v6 = makeVersion('6.0.0-20261123+HEAD-4460078e00', 'control channel');
    const environ = parseEnviron(read('v6.0-dev/proc-daemon-environ'));
    expect(dialectFor(v6, { ...environ, exabgp_api_version: '4' })).toBe('6.0-api4');
    expect(dialectFor(v6, { 'exabgp.api.version': '4' })).toBe('6.0-api4');
    expect(dialectFor(v6, { exabgp_api_version: ' 4 ' })).toBe('6.0-api4');
    expect(dialectFor(v6, { exabgp_api_version: '6' })).toBe('6.0');
  });

  it('the dotted name wins over the underscore one, as in ExaBGP itself', () => {
    const v6 = makeVersion('6.0.0', 'x');
    expect(dialectFor(v6, { 'exabgp.api.version': '6', exabgp_api_version: '4' })).toBe('6.0');
    expect(dialectFor(v6, { 'exabgp.api.version': '4', exabgp_api_version: '6' })).toBe('6.0-api4');
  });

  it('is null when the version is unknown or of a line exatop does not speak', () => {
    expect(dialectFor(null, { exabgp_api_version: '4' })).toBeNull();
    expect(dialectFor(makeVersion('3.4.29', 'x'), {})).toBeNull();
    expect(dialectFor(makeVersion('main', 'x'), {})).toBeNull();
  });
});

describe('ControlClient.send', () => {
  it('refuses `version json` on 5.0 before the transport is touched', async () => {
    const transport = new FixtureTransport('pipe', PIPE_50, { 'version json': read('v5.0.15/pipe-version.txt') });
    const client = new ControlClient(transport, '5.0');
    await expect(client.send('version json')).rejects.toBeInstanceOf(NotAllowedError);
    await expect(client.send('version json')).rejects.toThrow('"version json" is not on the 5.0 allowlist');
    expect(transport.asked).toEqual([]);
    expect(client.sent).toEqual([]);
  });

  it('refuses off-list commands on every dialect and while the version is unknown', async () => {
    for (const dialect of [...DIALECTS, null]) {
      const transport = new FixtureTransport('socket', SOCKET_60, {});
      const client = new ControlClient(transport, dialect);
      for (const command of ['crash', 'show neighbor summary configuration', 'show neighbor configuration', 'neighbor 127.0.1.2 teardown 2']) {
        await expect(client.send(command), `${dialect} ${command}`).rejects.toBeInstanceOf(NotAllowedError);
      }
      expect(transport.asked).toEqual([]);
    }
    await expect(new ControlClient(new FixtureTransport('pipe', PIPE_50, {}), null).send('show neighbor json')).rejects.toThrow('version-probe allowlist');
  });

  it('passes an allowed command and its deadline through, and returns the raw answer', async () => {
    const raw = read('v5.0.15/pipe-version.txt');
    const transport = new FixtureTransport('pipe', PIPE_50, { version: raw }, 7);
    const client = new ControlClient(transport, '5.0', 1234);
    expect(await client.send('version')).toEqual({ ok: true, raw: 'exabgp 5.0.15\ndone\n', latencyMs: 7 });
    expect(transport.asked).toEqual([{ command: 'version', timeoutMs: 1234 }]);
    expect(client.sent).toEqual(['version']);
    await new ControlClient(transport, '5.0').send('version');
    expect(transport.asked[1]).toEqual({ command: 'version', timeoutMs: DEFAULT_QUERY_TIMEOUT_MS });
  });

  it('remembers the last 100 commands sent', async () => {
    const transport = new FixtureTransport('pipe', PIPE_50, { version: read('v5.0.15/pipe-version.txt'), 'show neighbor json': read('v5.0.15/pipe-show-neighbor-json-3peer-up.txt') });
    const client = new ControlClient(transport, '5.0');
    await client.send('show neighbor json');
    for (let i = 0; i < 120; i++) await client.send('version');
    expect(client.sent).toHaveLength(100);
    expect(client.sent.every((c) => c === 'version')).toBe(true);
    expect(transport.asked).toHaveLength(121);
  });

  it('reports a transport failure with its kind, message and partial bytes', async () => {
    const transport = new FixtureTransport('pipe', PIPE_42, {
      version: { failure: { kind: 'no-daemon', message: `${PIPE_42}: no daemon is reading it (ENXIO)`, partial: '' }, latencyMs: 1 },
    });
    const client = new ControlClient(transport, '4.2');
    expect(await client.send('version')).toEqual({ ok: false, error: `${PIPE_42}: no daemon is reading it (ENXIO)`, timedOut: false, raw: '', latencyMs: 1, failure: 'no-daemon' });
  });
});

describe('ControlClient.pollNeighbors on each dialect, from captured answers', () => {
  const clock = () => 1_795_447_437_388;

  it('4.2: sends `show neighbor extensive` and reads all three peers, the down ghost included', async () => {
    const transport = new FixtureTransport('pipe', PIPE_42, { 'show neighbor extensive': read('v4.2/pipe-show-neighbor-extensive-3peer-up.txt') }, 2);
    const poll = await new ControlClient(transport, '4.2').pollNeighbors(clock);
    expect(transport.commands).toEqual(['show neighbor extensive']);
    expect({ ...poll, neighbors: null }).toEqual({ t: clock(), transport: 'pipe', path: PIPE_42, latencyMs: 2, ok: true, timedOut: false, error: null, raw: null, neighbors: null, status: null, kind: 'full', bytes: read('v4.2/pipe-show-neighbor-extensive-3peer-up.txt').length });
    expect(poll.neighbors!.map((n) => [n.address, n.fsm, n.peerAs, n.localAs, n.durationS])).toEqual([
      ['127.0.1.2', 'ESTABLISHED', 65002, 65001, 4],
      ['127.0.1.3', 'ESTABLISHED', 65003, 65001, 4],
      ['127.0.1.4', 'IDLE', 65004, 65001, 3],
    ]);
    expect(poll.neighbors![1]!.messages).toEqual({
      sent: { open: 1, notification: 0, keepalive: 1, update: 1, refresh: 0, total: 3 },
      received: { open: 1, notification: 0, keepalive: 1, update: 0, refresh: 0, total: 2 },
    });
  });

  it('5.0: sends `show neighbor json` and reads the JSON array', async () => {
    const transport = new FixtureTransport('pipe', PIPE_50, { 'show neighbor json': read('v5.0.15/pipe-show-neighbor-json-gobgp-killed.txt') });
    const poll = await new ControlClient(transport, '5.0').pollNeighbors(clock);
    expect(transport.commands).toEqual(['show neighbor json']);
    expect(poll.ok).toBe(true);
    expect(poll.error).toBeNull();
    expect(poll.neighbors!.map((n) => [n.address, n.fsm, n.peerAs, n.durationS, n.messages.received.total])).toEqual([
      ['127.0.1.2', 'ESTABLISHED', 65002, 9, 4],
      ['127.0.1.3', 'IDLE', 65003, 8, 0],
      ['127.0.1.4', 'IDLE', 65004, 6, 0],
    ]);
    expect(poll.neighbors![0]!.prefixes).toBeNull();
  });

  it('6.0: sends `peer show` over the socket and reads the prefixes too', async () => {
    const transport = new FixtureTransport('socket', SOCKET_60, { 'peer show': read('v6.0-dev/3peer-socket-peer-show.raw') });
    const poll = await new ControlClient(transport, '6.0').pollNeighbors(clock);
    expect(transport.commands).toEqual(['peer show']);
    expect([poll.ok, poll.transport, poll.path]).toEqual([true, 'socket', SOCKET_60]);
    expect(poll.neighbors!.map((n) => [n.address, n.fsm, n.peerAs, n.durationS, n.messages.sent.total, n.messages.received.total, n.prefixes])).toEqual([
      ['127.0.2.2', 'ESTABLISHED', 65002, 35, 6, 5, { received: 0, withdrawn: 0 }],
      ['127.0.2.3', 'ESTABLISHED', 65003, 35, 6, 5, { received: 0, withdrawn: 0 }],
      ['127.0.2.4', 'IDLE', 65004, 31, 0, 0, { received: 0, withdrawn: 0 }],
    ]);
  });

  it('6.0-api4: sends the legacy `show neighbor json` and reads it as JSON', async () => {
    // No `show neighbor json` capture exists for API v4; its documented shape is the v6 `peer show` one.
    const transport = new FixtureTransport('pipe', '/tmp/fx-lab-60/run/exabgp.in', { 'show neighbor json': read('v6.0-dev/3peer-pipe-peer-show.raw') });
    const poll = await new ControlClient(transport, '6.0-api4').pollNeighbors(clock);
    expect(transport.commands).toEqual(['show neighbor json']);
    expect(poll.ok).toBe(true);
    expect(poll.neighbors!.map((n) => n.address)).toEqual(['127.0.2.2', '127.0.2.3', '127.0.2.4']);
  });

  it('without a dialect it asks nothing and says why', async () => {
    const transport = new FixtureTransport('pipe', PIPE_50, {});
    const poll = await new ControlClient(transport, null).pollNeighbors(clock);
    expect(transport.asked).toEqual([]);
    expect(poll).toEqual({ t: clock(), transport: 'pipe', path: PIPE_50, status: null, latencyMs: 0, ok: false, timedOut: false, error: 'version unknown: no neighbor command to send', raw: null, neighbors: null, kind: 'full' });
  });
});

describe('ControlClient.pollNeighbors on answers it cannot use', () => {
  const clock = () => 1_795_447_441_702;
  const json = read('v5.0.15/pipe-show-neighbor-json-3peer-up.txt');

  it('an answer cut in the middle of the JSON (terminator still there) is a bad answer naming the command, raw kept', async () => {
    const cut = `${json.slice(0, 1500)}\ndone\n`;
    const transport = new FixtureTransport('pipe', PIPE_50, { 'show neighbor json': cut });
    const poll = await new ControlClient(transport, '5.0').pollNeighbors(clock);
    expect(poll.ok).toBe(false);
    expect(poll.timedOut).toBe(false);
    expect(poll.neighbors).toBeNull();
    expect(poll.raw).toBe(cut);
    expect(poll.error).toMatch(/^bad answer to "show neighbor json": invalid JSON \(1500 chars\)/);
  });

  it('a 4.2 extensive answer cut in the middle of a block is a bad answer naming the command', async () => {
    const full = read('v4.2/pipe-show-neighbor-extensive-3peer-up.txt');
    const cut = `${full.slice(0, full.indexOf('Message Statistic') + 40)}\ndone\n`;
    const transport = new FixtureTransport('pipe', PIPE_42, { 'show neighbor extensive': cut });
    const poll = await new ControlClient(transport, '4.2').pollNeighbors(clock);
    expect(poll.ok).toBe(false);
    expect(poll.raw).toBe(cut);
    expect(poll.error).toMatch(/^bad answer to "show neighbor extensive": /);
    expect(poll.neighbors).toBeNull();
  });

  it('an answer that stops without its terminator is refused, naming the command, raw kept', async () => {
    const cut = json.slice(0, 1500);
    const transport = new FixtureTransport('pipe', PIPE_50, { 'show neighbor json': cut });
    const poll = await new ControlClient(transport, '5.0').pollNeighbors(clock);
    expect(poll.ok).toBe(false);
    expect(poll.raw).toBe(cut);
    expect(poll.error).toContain('"show neighbor json"');
    expect(poll.neighbors).toBeNull();
  });

  it('the channel closing mid-answer gives ok:false, not a timeout, with the partial bytes kept', async () => {
    const partial = json.slice(0, 1024);
    const message = 'the pipe closed before the answer to "show neighbor json" ended';
    const transport = new FixtureTransport('pipe', PIPE_50, { 'show neighbor json': { failure: { kind: 'closed', message, partial }, latencyMs: 12 } });
    const poll = await new ControlClient(transport, '5.0').pollNeighbors(clock);
    expect(poll).toEqual({ t: clock(), transport: 'pipe', path: PIPE_50, status: null, latencyMs: 12, ok: false, timedOut: false, error: message, raw: partial, neighbors: null, failure: 'closed', kind: 'full' });
  });

  it('a timeout gives ok:false and timedOut true; nothing received means no raw', async () => {
    const message = 'no complete answer to "peer show" within 2000 ms';
    const transport = new FixtureTransport('socket', SOCKET_60, { 'peer show': { failure: { kind: 'timeout', message, partial: '' }, latencyMs: 2001 } });
    const poll = await new ControlClient(transport, '6.0').pollNeighbors(clock);
    expect(poll).toEqual({ t: clock(), transport: 'socket', path: SOCKET_60, status: null, latencyMs: 2001, ok: false, timedOut: true, error: message, raw: null, neighbors: null, failure: 'timeout', kind: 'full' });
  });

  it('the daemon rejecting the command (`error`, as a v6 API does legacy commands) names the terminator and the command', async () => {
    const rejected = read('v6.0-dev/3peer-socket-legacy-show-neighbor-extensive.raw');
    expect(rejected).toBe('error\n');
    const transport = new FixtureTransport('socket', SOCKET_60, { 'show neighbor json': rejected });
    const poll = await new ControlClient(transport, '6.0-api4').pollNeighbors(clock);
    expect(poll.ok).toBe(false);
    expect(poll.error).toBe('the daemon answered "error" to "show neighbor json"');
    expect(poll.raw).toBe('error\n');
  });
});

describe('ControlClient.askVersion', () => {
  it('with the version unknown, tries `version` then `system version` (a v6 API answers the first with error)', async () => {
    const transport = new FixtureTransport('socket', SOCKET_60, { version: 'error\n', 'system version': read('v6.0-dev/3peer-socket-system-version.raw') });
    const client = new ControlClient(transport, null);
    expect(await client.askVersion()).toBe('6.0.0-20261123+HEAD-4460078e00');
    expect(transport.commands).toEqual(['version', 'system version']);
  });

  it('with the version unknown, stops at `version` when a 4.2 or 5.0 daemon answers it', async () => {
    const t42 = new FixtureTransport('pipe', PIPE_42, { version: read('v4.2/pipe-version.txt') });
    expect(await new ControlClient(t42, null).askVersion()).toBe('4.2.21');
    expect(t42.commands).toEqual(['version']);
    const t50 = new FixtureTransport('pipe', PIPE_50, { version: read('v5.0.15/pipe-version.txt') });
    expect(await new ControlClient(t50, null).askVersion()).toBe('5.0.15');
    expect(t50.commands).toEqual(['version']);
  });

  it('goes on to `system version` after a transport failure too, and gives null when neither answers', async () => {
    const transport = new FixtureTransport('pipe', PIPE_50, {
      version: { failure: { kind: 'timeout', message: 'no complete answer to "version" within 2000 ms', partial: '' } },
      'system version': read('v6.0-dev/3peer-socket-bad-show-nonsense.raw'),
    });
    expect(await new ControlClient(transport, null).askVersion()).toBeNull();
    expect(transport.commands).toEqual(['version', 'system version']);
  });

  it('with a known dialect asks only that dialect’s version command', async () => {
    const t6 = new FixtureTransport('socket', SOCKET_60, { 'system version': read('v6.0-dev/3peer-socket-system-version.raw') });
    expect(await new ControlClient(t6, '6.0').askVersion()).toBe('6.0.0-20261123+HEAD-4460078e00');
    expect(t6.commands).toEqual(['system version']);
    const t42 = new FixtureTransport('pipe', PIPE_42, { version: read('v4.2/pipe-version.txt') });
    expect(await new ControlClient(t42, '4.2').askVersion()).toBe('4.2.21');
    expect(t42.commands).toEqual(['version']);
    const rejected = new FixtureTransport('pipe', PIPE_50, { version: read('v5.0.15/pipe-show-nonsense.txt') });
    expect(await new ControlClient(rejected, '5.0').askVersion()).toBeNull();
    expect(rejected.commands).toEqual(['version']);
  });
});

describe('ControlClient.pollStatus', () => {
  it('6.0: `daemon status` gives pid, uuid, uptime and start time', async () => {
    const transport = new FixtureTransport('socket', SOCKET_60, { 'daemon status': read('v6.0-dev/3peer-socket-daemon-status.raw') });
    expect(await new ControlClient(transport, '6.0').pollStatus()).toEqual({
      pid: 4519,
      uuid: '8ae0f89a-5c6c-4a62-abae-e4eca21d9931',
      uptimeS: 35,
      startTime: 1795447201.5468724,
      version: '6.0.0-20261123+HEAD-4460078e00',
    });
    expect(transport.commands).toEqual(['daemon status']);
  });

  it('other dialects have no status command: nothing is sent', async () => {
    for (const dialect of ['4.2', '5.0', '6.0-api4', null] as const) {
      const transport = new FixtureTransport('pipe', PIPE_50, {});
      expect(await new ControlClient(transport, dialect).pollStatus()).toBeNull();
      expect(transport.asked).toEqual([]);
    }
  });
});
