// What a control-channel transport answers: the raw text up to and including the terminator,
// or a failure that says what the operator can do about it.

export type TransportKind = 'pipe' | 'socket';

export type FailureKind = 'no-daemon' | 'missing' | 'permission' | 'timeout' | 'closed' | 'io'
  /** The answer to an earlier query that timed out is still being read. */
  | 'busy'
  /** Another client (exabgpcli, a script) has the pipe open: exatop waits. */
  | 'foreign';

export interface QueryFailure {
  kind: FailureKind;
  message: string;
  /** Whatever arrived before the failure, for the "bad answer" view. */
  partial: string;
}

export type QueryOutcome =
  /** `clearedBytes`: bytes of other answers read and dropped before this one. */
  | { ok: true; raw: string; latencyMs: number; clearedBytes?: number }
  | { ok: false; failure: QueryFailure; latencyMs: number };

export interface Transport {
  readonly kind: TransportKind;
  readonly path: string;
  query(command: string, timeoutMs: number): Promise<QueryOutcome>;
  close(): void;
}

export function describeOwner(path: string, uid: number | null, gid: number | null, mode: number | null): string {
  const perms = mode === null ? '' : ` mode ${(mode & 0o777).toString(8)}`;
  return `${path} (uid ${uid ?? '?'}, gid ${gid ?? '?'}${perms}): run exatop as root, as that user, or join that group`;
}
