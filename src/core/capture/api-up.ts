// When each session of a daemon life reached ESTABLISHED, by the daemon's own clock: the `up`
// state events of its API event stream (an API `process` with `neighbor-changes`, one JSON
// document per line, optionally after a receive timestamp). Their `time` is the daemon's
// time.time() when the session came up (µs), where the control channel only bounds the moment
// by its polls, and a restarting 4.2 opens its pipe after its sessions are already up.

const PREFIXED = /^(?:\d+(?:\.\d+)?\s+)?(\{.*\})\s*$/;

interface StateEvent {
  time?: unknown;
  pid?: unknown;
  type?: unknown;
  neighbor?: { state?: unknown; address?: { peer?: unknown } };
}

/**
 * The first `up` of each neighbor written by daemon `pid` at or after `since` (epoch ms), by
 * peer address, in epoch ms. Lines that are not such events are skipped.
 */
export function upTimesFrom(text: string, pid: number, since: number): Map<string, number> {
  const up = new Map<string, number>();
  for (const raw of text.split('\n')) {
    if (raw.indexOf('"up"') === -1 || raw.indexOf('"state"') === -1) continue;
    const json = PREFIXED.exec(raw)?.[1];
    if (!json) continue;
    let event: StateEvent;
    try {
      event = JSON.parse(json) as StateEvent;
    } catch {
      continue;
    }
    if (event.type !== 'state' || event.neighbor?.state !== 'up' || event.pid !== pid) continue;
    const peer = event.neighbor.address?.peer;
    if (typeof peer !== 'string' || typeof event.time !== 'number') continue;
    const t = event.time * 1000;
    if (t >= since && !up.has(peer)) up.set(peer, t);
  }
  return up;
}
