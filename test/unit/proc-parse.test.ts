import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  parseBootTime, parseChildren, parseEnviron, parseNulList, parseOpenFilesLimit, parseStat, parseStatus,
} from '../../src/core/daemon/proc-parse.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));
const fixture = (path: string): string => readFileSync(FIXTURES + path, 'utf8');

/** PIDs and parents of every captured process, as each fixture folder's README states them. */
const CAPTURED: { file: string; pid: number; ppid: number; comm: string; vmRssKb: number }[] = [
  { file: 'v4.2/proc-daemon', pid: 17477, ppid: 17431, comm: 'exabgp', vmRssKb: 24912 },
  { file: 'v4.2/proc-helper', pid: 17531, ppid: 17477, comm: 'python3', vmRssKb: 23932 },
  { file: 'v4.2/proc-api', pid: 17529, ppid: 17477, comm: 'python3', vmRssKb: 8372 },
  { file: 'v5.0.15/proc-daemon', pid: 18387, ppid: 18338, comm: 'exabgp', vmRssKb: 29044 },
  { file: 'v5.0.15/proc-helper', pid: 18440, ppid: 18387, comm: 'python3', vmRssKb: 27856 },
  { file: 'v5.0.15/proc-api', pid: 18443, ppid: 18387, comm: 'python3', vmRssKb: 8460 },
  { file: 'v6.0-dev/proc-daemon', pid: 4519, ppid: 1, comm: 'python3', vmRssKb: 40704 },
  { file: 'v6.0-dev/proc-helper-pipe', pid: 4668, ppid: 4519, comm: 'python3', vmRssKb: 36776 },
  { file: 'v6.0-dev/proc-helper-socket', pid: 4669, ppid: 4519, comm: 'python3', vmRssKb: 36720 },
  { file: 'v6.0-dev/proc-api', pid: 4672, ppid: 4519, comm: 'python3', vmRssKb: 9648 },
  { file: 'v6.0-dev-api4/proc-daemon', pid: 16814, ppid: 1, comm: 'python3', vmRssKb: 40920 },
  { file: 'v6.0-dev-api4/proc-helper-pipe', pid: 16950, ppid: 16814, comm: 'python3', vmRssKb: 36736 },
  { file: 'v6.0-dev-api4/proc-helper-socket', pid: 16951, ppid: 16814, comm: 'python3', vmRssKb: 36720 },
  { file: 'v6.0-dev-api4/proc-api', pid: 16953, ppid: 16814, comm: 'python3', vmRssKb: 9652 },
];

const PAGE_SIZE = 4096; // getconf PAGESIZE on the capture machine (fixtures README)

describe('parseStat on captured /proc/PID/stat of every version', () => {
  it.each(CAPTURED)('$file-stat: pid $pid, ppid $ppid, comm $comm, one thread', ({ file, pid, ppid, comm }) => {
    const stat = parseStat(fixture(`${file}-stat`));
    expect(stat).not.toBeNull();
    expect(stat!.pid).toBe(pid);
    expect(stat!.ppid).toBe(ppid);
    expect(stat!.comm).toBe(comm);
    expect(stat!.comm).toBe(fixture(`${file}-comm`).trim());
    expect(stat!.threads).toBe(1);
    expect(stat!.startTicks).toBeGreaterThan(0);
    expect(['R', 'S']).toContain(stat!.state);
    expect(Number.isInteger(stat!.utimeTicks) && stat!.utimeTicks >= 0).toBe(true);
    expect(Number.isInteger(stat!.stimeTicks) && stat!.stimeTicks >= 0).toBe(true);
  });

  it.each(CAPTURED)('$file-stat: rss pages agree with VmRSS of the same capture (within 10%)', ({ file, vmRssKb }) => {
    const stat = parseStat(fixture(`${file}-stat`))!;
    const rssBytes = stat.rssPages * PAGE_SIZE;
    expect(Math.abs(rssBytes - vmRssKb * 1024) / (vmRssKb * 1024)).toBeLessThan(0.1);
  });

  it('reads the exact fields of the 4.2 daemon line (utime 18, stime 9, start 42737, rss 6162 pages)', () => {
    expect(parseStat(fixture('v4.2/proc-daemon-stat'))).toEqual({
      pid: 17477, comm: 'exabgp', state: 'S', ppid: 17431, utimeTicks: 18, stimeTicks: 9, threads: 1, startTicks: 42737, rssPages: 6162,
    });
  });

  it('the busy 6.0 daemon is running (R) and has used far more CPU than its helpers', () => {
    const daemon = parseStat(fixture('v6.0-dev/proc-daemon-stat'))!;
    const helper = parseStat(fixture('v6.0-dev/proc-helper-pipe-stat'))!;
    expect(daemon.state).toBe('R');
    expect(daemon.utimeTicks + daemon.stimeTicks).toBeGreaterThan(10 * (helper.utimeTicks + helper.stimeTicks));
  });

  it('helpers and API processes start after their daemon (startTicks order)', () => {
    for (const version of ['v4.2', 'v5.0.15', 'v6.0-dev', 'v6.0-dev-api4']) {
      const children = CAPTURED.filter((c) => c.file.startsWith(`${version}/`) && !c.file.endsWith('daemon'));
      const daemon = parseStat(fixture(`${version}/proc-daemon-stat`))!;
      for (const child of children) {
        expect(parseStat(fixture(`${child.file}-stat`))!.startTicks).toBeGreaterThan(daemon.startTicks);
      }
    }
  });

  it('a comm holding spaces and parentheses is taken whole, up to the last ")"', () => {
    const real = fixture('v4.2/proc-daemon-stat');
    const odd = real.replace('(exabgp)', '(a (b) c)');
    const stat = parseStat(odd);
    expect(stat).not.toBeNull();
    expect(stat!.comm).toBe('a (b) c');
    expect(stat!.pid).toBe(17477);
    expect(stat!.state).toBe('S');
    expect(stat!.ppid).toBe(17431);
    expect(stat!.startTicks).toBe(42737);
  });

  it('a comm that itself looks like the following fields does not shift them', () => {
    const odd = fixture('v4.2/proc-daemon-stat').replace('(exabgp)', '(x) R 99 1 2 (y)');
    const stat = parseStat(odd)!;
    expect(stat.comm).toBe('x) R 99 1 2 (y');
    expect(stat.state).toBe('S');
    expect(stat.ppid).toBe(17431);
    expect(stat.rssPages).toBe(6162);
  });

  it('a short synthetic line in the kernel format parses', () => {
    const fields = ['S', '1', ...Array.from({ length: 20 }, (_, i) => String(i + 100))];
    const stat = parseStat(`123 (a (b) c) ${fields.join(' ')}\n`)!;
    expect(stat.pid).toBe(123);
    expect(stat.comm).toBe('a (b) c');
    expect(stat.ppid).toBe(1);
    // fields after the comm: state(3) ppid(4) … utime(14) stime(15) … num_threads(20) … starttime(22) … rss(24)
    expect(stat.state).toBe('S');
    expect(stat.utimeTicks).toBe(109);
    expect(stat.stimeTicks).toBe(110);
    expect(stat.threads).toBe(115);
    expect(stat.startTicks).toBe(117);
    expect(stat.rssPages).toBe(119);
  });

  it.each([
    ['empty', ''],
    ['no parentheses', '17477 exabgp S 1 2 3'],
    ['no pid before the comm', '(exabgp) S 17431 17387 2814 0 -1 4194560 6304 221 3 0 18 9 0 0 20 0 1 0 42737 29982720 6162'],
    ['non-numeric pid', 'abc (exabgp) S 17431 17387 2814 0 -1 4194560 6304 221 3 0 18 9 0 0 20 0 1 0 42737 29982720 6162'],
    ['too few fields', '17477 (exabgp) S 17431 17387'],
    ['a non-numeric field', '17477 (exabgp) S 17431 17387 2814 0 -1 4194560 6304 221 3 0 xx 9 0 0 20 0 1 0 42737 29982720 6162'],
  ])('is null for %s', (_name, text) => {
    expect(parseStat(text)).toBeNull();
  });
});

describe('parseStatus on captured /proc/PID/status', () => {
  it.each(CAPTURED)('$file-status: VmRSS $vmRssKb kB → bytes, name, uid 0, one thread', ({ file, comm, vmRssKb }) => {
    const status = parseStatus(fixture(`${file}-status`));
    expect(status.rssBytes).toBe(vmRssKb * 1024);
    expect(status.name).toBe(comm);
    expect(status.uid).toBe(0);
    expect(status.threads).toBe(1);
  });

  it('missing fields are null (a kernel thread has no VmRSS line)', () => {
    const real = fixture('v4.2/proc-daemon-status');
    const withoutRss = real.split('\n').filter((l) => !l.startsWith('VmRSS:')).join('\n');
    expect(parseStatus(withoutRss).rssBytes).toBeNull();
    expect(parseStatus(withoutRss).threads).toBe(1);
    expect(parseStatus('')).toEqual({ name: null, rssBytes: null, threads: null, uid: null });
  });

  it('a status cut right after the "VmRSS:" label has an unknown RSS (null), not 0 bytes', () => {
    const real = fixture('v4.2/proc-daemon-status');
    const cut = real.slice(0, real.indexOf('VmRSS:') + 'VmRSS:'.length);
    expect(parseStatus(cut).rssBytes).toBeNull();
  });

  it('a status cut right after the "Threads:" label has an unknown thread count (null), not 0', () => {
    const real = fixture('v4.2/proc-daemon-status');
    const cut = real.slice(0, real.indexOf('Threads:') + 'Threads:'.length);
    expect(parseStatus(cut).threads).toBeNull();
  });
});

describe('parseOpenFilesLimit on captured /proc/PID/limits', () => {
  it.each(CAPTURED)('$file-limits: soft limit 20000', ({ file }) => {
    expect(parseOpenFilesLimit(fixture(`${file}-limits`))).toBe(20000);
  });

  it('reads the soft limit, not the hard one', () => {
    const real = fixture('v4.2/proc-daemon-limits');
    const differentHard = real.replace(/^(Max open files\s+)20000(\s+)20000/m, '$11024$2524288');
    expect(differentHard).not.toBe(real);
    expect(parseOpenFilesLimit(differentHard)).toBe(1024);
  });

  it('is null when the soft limit is unlimited', () => {
    const real = fixture('v4.2/proc-daemon-limits');
    const unlimited = real.replace(/^(Max open files\s+)20000/m, '$1unlimited');
    expect(unlimited).not.toBe(real);
    expect(parseOpenFilesLimit(unlimited)).toBeNull();
  });

  it('is null when the line is missing', () => {
    const real = fixture('v4.2/proc-daemon-limits');
    expect(parseOpenFilesLimit(real.split('\n').filter((l) => !l.startsWith('Max open files')).join('\n'))).toBeNull();
    expect(parseOpenFilesLimit('')).toBeNull();
  });

  it('a limits file cut right after the "Max open files" label is unreadable (null), not a limit of 0', () => {
    const real = fixture('v4.2/proc-daemon-limits');
    const cut = real.slice(0, real.indexOf('Max open files') + 'Max open files'.length);
    expect(parseOpenFilesLimit(cut)).toBeNull();
  });
});

describe('parseNulList and parseEnviron on captured NUL-separated files', () => {
  it('splits the 4.2 daemon cmdline into its argv, dropping only the trailing NUL', () => {
    expect(parseNulList(fixture('v4.2/proc-daemon-cmdline'))).toEqual([
      '/usr/bin/python3', '/usr/sbin/exabgp', '--root', '/tmp/fx-lab-42', '--env', '/tmp/fx-lab-42/exabgp.env', '/tmp/fx-lab-42/exabgp-3peer.conf',
    ]);
  });

  it('a helper cmdline has the program and no argument', () => {
    expect(parseNulList(fixture('v5.0.15/proc-helper-cmdline'))).toEqual(['/tmp/fx-venv-50/bin/python3', '/tmp/fx-venv-50/bin/exabgp']);
    expect(parseNulList(fixture('v6.0-dev/proc-helper-socket-cmdline'))).toEqual([
      '/root/.pyenv/versions/3.12.1/bin/python3', '/tmp/exabgp-main/src/exabgp/application/main.py',
    ]);
  });

  it('keeps empty arguments in the middle and handles an empty file', () => {
    expect(parseNulList('a\0\0b\0')).toEqual(['a', '', 'b']);
    expect(parseNulList('')).toEqual([]);
    expect(parseNulList('no-trailing-nul')).toEqual(['no-trailing-nul']);
  });

  it('reads the 6.0-dev daemon environ, including exabgp_version', () => {
    const env = parseEnviron(fixture('v6.0-dev/proc-daemon-environ'));
    expect(env['exabgp_version']).toBe('6.0.0-20261123+HEAD-4460078e00');
    expect(env['exabgp_tcp_bind']).toBe('127.0.2.1');
    expect(env['exabgp_cli_pipe']).toBe('/tmp/fx-lab-60/run/');
    expect(env['EXABGP_ROOT']).toBe('/tmp/exabgp-main');
    expect(env['PATH']).toBe('/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
    expect(Object.keys(env)).toHaveLength(9);
  });

  it('reads the 4.2 and 5.0 daemon environs: no exabgp_version there', () => {
    const env42 = parseEnviron(fixture('v4.2/proc-daemon-environ'));
    expect(env42['exabgp_api_pipename']).toBe('fx42');
    expect(env42['exabgp_version']).toBeUndefined();
    const env50 = parseEnviron(fixture('v5.0.15/proc-daemon-environ'));
    expect(env50['EXABGP_ROOT']).toBe('/tmp/fx-lab-50');
    expect(env50['exabgp_version']).toBeUndefined();
  });

  it('tells the two 6.0 helpers apart by exabgp_api_cli_mode', () => {
    expect(parseEnviron(fixture('v6.0-dev/proc-helper-pipe-environ'))['exabgp_api_cli_mode']).toBe('pipe');
    expect(parseEnviron(fixture('v6.0-dev/proc-helper-socket-environ'))['exabgp_api_cli_mode']).toBe('socket');
    expect(parseEnviron(fixture('v6.0-dev/proc-daemon-environ'))['exabgp_api_cli_mode']).toBeUndefined();
  });

  it('splits an entry at its first "=", and skips entries with no name', () => {
    expect(parseEnviron('A=b=c\0=orphan\0NOEQUALS\0EMPTY=\0')).toEqual({ A: 'b=c', EMPTY: '' });
  });
});

describe('parseBootTime and parseChildren', () => {
  it('reads btime from a real /proc/stat, consistent with the uptime read with it (fixtures/host)', () => {
    const boot = parseBootTime(fixture('host/proc-stat'));
    const now = Number(fixture('host/date-epoch.txt'));
    const uptime = Number(fixture('host/proc-uptime').split(' ')[0]);
    expect(boot).toBe(1796590036);
    expect(Math.abs(boot! - (now - uptime))).toBeLessThan(1);
  });

  it('is null without a btime line', () => {
    expect(parseBootTime('cpu  1 2 3\nintr 4\n')).toBeNull();
  });

  it('parses a children list (kernel format: space-separated, trailing space) into pids', () => {
    expect(parseChildren('17529 17531 ')).toEqual([17529, 17531]);
    expect(parseChildren('')).toEqual([]);
    expect(parseChildren('12 x -3 0 4.5 7\n')).toEqual([12, 7]);
  });
});

describe('the parsers never throw (a process can vanish between two reads)', () => {
  const anyText = fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary' }),
    fc.string({ unit: 'grapheme' }),
    // strings made of the pieces the parsers look for, so they reach deep into each branch
    fc.array(fc.constantFrom('(', ')', ' ', '\n', '\t', '\0', '=', 'VmRSS:', 'Threads:', 'Uid:', 'Name:', 'kB', 'Max open files', 'unlimited', '17477', '-1', 'NaN', '1e400', 'S'))
      .map((parts) => parts.join('')),
  );

  it('property: parseStat, parseStatus and parseOpenFilesLimit accept any string', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const stat = parseStat(text);
        if (stat !== null) {
          for (const n of [stat.ppid, stat.utimeTicks, stat.stimeTicks, stat.threads, stat.startTicks, stat.rssPages]) expect(Number.isFinite(n)).toBe(true);
          expect(Number.isInteger(stat.pid)).toBe(true);
        }
        const status = parseStatus(text);
        for (const n of [status.rssBytes, status.threads, status.uid]) expect(n === null || Number.isFinite(n)).toBe(true);
        const limit = parseOpenFilesLimit(text);
        expect(limit === null || Number.isFinite(limit)).toBe(true);
        parseNulList(text);
        parseEnviron(text);
        parseBootTime(text);
        parseChildren(text);
      }),
      { numRuns: 2000 },
    );
  });

  const files = CAPTURED.flatMap(({ file }) => [`${file}-stat`, `${file}-status`, `${file}-limits`]);

  it.each(files)('every truncation of %s parses without throwing', (path) => {
    const real = fixture(path);
    const whole = parseStat(real);
    for (let end = 0; end <= real.length; end++) {
      const prefix = real.slice(0, end);
      const stat = parseStat(prefix);
      // a prefix either fails to parse or names the same process
      if (stat !== null && whole !== null) {
        expect(stat.pid).toBe(whole.pid);
        expect(stat.comm).toBe(whole.comm);
      }
      expect(() => parseStatus(prefix)).not.toThrow();
      expect(() => parseOpenFilesLimit(prefix)).not.toThrow();
    }
  });

  it('a stat line is only accepted once its 24th field (rss) has begun', () => {
    const real = fixture('v4.2/proc-daemon-stat');
    const rssStart = real.indexOf(' 6162 ') + 1;
    expect(parseStat(real.slice(0, rssStart))).toBeNull();
    expect(parseStat(real.slice(0, rssStart + 4))!.rssPages).toBe(6162);
  });
});
