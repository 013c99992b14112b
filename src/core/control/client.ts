// Asks the daemon, on its own dialect, only what the allowlist permits, and parses the answer.
import { answerText, splitAnswer } from './framing.js';
import { COMMANDS, isAllowed, PROBE_COMMANDS, type Dialect, type Query } from './commands.js';
import { parseDaemonStatus, parseVersionAnswer } from './parse-daemon-status.js';
import { parseExtensive } from './parse-extensive.js';
import { parseNeighborJson } from './parse-neighbor-json.js';
import { parsePeerList, parseSummaryTable, type Summary } from './parse-summary.js';
import type { FailureKind, Transport, TransportKind } from './transport.js';
import type { DaemonStatusReport, NeighborReport, Parsed } from '../model/control.js';
import { hasUnprintable, printable, printableDeep } from '../text/printable.js';

export class NotAllowedError extends Error {}

export interface ControlPoll {
  t: number;
  transport: TransportKind;
  path: string;
  latencyMs: number;
  ok: boolean;
  timedOut: boolean;
  error: string | null;
  /** The answer as received, kept when it could not be used. */
  raw: string | null;
  neighbors: NeighborReport[] | null;
  /** A small answer (`show neighbor summary`, `peer list`): merged into the last full one. */
  summary?: Summary | null;
  /** Which answer was asked for; absent: the full one (older recordings and feeds). */
  kind?: 'full' | 'summary';
  /** Bytes of the answer as read (both kinds), for the schedule's figures. */
  bytes?: number;
  status: DaemonStatusReport | null;
  /** Why it failed, when the transport said (busy draining, a foreign client, a timeout…). */
  failure?: FailureKind;
  /** Bytes of answers not ours that were read and dropped before this one (stale pipe). */
  clearedBytes?: number;
}

export const DEFAULT_QUERY_TIMEOUT_MS = 2000;

/** What the daemon said about its neighbors, safe to draw. The walk over every field happens only
 *  when the answer holds a control character or a JSON `\u` escape that could decode to one. */
function printableReports(reports: NeighborReport[], text: string): NeighborReport[] {
  return hasUnprintable(text) || text.includes('\\u') ? printableDeep(reports) : reports;
}

export class ControlClient {
  /** Every command this client sent, in order (bounded): what the daemon was asked. */
  readonly sent: string[] = [];

  constructor(
    readonly transport: Transport,
    public dialect: Dialect | null,
    private readonly timeoutMs = DEFAULT_QUERY_TIMEOUT_MS,
  ) {}

  /** The one door to the daemon: refuses anything off the allowlist of its dialect. */
  async send(command: string): Promise<
    | { ok: true; raw: string; latencyMs: number; clearedBytes?: number }
    | { ok: false; error: string; timedOut: boolean; raw: string; latencyMs: number; failure: FailureKind }
  > {
    if (!isAllowed(this.dialect, command)) throw new NotAllowedError(`"${command}" is not on the ${this.dialect ?? 'version-probe'} allowlist`);
    this.sent.push(command);
    if (this.sent.length > 100) this.sent.shift();
    const outcome = await this.transport.query(command, this.timeoutMs);
    if (!outcome.ok) {
      const { kind, message, partial } = outcome.failure;
      return { ok: false, error: message, timedOut: kind === 'timeout', raw: partial, latencyMs: outcome.latencyMs, failure: kind };
    }
    const cleared = outcome.clearedBytes ? { clearedBytes: outcome.clearedBytes } : {};
    return { ok: true, raw: outcome.raw, latencyMs: outcome.latencyMs, ...cleared };
  }

  command(query: Query): string | null {
    return this.dialect ? (COMMANDS[this.dialect][query] ?? null) : null;
  }

  /** The version the daemon reports, trying `version` then `system version` when unknown. */
  async askVersion(): Promise<string | null> {
    const commands = this.dialect ? [this.command('version')!] : [...PROBE_COMMANDS];
    for (const command of commands) {
      const answer = await this.send(command);
      if (!answer.ok || splitAnswer(answer.raw).terminator !== 'done') continue;
      const parsed = parseVersionAnswer(answerText(answer.raw));
      if (parsed.ok) return printable(parsed.value.version);
    }
    return null;
  }

  async pollNeighbors(now: () => number): Promise<ControlPoll> {
    return this.poll('neighbors', now);
  }

  /** The small answer (README "Polling schedule"); the full one where the dialect has none. */
  async pollSummary(now: () => number): Promise<ControlPoll> {
    return this.poll(this.command('summary') ? 'summary' : 'neighbors', now);
  }

  private async poll(query: 'neighbors' | 'summary', now: () => number): Promise<ControlPoll> {
    const command = this.command(query);
    const kind = query === 'summary' ? 'summary' : 'full';
    const base: Pick<ControlPoll, 't' | 'transport' | 'path' | 'status' | 'clearedBytes' | 'kind'> = { t: now(), transport: this.transport.kind, path: this.transport.path, status: null, kind };
    if (!command) return { ...base, latencyMs: 0, ok: false, timedOut: false, error: 'version unknown: no neighbor command to send', raw: null, neighbors: null };
    const answer = await this.send(command);
    if (!answer.ok) {
      const { latencyMs, timedOut, error, failure } = answer;
      return { ...base, latencyMs, ok: false, timedOut, error, raw: answer.raw || null, neighbors: null, failure };
    }
    if (answer.clearedBytes) base.clearedBytes = answer.clearedBytes;
    const bytes = answer.raw.length;
    const { terminator } = splitAnswer(answer.raw);
    if (terminator !== 'done') return { ...base, latencyMs: answer.latencyMs, ok: false, timedOut: false, error: `the daemon answered "${terminator}" to "${command}"`, raw: answer.raw, neighbors: null, bytes };
    const text = answerText(answer.raw);
    const bad = (error: string): ControlPoll => ({ ...base, latencyMs: answer.latencyMs, ok: false, timedOut: false, error: `bad answer to "${command}": ${printable(error)}`, raw: answer.raw, neighbors: null, bytes });
    if (query === 'summary') {
      const parsed: Parsed<Summary> = this.dialect === '6.0' ? parsePeerList(text) : parseSummaryTable(text, this.dialect !== '4.2');
      if (!parsed.ok) return bad(parsed.error);
      const summary = hasUnprintable(text) || text.includes('\\u') ? printableDeep(parsed.value) : parsed.value;
      return { ...base, latencyMs: answer.latencyMs, ok: true, timedOut: false, error: null, raw: null, neighbors: null, summary, bytes };
    }
    const parsed: Parsed<NeighborReport[]> = this.dialect === '4.2' ? parseExtensive(text) : parseNeighborJson(text);
    if (!parsed.ok) return bad(parsed.error);
    return { ...base, latencyMs: answer.latencyMs, ok: true, timedOut: false, error: null, raw: null, neighbors: printableReports(parsed.value, text), bytes };
  }

  /** 6.0 only: pid, uuid and start time, a second restart signal. */
  async pollStatus(): Promise<DaemonStatusReport | null> {
    const command = this.command('status');
    if (!command) return null;
    const answer = await this.send(command);
    if (!answer.ok || splitAnswer(answer.raw).terminator !== 'done') return null;
    const parsed = parseDaemonStatus(answerText(answer.raw));
    return parsed.ok ? parsed.value : null;
  }
}
