// What an establishment run is still waiting for, said while it waits. Pure.

export interface WaitingFor {
  /** Not yet ESTABLISHED, each with its last state. */
  pending: { address: string; state: string }[];
  established: number;
  expected: number;
  /** ms since the new daemon life started. */
  elapsedMs: number;
}

/** "waiting for 127.0.140.3 (ACTIVE), 2/3 ESTABLISHED after 1.4 s" */
export function describeWaiting(w: WaitingFor): string {
  const names = w.pending.slice(0, 3).map((p) => `${p.address} (${p.state})`).join(', ');
  const more = w.pending.length > 3 ? ` and ${w.pending.length - 3} more` : '';
  return `waiting for ${names}${more}, ${w.established}/${w.expected} ESTABLISHED after ${(w.elapsedMs / 1000).toFixed(1)} s`;
}
