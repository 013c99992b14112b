// Which ExaBGP runs, and which reactor it runs (FACTS.md "Versions"): pure derivations with
// the evidence they came from, because an operator must be able to check the verdict.

export type VersionLine = '4.2' | '5.0' | '6.0' | 'unknown';

export interface VersionInfo {
  version: string;
  line: VersionLine;
  source: string;
}

export function versionLine(version: string): VersionLine {
  const match = /^(\d+)\.(\d+)/.exec(version);
  if (!match) return 'unknown';
  const key = `${match[1]}.${match[2]}`;
  if (key === '4.2' || key === '5.0' || key === '6.0') return key;
  if (match[1] === '4') return '4.2';
  return 'unknown';
}

export function makeVersion(version: string, source: string): VersionInfo {
  return { version, line: versionLine(version), source };
}

/** 5.0/6.0 launchers export `exabgp_version` into the daemon's environment. */
export function versionFromEnviron(env: Record<string, string>): VersionInfo | null {
  const value = env['exabgp_version'] ?? env['exabgp.version'];
  return value ? makeVersion(value, 'environ exabgp_version') : null;
}

/** Console scripts made by easy_install name the distribution: `exabgp==4.2.21`. */
export function versionFromScript(text: string, path: string): VersionInfo | null {
  const match = /exabgp==([0-9][^'"\s]*)/.exec(text);
  return match?.[1] ? makeVersion(match[1], `console script ${path}`) : null;
}

/** pip installs leave `exabgp-5.0.15.dist-info` beside the package. */
export function versionFromDistInfo(entries: readonly string[], dir: string): VersionInfo | null {
  for (const entry of entries) {
    const match = /^exabgp-([0-9][^/]*?)\.(dist-info|egg-info)$/.exec(entry);
    if (match?.[1]) return makeVersion(match[1], `package metadata ${dir}/${entry}`);
  }
  return null;
}

/** `version = '5.0.15'` style assignments in exabgp/version.py of a source checkout. */
export function versionFromVersionPy(text: string, path: string): VersionInfo | null {
  const match = /^version\s*=\s*['"]([0-9][^'"]*)['"]/m.exec(text);
  return match?.[1] ? makeVersion(match[1], path) : null;
}

/** Answers of `version` (4.2/5.0) and `system version` (6.0) over the control channel. */
export function versionFromControlAnswer(text: string): VersionInfo | null {
  const json = /"version"\s*:\s*"([^"]+)"/.exec(text);
  if (json?.[1]) return makeVersion(json[1], 'control channel');
  const plain = /exabgp\s+([0-9][^\s]*)/i.exec(text);
  return plain?.[1] ? makeVersion(plain[1], 'control channel') : null;
}

export type ReactorMode = 'generator' | 'asyncio' | 'unknown';

export interface ReactorInfo {
  mode: ReactorMode;
  source: string;
}

const TRUE_WORDS = new Set(['true', '1', 'yes', 'on', 'enable', 'enabled']);

/**
 * Reads a reactor setting from the environment (dotted name first, it wins) and the env file.
 * Returns the raw value with where it came from.
 */
export function findSetting(
  option: string,
  environ: Record<string, string>,
  envFile: Record<string, string>,
): { value: string; where: string } | null {
  const dotted = `exabgp.reactor.${option}`;
  const underscored = `exabgp_reactor_${option}`;
  if (environ[dotted] !== undefined) return { value: environ[dotted], where: `environ ${dotted}` };
  if (environ[underscored] !== undefined) return { value: environ[underscored], where: `environ ${underscored}` };
  if (envFile[dotted] !== undefined) return { value: envFile[dotted], where: `env file [exabgp.reactor] ${option}` };
  return null;
}

export function deriveReactor(
  version: VersionInfo | null,
  environ: Record<string, string>,
  envFile: Record<string, string> = {},
): ReactorInfo {
  const asyncio = findSetting('asyncio', environ, envFile);
  const legacy = findSetting('legacy', environ, envFile);
  if (!version || version.line === 'unknown') {
    return { mode: 'unknown', source: 'version unknown: the reactor follows from the version' };
  }
  if (version.line === '4.2' || version.line === '5.0') {
    const ignored = asyncio && TRUE_WORDS.has(asyncio.value.toLowerCase())
      ? `; ${asyncio.where}=${asyncio.value} is ignored by this version`
      : '';
    return { mode: 'generator', source: `ExaBGP ${version.version}: the ${version.line} line has only the generator reactor${ignored}` };
  }
  if (legacy && TRUE_WORDS.has(legacy.value.toLowerCase())) {
    return {
      mode: 'generator',
      source: `ExaBGP ${version.version} with ${legacy.where}=${legacy.value}: generator on builds of 2025-11-21..30; later builds ignore it and run asyncio`,
    };
  }
  if (asyncio) {
    const on = TRUE_WORDS.has(asyncio.value.toLowerCase());
    return {
      mode: 'asyncio',
      source: on
        ? `ExaBGP ${version.version} with ${asyncio.where}=${asyncio.value}`
        : `ExaBGP ${version.version}: ${asyncio.where}=${asyncio.value} only mattered on builds of 2025-11-17..20; asyncio since`,
    };
  }
  return { mode: 'asyncio', source: `ExaBGP ${version.version}: the 6.0 line runs asyncio (its generator loop was removed on 2025-12-01)` };
}

/** Flattens an ini env file (`[exabgp.reactor]` / `asyncio = true`) into dotted keys. */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let section = '';
  for (const raw of text.split('\n')) {
    // Whole-line comments only: ExaBGP's ini reader keeps `value # text` as the value.
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header?.[1]) {
      section = header[1].trim();
      continue;
    }
    const eq = line.indexOf('=');
    if (eq < 0 || section === '') continue;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim().replace(/^['"](.*)['"]$/, '$1');
    out[`${section}.${key}`] = value;
  }
  return out;
}
