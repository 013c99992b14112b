// Which ExaBGP the lab runs: Debian's 4.2 package, PyPI's 5.0.15 in a project-local venv
// (made on first use), or an executable the user names.
import { access, constants } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { versionLine } from '../../core/daemon/version.js';
import { EXIT, ExitError } from '../../core/exit-codes.js';

export const DEBIAN_EXABGP = '/usr/sbin/exabgp';
export const PYPI_VERSION = '5.0.15';

export interface ExabgpInstall {
  line: '4.2' | '5.0';
  program: string;
  version: string;
  source: string;
}

export class LabError extends ExitError {
  constructor(message: string) {
    super(message, EXIT.failed, 'exatop lab');
  }
}

async function executable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function venvDir(labRoot: string): string {
  return join(labRoot, `venv-exabgp-${PYPI_VERSION}`);
}

export async function systemPython(): Promise<string> {
  if (await executable('/usr/bin/python3')) return '/usr/bin/python3';
  throw new LabError('Debian\'s /usr/bin/python3 is missing: apt-get install -y python3 python3-venv');
}

/** Creates the venv with Debian's python and installs exabgp==5.0.15 from PyPI into it. */
export async function provisionVenv(labRoot: string, progress: (line: string) => void): Promise<string> {
  const dir = venvDir(labRoot);
  const program = join(dir, 'bin', 'exabgp');
  if (await executable(program)) return program;
  const python = await systemPython();
  progress(`creating ${dir} (${python} -m venv) and installing exabgp==${PYPI_VERSION} from PyPI…`);
  try {
    await execa(python, ['-m', 'venv', dir], { timeout: 120_000 });
    await execa(join(dir, 'bin', 'pip'), ['install', '--disable-pip-version-check', '--quiet', `exabgp==${PYPI_VERSION}`], { timeout: 600_000 });
  } catch (error) {
    const detail = (error as { stderr?: string }).stderr?.trim().split('\n').slice(-3).join(' ') ?? String(error);
    throw new LabError(`could not provision exabgp ${PYPI_VERSION} in ${dir}: ${detail} (needs python3-venv and access to PyPI)`);
  }
  return program;
}

async function probeVersion(program: string): Promise<string | null> {
  for (const args of [['--version'], ['version']]) {
    const result = await execa(program, args, { reject: false, timeout: 20_000, env: { exabgp_log_destination: 'stdout' } });
    const match = /ExaBGP\s*:\s*(\S+)/.exec(`${result.stdout}\n${result.stderr}`);
    if (match?.[1]) return match[1];
  }
  return null;
}

export async function resolveInstall(choice: string | undefined, labRoot: string, progress: (line: string) => void): Promise<ExabgpInstall> {
  const wanted = choice ?? ((await executable(DEBIAN_EXABGP)) ? '4.2' : '5.0');
  if (wanted === '4.2') {
    if (!(await executable(DEBIAN_EXABGP))) {
      throw new LabError(`Debian's exabgp 4.2 is not installed (${DEBIAN_EXABGP}): apt-get install -y exabgp, or use --exabgp 5.0 for a venv from PyPI`);
    }
    return { line: '4.2', program: DEBIAN_EXABGP, version: (await probeVersion(DEBIAN_EXABGP)) ?? '4.2', source: 'Debian package' };
  }
  if (wanted === '5.0') {
    const program = await provisionVenv(labRoot, progress);
    return { line: '5.0', program, version: PYPI_VERSION, source: `PyPI exabgp==${PYPI_VERSION} in ${venvDir(labRoot)}` };
  }
  if (!(await executable(wanted))) throw new LabError(`--exabgp ${wanted}: not 4.2, 5.0 or an executable file`);
  const version = await probeVersion(wanted);
  const line = version ? versionLine(version) : 'unknown';
  if (line !== '4.2' && line !== '5.0') {
    throw new LabError(`--exabgp ${wanted} reports version ${version ?? 'nothing'}: the lab runs 4.2 or 5.0 (6.0-dev needs its own setup, see README)`);
  }
  return { line, program: wanted, version: version ?? line, source: wanted };
}
