// Tells an ExaBGP daemon from its CLI helpers, API processes and one-shot CLI invocations,
// from argv alone (FACTS.md "Finding the daemon").

export type ExabgpRole = 'daemon' | 'helper' | 'command';

export interface ExabgpInvocation {
  role: ExabgpRole;
  /** Configuration file(s) of a daemon, as given on its command line. */
  configs: string[];
  /** Env file named on the command line (4.2 `--env`, 5.0/6.0 `--env-file`). */
  envFile: string | null;
  /** Argument of 4.2's `--root`, where it looks for its pipes. */
  root: string | null;
}

const SUBCOMMANDS = new Set([
  'version', 'cli', 'run', 'healthcheck', 'env', 'decode', 'encode', 'shell', 'schema',
  'configuration', 'migrate', 'validate',
]);
const OPTIONS_WITH_VALUE = new Set([
  '--root', '-f', '--env', '-e', '--env-file', '--profile', '--signal', '-s', '--decode', '--run',
]);
const ONE_SHOT_FLAGS = new Set([
  '--help', '-h', '--version', '-v', '--validate', '--test', '-t', '--fi', '--di', '--fe', '--de',
  '--full-ini', '--diff-ini', '--full-env', '--diff-env', '--decode', '--run',
]);

const isExabgpProgram = (arg: string) =>
  /(^|\/)exabgp$/.test(arg) || /(^|\/)exabgp\/(application\/(main|bgp|__main__)|__main__)\.py$/.test(arg);

/**
 * Index in argv of the ExaBGP program itself, or -1 when argv is not ExaBGP: argv[0] when the
 * script runs by its shebang, else the first argument of a Python interpreter after its own
 * flags. `sudo exabgp …` or `systemctl status exabgp` are other programs that name ExaBGP.
 */
export function exabgpProgramIndex(argv: readonly string[]): number {
  const first = argv[0] ?? '';
  if (isExabgpProgram(first)) return 0;
  if (!/(^|\/)python[\d.]*$/.test(first)) return -1;
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '-m') return argv[i + 1] === 'exabgp' ? i + 1 : -1;
    if (arg === '-X' || arg === '-W') {
      i++; // interpreter options that take a value
      continue;
    }
    if (arg.startsWith('-')) continue;
    return isExabgpProgram(arg) ? i : -1;
  }
  return -1;
}

export function classifyInvocation(argv: readonly string[]): ExabgpInvocation | null {
  const programAt = exabgpProgramIndex(argv);
  if (programAt < 0) return null;
  const args = argv.slice(programAt + 1);
  const result: ExabgpInvocation = { role: 'helper', configs: [], envFile: null, root: null };
  if (args.length === 0) return result;

  let oneShot = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const [flag, inlineValue] = arg.startsWith('--') && arg.includes('=') ? splitOnce(arg, '=') : [arg, undefined];
    if (ONE_SHOT_FLAGS.has(flag)) oneShot = true;
    if (OPTIONS_WITH_VALUE.has(flag)) {
      const value = inlineValue ?? args[++i] ?? null;
      if (flag === '--root' || flag === '-f') result.root = value;
      if (flag === '--env' || flag === '-e' || flag === '--env-file') result.envFile = value;
      continue;
    }
    if (arg.startsWith('-')) continue;
    if (result.configs.length === 0 && arg === 'server') continue;
    if (result.configs.length === 0 && SUBCOMMANDS.has(arg)) return { ...result, role: 'command' };
    result.configs.push(arg);
  }
  if (oneShot || result.configs.length === 0) return { ...result, role: 'command' };
  return { ...result, role: 'daemon' };
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return [text.slice(0, at), text.slice(at + 1)];
}
