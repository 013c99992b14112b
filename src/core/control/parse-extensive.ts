// Text of `show neighbor extensive` (4.2, 5.0, and 6.0 on API v4): one block per neighbor,
//
//   Neighbor 127.0.1.2
//     Session                       Local
//      state                  ESTABLISHED
//      up for                     0:00:04
//     Setup                         Local          Remote
//      AS                           65001           65002
//     Capability / Families / Message Statistic / Prefix Statistic (6.0) rows `name: v1 v2 …`
//
// Indentation and blank lines differ between versions. Rows and columns nobody reads are skipped;
// a row that is read must have the expected shape, and Message Statistic must be complete.

import { fail, safely, toFsm } from './framing.js';
import type { CapabilityReport, FamilyReport, MessageCounters, NeighborReport, Parsed } from '../model/control.js';

const SECTION = /^\s*(Session|Setup|Capability|Families|Message Statistic|Prefix Statistic)(\s|$)/;
const COUNTERS = ['open', 'notification', 'keepalive', 'update', 'refresh', 'total'] as const;

type Section = 'Session' | 'Setup' | 'Capability' | 'Families' | 'Message Statistic' | 'Prefix Statistic';

interface Block {
  address: string;
  sections: Map<Section, string[]>;
}

class Malformed extends Error {}

/** `0:00:04`, `1 day, 2:03:04`, `0:00:04.500000` (Python's timedelta) → seconds. */
function durationOf(text: string): number {
  const m = /^(?:(\d+) days?, )?(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(text);
  if (!m) throw new Malformed(`bad duration "${text}"`);
  return Number(m[1] ?? 0) * 86400 + Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]);
}

function flagOf(value: string, row: string): boolean | null {
  if (value === 'enabled') return true;
  if (value === 'disabled') return false;
  if (value === 'n/a') return null;
  throw new Malformed(`row "${row}": unexpected value "${value}"`);
}

function intOf(value: string | undefined, row: string): number {
  if (value === undefined || !/^\d+$/.test(value)) throw new Malformed(`row "${row}": expected a number, got "${value ?? ''}"`);
  return Number(value);
}

function intOrNa(value: string | undefined, row: string): number | null {
  return value === 'n/a' ? null : intOf(value, row);
}

/** `name: v1 v2 …` rows (the name may hold spaces, `ipv4 unicast:`); rows without `:` are skipped. */
function namedRows(lines: string[]): { name: string; values: string[] }[] {
  const rows: { name: string; values: string[] }[] = [];
  for (const line of lines) {
    const m = /^\s*([^:]+):(?:\s+(.*))?$/.exec(line);
    if (m) rows.push({ name: (m[1] ?? '').trim(), values: (m[2] ?? '').trim().split(/\s+/).filter(Boolean) });
  }
  return rows;
}

function splitBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let current: Block | null = null;
  let section: string[] | null = null;
  for (const line of text.split('\n')) {
    const neighbor = /^\s*Neighbor\s+(\S+)/.exec(line);
    const header = SECTION.exec(line);
    if (neighbor) {
      current = { address: neighbor[1] ?? '', sections: new Map() };
      blocks.push(current);
      section = null;
    } else if (!current) {
      if (line.trim() !== '') throw new Malformed(`unexpected text before the first Neighbor block: "${line.trim().slice(0, 60)}"`);
    } else if (header) {
      section = [];
      current.sections.set(header[1] as Section, section);
    } else if (section) {
      section.push(line);
    }
  }
  return blocks;
}

function sessionOf(lines: string[]) {
  let state: string | null = null;
  let localAddress: string | null = null;
  let durationS: number | null = null;
  for (const line of lines) {
    const m = /^\s*(local|state|up for|down for)(?:\s+(.*?))?\s*$/.exec(line);
    if (!m) continue;
    const [, key, value = ''] = m;
    if (value === '') throw new Malformed(`row "${key}" has no value`);
    if (key === 'state') state = value;
    else if (key === 'local') localAddress = value === 'n/a' ? null : value;
    else durationS = durationOf(value);
  }
  if (state === null) throw new Malformed('no state row');
  return { fsm: toFsm(state), localAddress, durationS };
}

interface Setup {
  localAs: number | null;
  peerAs: number | null;
  localId: string | null;
  peerId: string | null;
  holdLocal: number | null;
  holdRemote: number | null;
}

function setupOf(lines: string[]): Setup {
  const setup: Setup = { localAs: null, peerAs: null, localId: null, peerId: null, holdLocal: null, holdRemote: null };
  for (const line of lines) {
    const m = /^\s*(AS|ID|hold-time)(?:\s+(.*))?$/.exec(line);
    if (!m) continue;
    const [local = '', remote] = (m[2] ?? '').trim().split(/\s+/);
    if (remote === undefined) throw new Malformed(`row "${m[1]}": expected local and remote values`);
    if (m[1] === 'AS') {
      setup.localAs = intOrNa(local, 'AS');
      setup.peerAs = intOrNa(remote, 'AS');
    } else if (m[1] === 'hold-time') {
      setup.holdLocal = intOrNa(local, 'hold-time');
      setup.holdRemote = intOrNa(remote, 'hold-time');
    } else {
      setup.localId = local === 'n/a' ? null : local;
      setup.peerId = remote === 'n/a' ? null : remote;
    }
  }
  return setup;
}

function countersOf(lines: string[] | undefined): { sent: MessageCounters; received: MessageCounters } {
  if (!lines) throw new Malformed('no Message Statistic section');
  const rows = new Map(namedRows(lines).map((r) => [r.name, r.values]));
  const sent = {} as MessageCounters;
  const received = {} as MessageCounters;
  for (const name of COUNTERS) {
    const values = rows.get(name);
    if (!values) throw new Malformed(`Message Statistic has no "${name}" row`);
    sent[name] = intOf(values[0], name);
    received[name] = intOf(values[1], name);
  }
  return { sent, received };
}

function prefixesOf(lines: string[] | undefined): NeighborReport['prefixes'] {
  if (!lines) return null;
  const rows = new Map(namedRows(lines).map((r) => [r.name, r.values]));
  return { received: intOf(rows.get('received')?.[0], 'received'), withdrawn: intOf(rows.get('withdrawn')?.[0], 'withdrawn') };
}

function reportOf(block: Block): NeighborReport {
  const session = sessionOf(block.sections.get('Session') ?? []);
  const setup = setupOf(block.sections.get('Setup') ?? []);
  // Remote capabilities come from the peer's OPEN, like its ID. 6.0 on API v4 prints `enabled`
  // for a peer that never sent one (its -1 is truthy), so without a peer ID they are unknown.
  const remoteKnown = setup.peerId !== null;
  const capabilities: CapabilityReport[] = namedRows(block.sections.get('Capability') ?? []).map(({ name, values }) => {
    if (values.length < 2) throw new Malformed(`capability row "${name}": expected local and remote values`);
    const remote = flagOf(values[1] ?? '', name);
    return { name, local: flagOf(values[0] ?? '', name), remote: remoteKnown ? remote : null };
  });
  const families: FamilyReport[] = namedRows(block.sections.get('Families') ?? []).map(({ name, values }) => {
    if (values.length < 2) throw new Malformed(`family row "${name}": expected local and remote values`);
    const remote = flagOf(values[1] ?? '', name);
    const addPath = values[2] === undefined || values[2] === 'n/a' ? null : values[2];
    return { name, local: flagOf(values[0] ?? '', name), remote: remoteKnown ? remote : null, addPath };
  });
  return {
    address: block.address,
    localAddress: session.localAddress,
    peerAs: setup.peerAs,
    localAs: setup.localAs,
    peerId: setup.peerId,
    localId: setup.localId,
    description: null,
    fsm: session.fsm,
    durationS: session.durationS,
    holdTime: { local: setup.holdLocal, remote: setup.holdRemote },
    messages: countersOf(block.sections.get('Message Statistic')),
    prefixes: prefixesOf(block.sections.get('Prefix Statistic')),
    capabilities,
    families,
  };
}

/** The block's report; a malformed row names its neighbor. */
function reportNaming(block: Block): NeighborReport {
  try {
    return reportOf(block);
  } catch (error) {
    throw error instanceof Malformed ? new Malformed(`neighbor ${block.address}: ${error.message}`) : error;
  }
}

export function parseExtensive(text: string): Parsed<NeighborReport[]> {
  return safely(text, () => {
    // Refused rather than read as "no neighbors": a stray `done` on a 6.0 socket looks the same.
    if (text.trim() === '') return fail('empty answer', text);
    try {
      return { ok: true, value: splitBlocks(text).map(reportNaming) };
    } catch (error) {
      if (error instanceof Malformed) return fail(error.message, text);
      throw error;
    }
  });
}
