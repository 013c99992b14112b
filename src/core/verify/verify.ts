// The runbook's rollback validation ("Verify generator mode active", "Verify sessions
// establish", "Monitor for 15 minutes"), decided over a watch of the monitor's states. Pure:
// it is shown states and told the time. A condition is true, false (it failed, and says how),
// or null (no data to decide it: never a pass).
import type { MonitorState } from '../model/state.js';

export type Expectation = 'generator' | 'asyncio' | null;

export interface Condition {
  name: string;
  ok: boolean | null;
  detail: string;
}

const ASYNCIO = /asyncio/i;

export interface VerifyOptions {
  expect: Expectation;
  /** Neighbors that must be ESTABLISHED; null: the configured ones (else those the daemon lists). */
  neighbors: string[] | null;
  /** Log entries from this time on count (the daemon's start: the whole current life). */
  logsFrom: number;
}

/** Refuses at once what cannot hold: generator on a 6.0 build that only runs asyncio. */
export function impossibleExpectation(state: MonitorState, expect: Expectation): string | null {
  const d = state.daemon;
  if (!d || expect !== 'generator' || d.version?.line !== '6.0' || d.reactor.mode !== 'asyncio') return null;
  return `ExaBGP ${d.version.version} runs asyncio only (${d.reactor.source}): generator mode cannot be verified on it; roll back to a 5.0 or 4.2 daemon, or --expect asyncio`;
}

interface NeighborWatch {
  established: boolean;
  reachedAt: number | null;
  flapsAtReach: number;
  failure: string | null;
}

const iso = (t: number) => new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');

export class VerifyWatch {
  private first: MonitorState | null = null;
  private firstLife: string | null = null;
  private restart: string | null = null;
  private restartDone = false;
  private reactorSeen: { mode: string; source: string } | null = null;
  private neighbors = new Map<string, NeighborWatch>();
  private tracebacks: { t: number; summary: string }[] = [];
  private asyncioLines: { t: number; text: string }[] = [];
  private polledOk = false;
  private logFollowed = false;
  private seenEntries = new Set<number>();
  private startedAt: number;

  constructor(private readonly options: VerifyOptions, start: number) {
    this.startedAt = start;
  }

  private expected(state: MonitorState): string[] {
    if (this.options.neighbors) return this.options.neighbors;
    if (state.configured.length) return state.configured.map((n) => n.address);
    return state.neighbors.map((n) => n.address);
  }

  observe(state: MonitorState, now: number): void {
    this.first ??= state;
    const life = state.daemon ? `${state.daemon.pid}:${state.daemon.startTicks}` : null;
    if (this.firstLife === null && life !== null) this.firstLife = life;
    if (this.firstLife !== null && !this.restartDone) {
      if (state.phase !== 'attached') this.restart ??= `the daemon went away at ${iso(now)} (${state.message ?? state.phase})`;
      else if (life !== this.firstLife || state.restarts > this.first.restarts) {
        this.restart = `the daemon restarted: ${this.restart ? `${this.restart.replace('the daemon ', '')}, back` : 'new life'} as pid ${state.daemon?.pid} at ${iso(now)}`;
        this.restartDone = true;
      }
    }
    if (state.daemon) this.reactorSeen = { mode: state.daemon.reactor.mode, source: state.daemon.reactor.source };
    if (state.control.ok === true && state.control.lastOkAt !== null && state.control.lastOkAt >= this.startedAt) this.polledOk = true;
    if (state.logs.sources.some((s) => s.state === 'following')) this.logFollowed = true;
    if (state.phase === 'attached' && state.control.ok === true) this.watchNeighbors(state, now);
    for (const e of state.logs.entries) {
      if (this.seenEntries.has(e.id) || e.last < this.options.logsFrom) continue;
      this.seenEntries.add(e.id);
      if (e.class === 'traceback') this.tracebacks.push({ t: e.first, summary: e.summary });
      const text = [e.summary, ...e.lines].find((l) => ASYNCIO.test(l));
      if (text) this.asyncioLines.push({ t: e.first, text });
    }
    if (this.seenEntries.size > 10_000) this.seenEntries = new Set([...this.seenEntries].slice(-5000));
  }

  private watchNeighbors(state: MonitorState, now: number): void {
    const rows = new Map(state.neighbors.map((n) => [n.address, n]));
    for (const address of this.expected(state)) {
      const w = this.neighbors.get(address) ?? { established: false, reachedAt: null, flapsAtReach: 0, failure: null };
      this.neighbors.set(address, w);
      const row = rows.get(address);
      const up = row?.established ?? false;
      if (up && w.reachedAt === null) {
        w.reachedAt = now;
        w.flapsAtReach = row!.flaps;
      }
      if (w.reachedAt !== null && w.failure === null) {
        if (!up) w.failure = `${address} left ESTABLISHED at ${iso(now)} (${row ? row.fsm : 'no longer listed'})`;
        else if (row!.flaps > w.flapsAtReach) w.failure = `${address} reset at ${iso(now)} (down and up again between two polls)`;
      }
      w.established = up;
    }
  }

  /** True once a condition failed for good: the watch can stop early. */
  failed(): boolean {
    return this.conditions(false).some((c) => c.ok === false);
  }

  /** The conditions as they stand; `final` decides those that need the whole window. */
  conditions(final = true): Condition[] {
    const out: Condition[] = [];
    const expect = this.options.expect;
    const r = this.reactorSeen;
    if (expect === null) out.push({ name: 'reactor', ok: r ? true : null, detail: r ? `${r.mode} (${r.source}); no --expect given` : 'no daemon seen' });
    else if (!r || r.mode === 'unknown') out.push({ name: 'reactor', ok: null, detail: r ? `unknown (${r.source})` : 'no daemon seen' });
    else out.push({ name: 'reactor', ok: r.mode === expect, detail: `${r.mode}${r.mode === expect ? '' : `, expected ${expect}`} (${r.source})` });

    const watches = [...this.neighbors.entries()];
    if (!this.polledOk || watches.length === 0) {
      out.push({ name: 'sessions', ok: null, detail: this.polledOk ? 'no neighbor configured or listed (--neighbors A,B…)' : 'the control channel never answered: neighbor states unknown' });
    } else {
      const failures = watches.flatMap(([, w]) => (w.failure ? [w.failure] : []));
      const never = watches.filter(([, w]) => w.reachedAt === null).map(([a]) => a);
      const up = watches.filter(([, w]) => w.established).length;
      if (failures.length) out.push({ name: 'sessions', ok: false, detail: failures.join('; ') });
      else if (never.length && final) out.push({ name: 'sessions', ok: false, detail: `never ESTABLISHED: ${never.join(', ')}` });
      else out.push({ name: 'sessions', ok: never.length ? null : true, detail: `${up}/${watches.length} ESTABLISHED${never.length ? `, waiting for ${never.join(', ')}` : ', none left it'}` });
    }

    out.push(this.restart ? { name: 'restarts', ok: false, detail: this.restart } : { name: 'restarts', ok: this.firstLife ? true : null, detail: this.firstLife ? 'none' : 'no daemon seen' });

    if (!this.logFollowed) {
      out.push({ name: 'tracebacks', ok: null, detail: 'no log followed (--log FILE or --journal UNIT)' });
      if (expect === 'generator') out.push({ name: 'asyncio in the log', ok: null, detail: 'no log followed' });
    } else {
      const tb = this.tracebacks;
      out.push({ name: 'tracebacks', ok: tb.length === 0, detail: tb.length ? tb.slice(0, 3).map((x) => `${iso(x.t)} ${x.summary}`).join('; ') : 'none' });
      if (expect === 'generator') {
        const a = this.asyncioLines;
        out.push({ name: 'asyncio in the log', ok: a.length === 0, detail: a.length ? `${a.length} line${a.length === 1 ? '' : 's'}, first at ${iso(a[0]!.t)}: ${a[0]!.text}` : 'no line mentions asyncio' });
      }
    }
    return out;
  }
}

/** 0 every condition holds, 1 one failed, 3 one could not be decided. */
export function verifyExit(conditions: readonly Condition[]): 0 | 1 | 3 {
  if (conditions.some((c) => c.ok === false)) return 1;
  if (conditions.some((c) => c.ok === null)) return 3;
  return 0;
}
