// How the attached daemon's reactor mode is set on this host, and the runbook's rollback for
// that way of setting it (reference: "Enabling Async Mode" and "Emergency Rollback"). Shown to
// the operator, never executed.

export type ModeMethod = 'environment' | 'systemd' | 'env-file';

export interface ModeSetting {
  method: ModeMethod;
  /** Where it was seen: the variable, the unit file line, the env file section. */
  evidence: string;
}

export interface ModeGuidance {
  settings: ModeSetting[];
  /** The runbook's steps to roll back, for the first method found (or all three when none). */
  rollback: string[];
  validation: string[];
}

const VARIABLES = ['exabgp_reactor_asyncio', 'exabgp.reactor.asyncio', 'exabgp_reactor_legacy', 'exabgp.reactor.legacy'];

const ROLLBACK: Record<ModeMethod, string[]> = {
  environment: ['unset exabgp_reactor_asyncio', 'systemctl restart exabgp'],
  systemd: ['systemctl stop exabgp', '# remove the Environment="exabgp_reactor_asyncio=true" line from the service file', 'systemctl daemon-reload', 'systemctl start exabgp'],
  'env-file': ['# comment out asyncio = true under [exabgp.reactor] in the env file', 'systemctl restart exabgp'],
};

// The runbook's `journalctl … | grep -v async` prints the lines *without* "async" (the check
// inverted), and 4.2's generator loop logs "async | …" lines of its own: exatop verify does it.
const VALIDATION = [
  'exatop verify --for 15m --expect generator   # generator reactor, every session ESTABLISHED and kept,',
  '#   no traceback, no restart, no log line of this daemon life mentioning asyncio; exit 0 only then',
];

/** `Environment=` assignments of a unit file (and its drop-ins), quoted or not. */
export function unitEnvironment(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line.startsWith('Environment=')) continue;
    for (const m of line.slice('Environment='.length).matchAll(/"([^"=]+)=([^"]*)"|([^\s"=]+)=(\S*)/g)) {
      const key = m[1] ?? m[3];
      if (key) out[key] = m[2] ?? m[4] ?? '';
    }
  }
  return out;
}

export function modeGuidance(input: {
  environ: Record<string, string>;
  envFilePath: string | null;
  envFile: Record<string, string>;
  unit: string | null;
  unitFiles: { path: string; text: string }[];
}): ModeGuidance {
  const settings: ModeSetting[] = [];
  const fromUnit = new Set<string>();
  for (const file of input.unitFiles) {
    const env = unitEnvironment(file.text);
    for (const key of VARIABLES) {
      if (env[key] === undefined) continue;
      fromUnit.add(key);
      settings.push({ method: 'systemd', evidence: `${file.path}: Environment="${key}=${env[key]}"` });
    }
  }
  for (const key of VARIABLES) {
    if (input.environ[key] !== undefined && !fromUnit.has(key)) settings.push({ method: 'environment', evidence: `${key}=${input.environ[key]} in the daemon's environment` });
  }
  for (const option of ['asyncio', 'legacy']) {
    const value = input.envFile[`exabgp.reactor.${option}`];
    if (value !== undefined) settings.push({ method: 'env-file', evidence: `${input.envFilePath ?? 'env file'}: [exabgp.reactor] ${option} = ${value}` });
  }
  const first = settings[0]?.method;
  const rollback = first ? ROLLBACK[first] : ['# no reactor setting found: the mode is the version\'s default (see the reactor line above)'];
  return { settings, rollback, validation: VALIDATION };
}
