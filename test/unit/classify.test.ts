import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { classifyInvocation, exabgpProgramIndex } from '../../src/core/daemon/classify.js';
import { parseNulList } from '../../src/core/daemon/proc-parse.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));
const cmdline = (path: string): string[] => parseNulList(readFileSync(FIXTURES + path, 'utf8'));

describe('classifyInvocation on the real captured command lines', () => {
  it('4.2 Debian daemon: role daemon, config is the last argument, --root and --env extracted', () => {
    expect(classifyInvocation(cmdline('v4.2/proc-daemon-cmdline'))).toEqual({
      role: 'daemon',
      configs: ['/tmp/fx-lab-42/exabgp-3peer.conf'],
      envFile: '/tmp/fx-lab-42/exabgp.env',
      root: '/tmp/fx-lab-42',
    });
  });

  it('5.0.15 pip daemon: --env-file extracted, no root', () => {
    expect(classifyInvocation(cmdline('v5.0.15/proc-daemon-cmdline'))).toEqual({
      role: 'daemon',
      configs: ['/tmp/fx-lab-50/exabgp-3peer.conf'],
      envFile: '/tmp/fx-lab-50/exabgp.env',
      root: null,
    });
  });

  it.each(['v6.0-dev', 'v6.0-dev-api4'])('%s daemon run as …/exabgp/application/main.py: daemon with its config', (version) => {
    expect(classifyInvocation(cmdline(`${version}/proc-daemon-cmdline`))).toEqual({
      role: 'daemon',
      configs: ['/tmp/fx-lab-60/exabgp-3peer.conf'],
      envFile: null,
      root: null,
    });
  });

  it.each([
    'v4.2/proc-helper-cmdline',
    'v5.0.15/proc-helper-cmdline',
    'v6.0-dev/proc-helper-pipe-cmdline',
    'v6.0-dev/proc-helper-socket-cmdline',
    'v6.0-dev-api4/proc-helper-pipe-cmdline',
    'v6.0-dev-api4/proc-helper-socket-cmdline',
  ])('%s (the same program, no argument) is a helper, never the daemon', (path) => {
    const invocation = classifyInvocation(cmdline(path));
    expect(invocation?.role).toBe('helper');
    expect(invocation?.configs).toEqual([]);
  });

  it.each(['v4.2', 'v5.0.15', 'v6.0-dev', 'v6.0-dev-api4'])('%s API process (a python script the daemon runs) is not ExaBGP: null', (version) => {
    const argv = cmdline(`${version}/proc-api-cmdline`);
    expect(exabgpProgramIndex(argv)).toBe(-1);
    expect(classifyInvocation(argv)).toBeNull();
  });

  it('finds the program after the interpreter in every captured daemon', () => {
    expect(exabgpProgramIndex(cmdline('v4.2/proc-daemon-cmdline'))).toBe(1);
    expect(exabgpProgramIndex(cmdline('v5.0.15/proc-daemon-cmdline'))).toBe(1);
    expect(exabgpProgramIndex(cmdline('v6.0-dev/proc-daemon-cmdline'))).toBe(1);
  });
});

describe('classifyInvocation on other invocations', () => {
  it('4.2 `--root X --env Y conf`: root and envFile extracted, conf is the config', () => {
    expect(classifyInvocation(['/usr/bin/python3', '/usr/sbin/exabgp', '--root', '/srv/x', '--env', '/srv/x/y.env', '/srv/x/exabgp.conf'])).toEqual({
      role: 'daemon', configs: ['/srv/x/exabgp.conf'], envFile: '/srv/x/y.env', root: '/srv/x',
    });
  });

  it('option values given inline with "=" are read too', () => {
    expect(classifyInvocation(['exabgp', '--root=/srv/x', '--env-file=/srv/e.env', 'conf'])).toEqual({
      role: 'daemon', configs: ['conf'], envFile: '/srv/e.env', root: '/srv/x',
    });
  });

  it('5.0 `--env-file F server conf`: the server subcommand is skipped, conf is the config', () => {
    expect(classifyInvocation(['/venv/bin/python3', '/venv/bin/exabgp', '--env-file', '/etc/exabgp/exabgp.env', 'server', '/etc/exabgp/exabgp.conf'])).toEqual({
      role: 'daemon', configs: ['/etc/exabgp/exabgp.conf'], envFile: '/etc/exabgp/exabgp.env', root: null,
    });
  });

  it('several configuration files are all kept, in order', () => {
    expect(classifyInvocation(['exabgp', 'a.conf', 'b.conf'])?.configs).toEqual(['a.conf', 'b.conf']);
  });

  it('a value-taking option does not turn its value into a config (env file alone → command, not daemon)', () => {
    const invocation = classifyInvocation(['/usr/sbin/exabgp', '--env', '/etc/exabgp/exabgp.env']);
    expect(invocation?.role).toBe('command');
    expect(invocation?.configs).toEqual([]);
    expect(invocation?.envFile).toBe('/etc/exabgp/exabgp.env');
  });

  it.each([
    [['/usr/sbin/exabgp', 'cli', 'show', 'neighbor']],
    [['/usr/bin/python3', '/usr/sbin/exabgp', '--version']],
    [['/venv/bin/exabgp', 'version']],
    [['exabgp', 'healthcheck', '--cmd', 'true']],
    [['exabgp', '--test', '/etc/exabgp/exabgp.conf']],
    [['exabgp', '--validate=/etc/exabgp/exabgp.conf']],
    [['exabgp', '-h']],
  ])('one-shot CLI %j is a command, not a daemon', (argv) => {
    expect(classifyInvocation(argv)?.role).toBe('command');
  });

  it('a subcommand name after the config is a config argument, not a subcommand', () => {
    expect(classifyInvocation(['exabgp', 'main.conf', 'version'])).toMatchObject({ role: 'daemon', configs: ['main.conf', 'version'] });
  });

  it('`python3 -m exabgp conf` is a daemon', () => {
    expect(classifyInvocation(['python3', '-m', 'exabgp', '/etc/exabgp/exabgp.conf'])).toEqual({
      role: 'daemon', configs: ['/etc/exabgp/exabgp.conf'], envFile: null, root: null,
    });
  });

  it('a source checkout run through exabgp/__main__.py or application/bgp.py is recognised', () => {
    expect(classifyInvocation(['python3', '/src/exabgp/__main__.py', 'x.conf'])?.role).toBe('daemon');
    expect(classifyInvocation(['python3', '/src/lib/exabgp/application/bgp.py', 'x.conf'])?.role).toBe('daemon');
  });

  it.each([
    [['/usr/sbin/bird', '-f', '-c', '/tmp/fx-lab-42/bird.conf']],
    [['/usr/bin/gobgpd', '-f', '/tmp/fx-lab-42/gobgpd.toml']],
    [['/usr/bin/python3', '/opt/exabgp-tools/healthcheck.py']],
    [['/usr/bin/vim', '/etc/exabgp/exabgp.conf']],
    [['/usr/bin/exabgpcli', 'show', 'neighbor']],
    [[]],
  ])('a program that is not ExaBGP (%j) is null', (argv) => {
    expect(classifyInvocation(argv)).toBeNull();
  });

  it('interpreter options before the program are skipped', () => {
    expect(exabgpProgramIndex(['python3', '-X', 'dev', '/usr/sbin/exabgp', 'conf'])).toBe(3);
    expect(classifyInvocation(['python3', '-u', '/usr/sbin/exabgp', 'conf'])).toMatchObject({ role: 'daemon', configs: ['conf'] });
  });

  it('`sudo exabgp conf`: sudo itself is not ExaBGP (its python child is), so it must not be a second daemon', () => {
    // sudo stays the parent of the daemon it started; if both are classified as daemons, a single
    // ExaBGP shows up as two candidates ("several") in scanDaemons.
    expect(classifyInvocation(['sudo', '/usr/sbin/exabgp', '/etc/exabgp/exabgp.conf'])).toBeNull();
  });

  it('`systemctl status exabgp` / `journalctl -fu exabgp` name the unit, not the program: null', () => {
    expect(classifyInvocation(['systemctl', 'status', 'exabgp'])).toBeNull();
    expect(classifyInvocation(['journalctl', '-fu', 'exabgp'])).toBeNull();
  });
});
