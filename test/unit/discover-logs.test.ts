// Where the log is, from what real daemons had open (fixtures' `ls -l /proc/PID/fd` captures).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseEnviron } from '../../src/core/daemon/proc-parse.js';
import { logSourcesFrom, unitFromCgroup } from '../../src/io/logs/discover-logs.js';

const fixture = (path: string) => readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), 'utf8');

/** `fd -> target` from an `ls -l /proc/PID/fd` listing. */
function fdTargets(listing: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of listing.matchAll(/ (\d+) -> (.+)$/gm)) out[m[1]!] = m[2]!;
  return out;
}

describe('logSourcesFrom', () => {
  it('5.0.15 with stdout and stderr redirected to files: both are followed (5.0 logs to stderr)', () => {
    const fds = fdTargets(fixture('v5.0.15/proc-daemon-fd.txt'));
    const sources = logSourcesFrom({ environ: parseEnviron(fixture('v5.0.15/proc-daemon-environ')), envFile: {}, stdout: fds['1']!, stderr: fds['2']!, cgroup: null });
    expect(sources).toEqual([
      { kind: 'file', path: '/tmp/fx-lab-50/stdout-stdout.txt', how: 'daemon stdout is redirected to this file' },
      { kind: 'file', path: '/tmp/fx-lab-50/stderr-stdout.txt', how: 'daemon stderr is redirected to this file' },
    ]);
  });

  it('exabgp_log_destination names the file first; the same path is not followed twice', () => {
    const fds = fdTargets(fixture('v5.0.15/proc-daemon-fd-log-file-run.txt'));
    const environ = { exabgp_log_destination: '/tmp/fx-lab-50/exabgp.log' };
    const sources = logSourcesFrom({ environ, envFile: {}, stdout: fds['1']!, stderr: '/tmp/fx-lab-50/exabgp.log', cgroup: null });
    expect(sources.map((s) => (s.kind === 'file' ? s.path : s.unit))).toEqual(['/tmp/fx-lab-50/exabgp.log', '/tmp/fx-lab-50/stdout-file.txt']);
    expect(sources[0]!.how).toBe('exabgp_log_destination');
  });

  it('the env file destination counts when the environment has none; syslog is no file', () => {
    expect(logSourcesFrom({ environ: {}, envFile: { 'exabgp.log.destination': '/var/log/exabgp.log' }, stdout: '/dev/null', stderr: '/dev/null', cgroup: null }))
      .toEqual([{ kind: 'file', path: '/var/log/exabgp.log', how: 'exabgp_log_destination' }]);
    expect(logSourcesFrom({ environ: { exabgp_log_destination: 'syslog' }, envFile: {}, stdout: '/dev/null', stderr: '/dev/null', cgroup: null })).toEqual([]);
  });

  it('a unit whose stdout is journald\'s socket is read from the journal', () => {
    const sources = logSourcesFrom({ environ: {}, envFile: {}, stdout: 'socket:[4021458]', stderr: 'socket:[4021458]', cgroup: '0::/system.slice/exabgp.service\n' });
    expect(sources).toEqual([{ kind: 'journal', unit: 'exabgp.service', how: 'runs in systemd unit exabgp.service' }]);
  });

  it('a terminal, a pipe or /dev/null is not a log file', () => {
    expect(logSourcesFrom({ environ: {}, envFile: {}, stdout: '/dev/pts/3', stderr: 'pipe:[4021459]', cgroup: '0::/user.slice/session-1.scope' })).toEqual([]);
  });
});

describe('unitFromCgroup', () => {
  it('finds the service in a cgroup v2 or v1 line, and none outside a service', () => {
    expect(unitFromCgroup('0::/system.slice/exabgp.service\n')).toBe('exabgp.service');
    expect(unitFromCgroup('1:name=systemd:/system.slice/exabgp@blue.service/x\n')).toBe('exabgp@blue.service');
    expect(unitFromCgroup('0::/\n')).toBeNull();
  });
});
