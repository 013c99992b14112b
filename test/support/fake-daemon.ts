// A daemon for the Monitor to watch without one running: /proc, the control channel, the log
// follower and the daemon's files, all in memory and all made of captures of a real ExaBGP
// 6.0-dev across its lives (fixtures/v6.0-dev-lives, README there). Tests kill a life, start its
// successor, move or break the channel, and see what the Monitor does (test/unit/monitor-*.test.ts).
import { readFileSync } from 'node:fs';
import type { ControlLocation } from '../../src/io/control/locate.js';
import type { FileReader } from '../../src/io/files.js';
import { ProcFs, type Readable } from '../../src/io/procfs.js';
import type { CpuMeter } from '../../src/io/vitals.js';
import { ControlClient } from '../../src/core/control/client.js';
import type { FailureKind, QueryOutcome, Transport } from '../../src/core/control/transport.js';
import { parseEnviron, parseNulList, parseOpenFilesLimit, parseStat, parseStatus, type ProcStat, type ProcStatus } from '../../src/core/daemon/proc-parse.js';
import type { ChannelOptions, ControlChannels, LocateRequest, LogFollower, LogFollowers } from '../../src/session/monitor-deps.js';
import type { LogsUpdate } from '../../src/session/log-monitor.js';
import type { LogSourceSpec } from '../../src/io/logs/discover-logs.js';

const LIVES = new URL('../../fixtures/v6.0-dev-lives/', import.meta.url);
export const lives = (name: string): string => readFileSync(new URL(name, LIVES), 'utf8');

/** `btime` of the boot the lives ran in (fixtures/v6.0-dev-lives/README.md). */
export const BOOT_TIME = 1796354829;
export const CONFIG = '/tmp/lives47/exabgp.conf';
export const PID_FILE = '/tmp/lives47/run/exabgp.pid';
export const SOCKET = '/tmp/lives47/run/exabgp.sock';

interface FakeProcess {
  stat: string;
  status: string;
  cmdline: string;
  environ: string;
  limits: string;
  children: number[];
}

/** The second life (pid 9938): its captured stat; the rest as the third life's, launched the same way. */
export function life2(): [number, FakeProcess] {
  const stat = (JSON.parse(lives('lives.json')) as { pid: number; stat: string }[]).find((l) => l.pid === 9938)!.stat;
  return [9938, { ...life3()[1], stat, children: [] }];
}

/** The third life (pid 12716) as captured, with its socket helper (pid 12777). */
export function life3(): [number, FakeProcess] {
  return [12716, { stat: lives('proc-daemon-stat'), status: lives('proc-daemon-status'), cmdline: lives('proc-daemon-cmdline'), environ: lives('proc-daemon-environ'), limits: lives('proc-daemon-limits'), children: [12777] }];
}

export function socketHelper(): [number, FakeProcess] {
  return [12777, { stat: lives('proc-helper-socket-stat'), status: lives('proc-helper-socket-status'), cmdline: lives('proc-helper-socket-cmdline'), environ: lives('proc-helper-socket-environ'), limits: lives('proc-helper-socket-limits'), children: [] }];
}

/** Epoch ms a life started, from its stat's start ticks and the boot time. */
export const startOf = (life: [number, FakeProcess]): number => (BOOT_TIME + parseStat(life[1].stat)!.startTicks / 100) * 1000;

/** /proc in memory: processes come and go as the test says; nothing of the host is read. */
export class FakeProc extends ProcFs {
  readonly processes = new Map<number, FakeProcess>();

  constructor(private readonly clock: () => number) {
    super('/nonexistent-fake-proc');
  }

  add(...entries: [number, FakeProcess][]): void {
    for (const [pid, p] of entries) this.processes.set(pid, p);
  }

  kill(pid: number): void {
    this.processes.delete(pid);
  }

  override async stat(pid: number): Promise<ProcStat | null> {
    const p = this.processes.get(pid);
    return p ? parseStat(p.stat) : null;
  }

  override async status(pid: number): Promise<ProcStatus | null> {
    const p = this.processes.get(pid);
    return p ? parseStatus(p.status) : null;
  }

  override async cmdline(pid: number): Promise<string[] | null> {
    const p = this.processes.get(pid);
    return p ? parseNulList(p.cmdline) : null;
  }

  override async environ(pid: number): Promise<Readable<Record<string, string>>> {
    const p = this.processes.get(pid);
    return p ? { ok: true, value: parseEnviron(p.environ) } : { ok: false, reason: 'process is gone' };
  }

  override async openFilesLimit(pid: number): Promise<number | null> {
    const p = this.processes.get(pid);
    return p ? parseOpenFilesLimit(p.limits) : null;
  }

  override async fdCount(pid: number): Promise<Readable<number>> {
    return this.processes.has(pid) ? { ok: true, value: 12 } : { ok: false, reason: 'process is gone' };
  }

  override async children(pid: number): Promise<number[]> {
    return (this.processes.get(pid)?.children ?? []).filter((c) => this.processes.has(c));
  }

  override async pids(): Promise<number[]> {
    return [...this.processes.keys()].sort((a, b) => a - b);
  }

  override async bootTime(): Promise<number | null> {
    return BOOT_TIME;
  }

  override async uptime(): Promise<{ seconds: number; at: number } | null> {
    const at = this.clock();
    return { seconds: at / 1000 - BOOT_TIME, at };
  }

  override cpuCount(): number {
    return 2;
  }

  override async exe(): Promise<string | null> {
    return null;
  }
}

/** A control channel answering each allowed command with the bytes the real daemon gave, or failing as told. */
export class FakeTransport implements Transport {
  readonly kind = 'socket' as const;
  readonly sent: string[] = [];
  closed = false;
  /** When set, every query fails this way (the helper gone, the socket removed…). */
  failing: FailureKind | null = null;
  /** When set, a query is never answered (a daemon dying with the query in its pipe). */
  hanging = false;

  constructor(readonly path: string, private readonly answers: Readonly<Record<string, string>>) {}

  async query(command: string): Promise<QueryOutcome> {
    this.sent.push(command);
    if (this.hanging) return new Promise<QueryOutcome>(() => undefined);
    const raw = this.answers[command];
    if (this.closed) return { ok: false, failure: { kind: 'closed', message: 'transport closed', partial: '' }, latencyMs: 0 };
    if (this.failing) return { ok: false, failure: { kind: this.failing, message: `fake ${this.failing}`, partial: '' }, latencyMs: 1 };
    if (raw === undefined) return { ok: false, failure: { kind: 'io', message: `no capture for "${command}"`, partial: '' }, latencyMs: 1 };
    return { ok: true, raw, latencyMs: 2 };
  }

  close(): void {
    this.closed = true;
  }
}

/** The captured answers of a life: `peer show`, `daemon status` (its own, for the second life). */
export function answersOf(pid: 9938 | 12716): Record<string, string> {
  return { 'peer show': lives('socket-peer-show.raw'), 'daemon status': lives(pid === 9938 ? 'life2-socket-daemon-status.raw' : 'socket-daemon-status.raw'), 'system version': lives('socket-system-version.raw') };
}

/** Where the channel is (as the test moves it) and every transport opened on it. */
export class FakeChannels implements ControlChannels {
  readonly located: LocateRequest[] = [];
  readonly opened: { location: ControlLocation; options: ChannelOptions; transport: FakeTransport }[] = [];
  /** The socket now: a path with the answers behind it, or none (not created yet, removed). */
  socket: { path: string; answers: Record<string, string> } | null = null;

  async locate(request: LocateRequest): Promise<ControlLocation | null> {
    this.located.push(request);
    return this.socket ? { kind: 'socket', path: this.socket.path, how: 'fake' } : null;
  }

  open(location: ControlLocation, options: ChannelOptions): ControlClient {
    const transport = new FakeTransport(location.kind === 'socket' ? location.path : location.in, this.socket?.answers ?? {});
    this.opened.push({ location, options, transport });
    return new ControlClient(transport, options.dialect, options.timeoutMs);
  }

  get transport(): FakeTransport | undefined {
    return this.opened.at(-1)?.transport;
  }
}

/** A log follower that reads nothing and tells what it was asked. */
export class FakeLogs implements LogFollowers {
  readonly calls: string[] = [];
  readonly configured: LogSourceSpec[][] = [];

  async find(): Promise<LogSourceSpec[]> {
    return [{ kind: 'file', path: '/tmp/lives47/exabgp.log', how: 'fake stdout' }];
  }

  open(): LogFollower {
    const { calls, configured } = this;
    return {
      configure(specs) {
        calls.push('configure');
        configured.push([...specs]);
      },
      async poll(): Promise<LogsUpdate | null> {
        return null;
      },
      newLife() {
        calls.push('newLife');
      },
      async close() {
        calls.push('close');
      },
    };
  }
}

/** The daemon's files: its configuration and pid file as captured or written by the test; nothing else exists. */
export function fakeFiles(files: Map<string, string>): FileReader & { read: string[] } {
  const read: string[] = [];
  return {
    read,
    text: async (path) => {
      read.push(path);
      return files.get(path) ?? null;
    },
    list: async (path) => {
      read.push(path);
      return [];
    },
  };
}

export const fixedCpu = (percent: number): CpuMeter => ({ percent: async () => percent, forget: () => undefined, close: () => undefined });
