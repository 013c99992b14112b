// What one exatop process (the poller of a daemon life) tells the others watching the same life,
// and what they ask of it. One JSON object per line over a private unix socket.
import { z } from 'zod';
import type { ControlPoll } from '../control/client.js';
import type { Dialect } from '../control/commands.js';
import type { TransportKind } from '../control/transport.js';
import type { DaemonStatusReport } from '../model/control.js';

export const FEED_VERSION = 1;

/** A daemon life: pid and start ticks, unique on this host until reboot. */
export interface LifeKey {
  pid: number;
  startTicks: number;
}

/** The lock of a life is an abstract unix socket: bound by one process at a time, freed by the
 *  kernel when that process dies (as an flock is), and no file to go stale after kill -9. */
export function lockName(key: LifeKey): string {
  return `\0exatop/poller/${key.pid}-${key.startTicks}`;
}

/** One file per join (several monitors of one process, a capture beside its TUI, each has its own). */
export function feedFileName(key: LifeKey, ownPid: number, serial: number): string {
  return `feed-${key.pid}-${key.startTicks}-${ownPid}-${serial}.sock`;
}

/** What the lock's holder answers anyone who connects to the lock: who it is and where its feed is. */
export interface HolderNote {
  pid: number;
  uid: number;
  command: string;
  feed: string;
}

export interface FeedHello {
  type: 'hello';
  v: number;
  poller: { pid: number; command: string };
  transport: TransportKind;
  path: string;
  dialect: Dialect | null;
  version: string | null;
  /** The poller's last answers, so a newcomer (a snapshot) has data at once. */
  last: ControlPoll | null;
  /** A small answer newer than `last` (the full one), to apply on top of it. */
  since?: ControlPoll | null;
  status: DaemonStatusReport | null;
}

export type FeedMessage =
  | FeedHello
  | { type: 'poll'; poll: ControlPoll }
  | { type: 'status'; status: DaemonStatusReport }
  /** A query is in flight (true) or none is (false): a follower taking over after the poller's
   *  death knows whether an answer may still be coming out of the pipe. */
  | { type: 'busy'; busy: boolean };

/** A follower asks the poller to poll the control channel at least this often (its own interval,
 *  or a capture's 50 ms during an establishment run). */
export interface FollowerWant {
  type: 'want';
  intervalMs: number;
  /** Its details view is open: it needs the full answer at every poll (absent: no). */
  full?: boolean;
}

const holderSchema = z.object({ type: z.literal('holder'), pid: z.number().int().positive(), uid: z.number().int().min(0), command: z.string(), feed: z.string().min(1) });

const pollSchema = z.looseObject({ t: z.number(), ok: z.boolean(), transport: z.enum(['pipe', 'socket']), path: z.string(), latencyMs: z.number(), neighbors: z.array(z.looseObject({ address: z.string(), fsm: z.string() })).nullable() });
const statusSchema = z.looseObject({ pid: z.number().nullable() });
const feedSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('hello'), v: z.literal(FEED_VERSION), poller: z.object({ pid: z.number(), command: z.string() }), transport: z.enum(['pipe', 'socket']), path: z.string(), dialect: z.string().nullable(), version: z.string().nullable(), last: pollSchema.nullable(), since: pollSchema.nullish(), status: statusSchema.nullable() }),
  z.object({ type: z.literal('poll'), poll: pollSchema }),
  z.object({ type: z.literal('status'), status: statusSchema }),
  z.object({ type: z.literal('busy'), busy: z.boolean() }),
]);
const wantSchema = z.object({ type: z.literal('want'), intervalMs: z.number().int().min(10).max(3_600_000), full: z.boolean().optional() });

function json(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

export function parseHolderNote(line: string): HolderNote | null {
  const parsed = holderSchema.safeParse(json(line));
  if (!parsed.success) return null;
  const { pid, uid, command, feed } = parsed.data;
  return { pid, uid, command, feed };
}

export function holderLine(note: HolderNote): string {
  return `${JSON.stringify({ type: 'holder', ...note })}\n`;
}

/** A line from the feed, or null when it is not one (a newer exatop, a broken writer). The poller
 *  is the same user's exatop (the socket is 0600); the shape is checked, the values are its own. */
export function parseFeedLine(line: string): FeedMessage | null {
  const parsed = feedSchema.safeParse(json(line));
  return parsed.success ? (parsed.data as unknown as FeedMessage) : null;
}

export function parseWantLine(line: string): FollowerWant | null {
  const parsed = wantSchema.safeParse(json(line));
  return parsed.success ? parsed.data : null;
}
