// 5.0 `show neighbor json` and 6.0 `peer show` (also 6.0's `show neighbor json` on API v4): one
// JSON array of neighbor objects. 6.0 adds `prefixes` and writes flags as 1/0/-1 where 5.0 writes
// true/false/null.

import { z } from 'zod';
import { parseJsonAnswer, safely, toFsm } from './framing.js';
import type { CapabilityReport, FamilyReport, MessageCounters, NeighborReport, Parsed } from '../model/control.js';

const flag = z
  .union([z.boolean(), z.null(), z.literal(1), z.literal(0), z.literal(-1)])
  .transform((v) => (v === null || v === -1 ? null : v === true || v === 1));

const count = z.number().int().nonnegative();
const optionalCount = count.nullish().transform((v) => v ?? null);

const side = z.looseObject({
  address: z.string().nullish(),
  as: count.nullish(),
  id: z.string().nullish(),
  hold: z.number().nonnegative().nullish(),
  capabilities: z.record(z.string(), flag).nullish(),
  families: z.record(z.string(), flag).nullish(),
});

const counters = z.looseObject({
  open: optionalCount,
  notification: optionalCount,
  keepalive: optionalCount,
  update: optionalCount,
  refresh: optionalCount,
  total: optionalCount,
});

const neighbor = z.looseObject({
  // `state` (up/down) is not read: it lags `fsm` by up to ~1 s after a session comes back.
  fsm: z.string(),
  duration: z.number().nonnegative().nullish(),
  local: side,
  peer: side.extend({ address: z.string().min(1) }),
  messages: z.looseObject({ sent: counters, received: counters }),
  'add-path': z.record(z.string(), z.string()).nullish(),
  prefixes: z.looseObject({ received: optionalCount, withdrawn: optionalCount }).nullish(),
  description: z.string().nullish(),
});

const answer = z.array(neighbor);

type Side = z.output<typeof side>;
type Neighbor = z.output<typeof neighbor>;

/** Names from both sides, local order first. */
function namesOf(local: Record<string, unknown> | null | undefined, peer: Record<string, unknown> | null | undefined) {
  return [...new Set([...Object.keys(local ?? {}), ...Object.keys(peer ?? {})])];
}

function capabilitiesOf(local: Side, peer: Side): CapabilityReport[] {
  return namesOf(local.capabilities, peer.capabilities).map((name) => ({
    name,
    local: local.capabilities?.[name] ?? null,
    remote: peer.capabilities?.[name] ?? null,
  }));
}

function familiesOf(n: Neighbor): FamilyReport[] {
  return namesOf(n.local.families, n.peer.families).map((name) => ({
    name,
    local: n.local.families?.[name] ?? null,
    remote: n.peer.families?.[name] ?? null,
    addPath: n['add-path']?.[name] ?? null,
  }));
}

function countersOf(c: z.output<typeof counters>): MessageCounters {
  return {
    open: c.open,
    notification: c.notification,
    keepalive: c.keepalive,
    update: c.update,
    refresh: c.refresh,
    total: c.total,
  };
}

function reportOf(n: Neighbor): NeighborReport {
  return {
    address: n.peer.address,
    localAddress: n.local.address ?? null,
    peerAs: n.peer.as ?? null,
    localAs: n.local.as ?? null,
    peerId: n.peer.id ?? null,
    localId: n.local.id ?? null,
    description: n.description ?? null,
    fsm: toFsm(n.fsm),
    durationS: n.duration ?? null,
    holdTime: { local: n.local.hold ?? null, remote: n.peer.hold ?? null },
    messages: { sent: countersOf(n.messages.sent), received: countersOf(n.messages.received) },
    prefixes: n.prefixes ? { received: n.prefixes.received, withdrawn: n.prefixes.withdrawn } : null,
    capabilities: capabilitiesOf(n.local, n.peer),
    families: familiesOf(n),
  };
}

export function parseNeighborJson(text: string): Parsed<NeighborReport[]> {
  return safely(text, () => {
    const parsed = parseJsonAnswer(text, answer);
    return parsed.ok ? { ok: true, value: parsed.value.map(reportOf) } : parsed;
  });
}
