import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseEnviron } from '../../src/core/daemon/proc-parse.js';
import {
  deriveReactor, findSetting, makeVersion, parseEnvFile, versionFromControlAnswer, versionFromDistInfo, versionFromEnviron,
  versionFromScript, versionFromVersionPy, versionLine,
} from '../../src/core/daemon/version.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));
const fixture = (path: string): string => readFileSync(FIXTURES + path, 'utf8');
const environ = (path: string): Record<string, string> => parseEnviron(fixture(path));

const V6 = '6.0.0-20261123+HEAD-4460078e00';

describe('versionLine', () => {
  it.each([
    ['4.2.21', '4.2'],
    ['5.0.15', '5.0'],
    [V6, '6.0'],
    ['4.0.10', '4.2'],
    ['5.1.0', 'unknown'],
    ['3.4.30', 'unknown'],
    ['7.0', 'unknown'],
    ['', 'unknown'],
    ['v4.2.21', 'unknown'],
    ['main', 'unknown'],
  ])('%s → %s', (version, line) => {
    expect(versionLine(version)).toBe(line);
  });

  it('compares whole numbers, not string prefixes: 50.0 is not 5.0, 60.1 is not 6.0', () => {
    expect(versionLine('50.0.1')).toBe('unknown');
    expect(versionLine('60.1')).toBe('unknown');
    expect(versionLine('5.01')).toBe('unknown');
  });
});

describe('versionFromEnviron', () => {
  it('reads exabgp_version from the captured 6.0-dev daemon environ', () => {
    expect(versionFromEnviron(environ('v6.0-dev/proc-daemon-environ'))).toEqual({ version: V6, line: '6.0', source: 'environ exabgp_version' });
    expect(versionFromEnviron(environ('v6.0-dev-api4/proc-daemon-environ'))?.version).toBe(V6);
  });

  it('is null for the captured 5.0.15 (pip console script) and 4.2 environs, which carry no version', () => {
    expect(versionFromEnviron(environ('v5.0.15/proc-daemon-environ'))).toBeNull();
    expect(versionFromEnviron(environ('v4.2/proc-daemon-environ'))).toBeNull();
  });

  it('an empty value is no version', () => {
    expect(versionFromEnviron({ exabgp_version: '' })).toBeNull();
  });
});

describe('versionFromScript', () => {
  it('reads the distribution version from the real Debian console script /usr/sbin/exabgp (fixtures/v4.2)', () => {
    const text = fixture('v4.2/usr-sbin-exabgp.txt');
    const found = versionFromScript(text, '/usr/sbin/exabgp');
    expect(found).not.toBeNull();
    expect(found!.version).toBe('4.2.21');
    expect(found!.line).toBe('4.2');
    expect(found!.source).toBe('console script /usr/sbin/exabgp');
    // the quote after the version is not part of it
    expect(text).toContain(`'exabgp==${found!.version}'`);
  });

  it('reads an easy_install header and stops at the closing quote', () => {
    const text = "#!/usr/bin/python3\n# EASY-INSTALL-ENTRY-SCRIPT: 'exabgp==4.2.21','console_scripts','exabgp'\n__requires__ = 'exabgp==4.2.21'\n";
    expect(versionFromScript(text, '/x')).toEqual({ version: '4.2.21', line: '4.2', source: 'console script /x' });
  });

  it('a real pip console script (the 5.0.15 venv made by the lab, fixtures/v5.0.15) names no version: null', () => {
    expect(versionFromScript(fixture('v5.0.15/venv-bin-exabgp.txt'), '/venv/bin/exabgp')).toBeNull();
  });
});

describe('versionFromDistInfo', () => {
  it('finds exabgp-<version>.dist-info among other packages', () => {
    expect(versionFromDistInfo(['pip', 'pip-23.0.1.dist-info', 'exabgp', 'exabgp-5.0.15.dist-info'], '/v/site-packages')).toEqual({
      version: '5.0.15', line: '5.0', source: 'package metadata /v/site-packages/exabgp-5.0.15.dist-info',
    });
  });

  it('finds an egg-info too (Debian packages)', () => {
    expect(versionFromDistInfo(['exabgp-4.2.21.egg-info'], '/usr/lib/python3/dist-packages')?.version).toBe('4.2.21');
  });

  it('ignores other packages whose names start like exabgp and non-metadata entries', () => {
    expect(versionFromDistInfo(['exabgp', 'exabgp-4.2.21.tar.gz', 'exabgpcli-1.0.dist-info', 'pip-23.0.1.dist-info'], '/d')).toBeNull();
  });

  const listing = (path: string): string[] => fixture(path).split('\n').filter(Boolean);
  it('reads the real site-packages listing of a pip-installed 5.0.15 (fixtures/v5.0.15)', () => {
    const found = versionFromDistInfo(listing('v5.0.15/venv-site-packages.txt'), '/venv/lib/python3.11/site-packages');
    expect(found?.version).toBe('5.0.15');
    expect(found?.line).toBe('5.0');
  });

  it('reads the real Debian dist-packages listing (fixtures/v4.2)', () => {
    const found = versionFromDistInfo(listing('v4.2/dist-packages.txt'), '/usr/lib/python3/dist-packages');
    expect(found?.line).toBe('4.2');
    expect(found?.source).toBe('package metadata /usr/lib/python3/dist-packages/exabgp-4.2.21.egg-info');
  });
});

describe('versionFromVersionPy', () => {
  it('reads a version assignment of a source checkout', () => {
    expect(versionFromVersionPy("commit = 'f338f2f66'\nrelease = '5.0.15'\nversion = '5.0.15'\n", '/src/exabgp/version.py')).toEqual({
      version: '5.0.15', line: '5.0', source: '/src/exabgp/version.py',
    });
  });

  it('ignores assignments computed at run time', () => {
    expect(versionFromVersionPy("version = os.environ.get('exabgp_version', 'dev')\n", '/p')).toBeNull();
  });
});

describe('versionFromControlAnswer on captured answers', () => {
  it.each([
    ['v4.2/pipe-version.txt', '4.2.21', '4.2'],
    ['v5.0.15/pipe-version.txt', '5.0.15', '5.0'],
    ['v4.2/pipe-version-gobgp-killed.txt', '4.2.21', '4.2'],
    ['v6.0-dev/3peer-socket-system-version.raw', V6, '6.0'],
    ['v6.0-dev/3peer-pipe-system-version.raw', V6, '6.0'],
    ['v6.0-dev-api4/3peer-socket-version.raw', V6, '6.0'],
    ['v6.0-dev-api4/3peer-socket-system-version.raw', V6, '6.0'],
    ['v6.0-dev/3peer-socket-daemon-status.raw', V6, '6.0'],
  ])('%s → %s', (path, version, line) => {
    expect(versionFromControlAnswer(fixture(path))).toEqual({ version, line, source: 'control channel' });
  });

  it.each(['v4.2/pipe-show-nonsense.txt', 'v6.0-dev/3peer-socket-bad-show-nonsense.raw', 'v6.0-dev/3peer-socket-peer-list.raw'])(
    '%s holds no version: null',
    (path) => {
      expect(versionFromControlAnswer(fixture(path))).toBeNull();
    },
  );
});

describe('findSetting', () => {
  it('dotted environ name wins over the underscore one, which wins over the env file', () => {
    const file = { 'exabgp.reactor.asyncio': 'file' };
    expect(findSetting('asyncio', { 'exabgp.reactor.asyncio': 'dot', exabgp_reactor_asyncio: 'under' }, file)).toEqual({
      value: 'dot', where: 'environ exabgp.reactor.asyncio',
    });
    expect(findSetting('asyncio', { exabgp_reactor_asyncio: 'under' }, file)).toEqual({ value: 'under', where: 'environ exabgp_reactor_asyncio' });
    expect(findSetting('asyncio', {}, file)).toEqual({ value: 'file', where: 'env file [exabgp.reactor] asyncio' });
    expect(findSetting('asyncio', {}, {})).toBeNull();
  });

  it('an empty value set in the environ still counts as set', () => {
    expect(findSetting('legacy', { exabgp_reactor_legacy: '' }, { 'exabgp.reactor.legacy': 'true' })?.value).toBe('');
  });
});

describe('deriveReactor', () => {
  const v42 = makeVersion('4.2.21', 'test');
  const v50 = makeVersion('5.0.15', 'test');
  const v60 = makeVersion(V6, 'test');

  it('4.2 (captured environ) runs the generator reactor', () => {
    const r = deriveReactor(v42, environ('v4.2/proc-daemon-environ'));
    expect(r.mode).toBe('generator');
    expect(r.source).toContain('4.2.21');
    expect(r.source).not.toContain('ignored');
  });

  it('5.0 (captured environ) runs the generator reactor', () => {
    expect(deriveReactor(v50, environ('v5.0.15/proc-daemon-environ')).mode).toBe('generator');
  });

  it.each([v42, v50])('$version with exabgp_reactor_asyncio=true is still generator, and the source says the variable is ignored', (version) => {
    const r = deriveReactor(version, { ...environ('v5.0.15/proc-daemon-environ'), exabgp_reactor_asyncio: 'true' });
    expect(r.mode).toBe('generator');
    expect(r.source).toContain('exabgp_reactor_asyncio=true is ignored');
  });

  it('5.0 with exabgp_reactor_asyncio=false does not mention it', () => {
    expect(deriveReactor(v50, { exabgp_reactor_asyncio: 'false' }).source).not.toContain('ignored');
  });

  it('6.0 (captured environ, version from it) runs asyncio (its only reactor since 2025-12-01)', () => {
    const env = environ('v6.0-dev/proc-daemon-environ');
    const r = deriveReactor(versionFromEnviron(env), env);
    expect(r.mode).toBe('asyncio');
    expect(r.source).toContain(V6);
    expect(r.source).toContain('runs asyncio');
    expect(r.source).toContain('removed on 2025-12-01');
  });

  it('6.0 with exabgp_reactor_legacy=true: generator, with the 2025-11-21..30 caveat', () => {
    const r = deriveReactor(v60, { ...environ('v6.0-dev/proc-daemon-environ'), exabgp_reactor_legacy: 'true' });
    expect(r.mode).toBe('generator');
    expect(r.source).toContain('exabgp_reactor_legacy=true');
    expect(r.source).toContain('2025-11-21..30');
    expect(r.source).toContain('later builds ignore it');
  });

  it.each(['TRUE', '1', 'yes', 'On', 'enabled'])('6.0 legacy=%s counts as true', (value) => {
    expect(deriveReactor(v60, { exabgp_reactor_legacy: value }).mode).toBe('generator');
  });

  it.each(['false', '0', 'no', ''])('6.0 legacy=%j leaves asyncio', (value) => {
    expect(deriveReactor(v60, { exabgp_reactor_legacy: value }).mode).toBe('asyncio');
  });

  it('6.0 with exabgp_reactor_asyncio set: asyncio either way, the source tells which', () => {
    const on = deriveReactor(v60, { exabgp_reactor_asyncio: 'true' });
    expect(on.mode).toBe('asyncio');
    expect(on.source).toContain('exabgp_reactor_asyncio=true');
    const off = deriveReactor(v60, { exabgp_reactor_asyncio: 'false' });
    expect(off.mode).toBe('asyncio');
    expect(off.source).toContain('only mattered on builds of 2025-11-17..20');
  });

  it('the dotted environ name wins over the underscore one', () => {
    const r = deriveReactor(v60, { 'exabgp.reactor.legacy': 'false', exabgp_reactor_legacy: 'true' });
    expect(r.mode).toBe('asyncio');
    const r2 = deriveReactor(v60, { 'exabgp.reactor.legacy': 'true', exabgp_reactor_legacy: 'false' });
    expect(r2.mode).toBe('generator');
    expect(r2.source).toContain('environ exabgp.reactor.legacy=true');
  });

  it('the env-file value is used when the environ does not set it', () => {
    const file = parseEnvFile('[exabgp.reactor]\nlegacy = true\n');
    const r = deriveReactor(v60, environ('v6.0-dev/proc-daemon-environ'), file);
    expect(r.mode).toBe('generator');
    expect(r.source).toContain('env file [exabgp.reactor] legacy=true');
    // and the environ overrides the file
    expect(deriveReactor(v60, { exabgp_reactor_legacy: 'false' }, file).mode).toBe('asyncio');
  });

  it('unknown or missing version: unknown, whatever the variables say', () => {
    expect(deriveReactor(null, { exabgp_reactor_legacy: 'true' }).mode).toBe('unknown');
    expect(deriveReactor(makeVersion('3.4.30', 'x'), {}).mode).toBe('unknown');
  });
});

describe('parseEnvFile', () => {
  // ExaBGP reads its env file with Python's ConfigParser(): whole-line comments only, so a
  // `value # text` keeps its text (and `asyncio = true # x` is not true to ExaBGP either).
  it('flattens sections into dotted keys, skips comment and blank lines, strips quotes', () => {
    const text = [
      '# a comment',
      '; another comment',
      '',
      '[exabgp.api]',
      "pipename = 'exabgp'",
      'encoder = json   # trailing comment',
      '',
      '[exabgp.reactor]',
      '  asyncio=true  ',
      'speed = "1.0"',
      '[exabgp.daemon]',
      "pid = ''",
      'user = nobody ; trailing',
    ].join('\n');
    expect(parseEnvFile(text)).toEqual({
      'exabgp.api.pipename': 'exabgp',
      'exabgp.api.encoder': 'json   # trailing comment',
      'exabgp.reactor.asyncio': 'true',
      'exabgp.reactor.speed': '1.0',
      'exabgp.daemon.pid': '',
      'exabgp.daemon.user': 'nobody ; trailing',
    });
  });

  it('ignores keys before any section and lines without "="', () => {
    expect(parseEnvFile('orphan = 1\n[exabgp.tcp]\nport\nbind = 127.0.0.1\n')).toEqual({ 'exabgp.tcp.bind': '127.0.0.1' });
  });

  it('a later value for the same key replaces the earlier one', () => {
    expect(parseEnvFile('[exabgp.reactor]\nlegacy = true\n[exabgp.reactor]\nlegacy = false\n')).toEqual({ 'exabgp.reactor.legacy': 'false' });
  });

  it('handles CRLF line ends', () => {
    expect(parseEnvFile('[exabgp.reactor]\r\nlegacy = true\r\n')).toEqual({ 'exabgp.reactor.legacy': 'true' });
  });

  it.each(['v4.2/exabgp.env', 'v5.0.15/exabgp.env'])('the captured lab env file %s (a comment only) is empty', (path) => {
    expect(parseEnvFile(fixture(path))).toEqual({});
  });

});
