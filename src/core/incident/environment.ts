// The "Environment" facts of an issue report, parsed from the files they come from. Pure: the
// probe (src/probes/environment.ts) reads the files, these read the text.

export interface Fact {
  value: string | null;
  /** Where it came from, or why it is missing. */
  source: string;
}

export interface EnvironmentFacts {
  python: Fact;
  exabgpVersion: Fact;
  exabgpCommit: Fact;
  os: Fact;
  reactor: { mode: 'generator' | 'asyncio' | 'unknown'; source: string };
  peers: { configured: number | null; established: number | null; source: string };
}

/** `version = 3.11.2` (or `version_info = 3.12.1.final.0`) in a venv's pyvenv.cfg. */
export function pythonFromPyvenv(text: string): string | null {
  const m = /^\s*version(?:_info)?\s*=\s*(\d+\.\d+(?:\.\d+)?)/m.exec(text);
  return m?.[1] ?? null;
}

/** `Python 3.11.2` as `python3 --version` prints it. */
export function pythonFromVersionAnswer(text: string): string | null {
  return /Python\s+(\d+\.\d+(?:\.\d+)?\S*)/.exec(text)?.[1] ?? null;
}

/** PRETTY_NAME, else NAME + VERSION, of /etc/os-release. */
export function osFromOsRelease(text: string): string | null {
  const fields: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) fields[m[1]!] = m[2]!.replace(/^"(.*)"$/, '$1');
  }
  return fields['PRETTY_NAME'] ?? (fields['NAME'] ? `${fields['NAME']} ${fields['VERSION'] ?? ''}`.trim() : null);
}

/** A commit carried by the version string: 5.0's `5.0.13-20261122+5.0-edf2495711`. */
export function commitFromVersion(version: string): string | null {
  // A build date (20261122) is hex too: a commit has a letter.
  return /[-+.]g?((?=[0-9]*[a-f])[0-9a-f]{7,40})$/.exec(version)?.[1] ?? null;
}

/** A git HEAD: a detached commit, or a ref resolved through the ref file or packed-refs. */
export function commitFromGitHead(head: string, readRef: (ref: string) => string | null): string | null {
  const text = head.trim();
  if (/^[0-9a-f]{40}$/.test(text)) return text;
  const ref = /^ref:\s*(\S+)/.exec(text)?.[1];
  if (!ref) return null;
  const direct = readRef(ref)?.trim();
  if (direct && /^[0-9a-f]{40}$/.test(direct)) return direct;
  const packed = readRef('packed-refs') ?? '';
  for (const line of packed.split('\n')) {
    const [sha, name] = line.trim().split(/\s+/);
    if (name === ref && sha && /^[0-9a-f]{40}$/.test(sha)) return sha;
  }
  return null;
}
