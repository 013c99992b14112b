// What the unit tests check on captured copies (fixtures/), checked on this machine's live files:
// its /proc, its Debian ExaBGP package, the lab's pip install, and the CPU meter on this very
// process. Unit tests read nothing of the host (README "Tests"); these do, so they live here.
// Each part skips when the machine has no such file.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { uptime } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseBootTime } from '../../src/core/daemon/proc-parse.js';
import { deriveReactor, makeVersion, parseEnvFile, versionFromDistInfo, versionFromScript } from '../../src/core/daemon/version.js';
import { pidusageMeter } from '../../src/io/vitals.js';

describe('this machine\'s /proc', () => {
  it('btime of /proc/stat is consistent with the uptime', () => {
    const boot = parseBootTime(readFileSync('/proc/stat', 'utf8'));
    expect(boot).not.toBeNull();
    expect(Math.abs(boot! - (Date.now() / 1000 - uptime()))).toBeLessThan(5);
  });
});

describe('the CPU meter (pidusage) on this very process', () => {
  function burn(ms: number): void {
    const end = Date.now() + ms;
    while (Date.now() < end) Math.sqrt(Math.random());
  }

  it('reports the first reading of a pid as unknown, not as a false 0 %, then measures the interval', async () => {
    const meter = pidusageMeter();
    try {
      expect(await meter.percent(process.pid)).toBeNull();
      burn(300);
      const busy = await meter.percent(process.pid);
      expect(busy).not.toBeNull();
      expect(busy!).toBeGreaterThan(30);
      meter.forget(process.pid);
      expect(await meter.percent(process.pid)).toBeNull();
    } finally {
      meter.close();
    }
  });

  it('a pid that does not exist is unknown', async () => {
    const meter = pidusageMeter();
    expect(await meter.percent(2 ** 22 + 7)).toBeNull();
    meter.close();
  });
});

describe('the installed ExaBGP', () => {
  it.skipIf(!existsSync('/usr/sbin/exabgp'))('the Debian console script /usr/sbin/exabgp names its distribution version', () => {
    const text = readFileSync('/usr/sbin/exabgp', 'utf8');
    const found = versionFromScript(text, '/usr/sbin/exabgp');
    expect(found).not.toBeNull();
    expect(found!.version).toMatch(/^4\.2\.\d+$/);
    expect(found!.line).toBe('4.2');
    expect(text).toContain(`'exabgp==${found!.version}'`);
  });

  const debianDist = '/usr/lib/python3/dist-packages';
  it.skipIf(!existsSync(join(debianDist, 'exabgp')))('the Debian dist-packages listing holds its package metadata', () => {
    const found = versionFromDistInfo(readdirSync(debianDist), debianDist);
    expect(found?.line).toBe('4.2');
    expect(found?.source).toMatch(/^package metadata \/usr\/lib\/python3\/dist-packages\/exabgp-4\.2\.\d+\.egg-info$/);
  });

  const labVenv = fileURLToPath(new URL('../../.lab/venv-exabgp-5.0.15/', import.meta.url));
  const labSite = join(labVenv, 'lib');
  const labSitePackages = existsSync(labSite)
    ? readdirSync(labSite).filter((d) => d.startsWith('python')).map((d) => join(labSite, d, 'site-packages')).find((d) => existsSync(d))
    : undefined;
  it.skipIf(labSitePackages === undefined)('the lab\'s pip-installed 5.0.15: site-packages names the version, the console script does not', () => {
    const found = versionFromDistInfo(readdirSync(labSitePackages!), labSitePackages!);
    expect(found?.version).toBe('5.0.15');
    const script = join(labVenv, 'bin', 'exabgp');
    expect(versionFromScript(readFileSync(script, 'utf8'), script)).toBeNull();
  });

  it.skipIf(!existsSync('/etc/exabgp/exabgp.env'))('/etc/exabgp/exabgp.env parses, and a 4.2 daemon with it still runs the generator', () => {
    const env = parseEnvFile(readFileSync('/etc/exabgp/exabgp.env', 'utf8'));
    expect(env['exabgp.api.pipename']).toBe('exabgp');
    expect(env['exabgp.daemon.user']).toBe('exabgp');
    expect(env['exabgp.log.destination']).toBe('stdout');
    expect(Object.keys(env).every((k) => k.startsWith('exabgp.'))).toBe(true);
    expect(deriveReactor(makeVersion('4.2.21', 'x'), {}, env).mode).toBe('generator');
  });
});
