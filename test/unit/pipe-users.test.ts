// findPipeUsers on a /proc tree the test builds: who holds the daemon's pipes, and who does not count.
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findPipeUsers } from '../../src/io/control/pipe-users.js';

const PIPE_IN = '/run/exabgp/exabgp.in';
const PIPE_OUT = '/run/exabgp/exabgp.out';

let root: string;
async function process_(pid: number, ppid: number, comm: string, argv: string[], fds: string[]): Promise<void> {
  const dir = join(root, String(pid));
  await mkdir(join(dir, 'fd'), { recursive: true });
  // a command name with spaces and a parenthesis, as /proc/PID/stat allows
  await writeFile(join(dir, 'stat'), `${pid} (${comm}) S ${ppid} ${pid} ${pid} 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 12345 0 0\n`);
  await writeFile(join(dir, 'cmdline'), `${argv.join('\0')}\0`);
  for (const [i, target] of fds.entries()) await symlink(target, join(dir, 'fd', String(i)));
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'exatop-proc-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('findPipeUsers', () => {
  it('names a client holding a pipe, not the excluded pids, not the children of the daemon', async () => {
    await process_(100, 1, 'python3', ['/usr/bin/python3', '/usr/sbin/exabgp', '/etc/exabgp.conf'], [PIPE_IN]);
    // the daemon's new CLI helper, not yet listed among its helpers by the monitor
    await process_(101, 100, 'python3 (x) y', ['/usr/bin/python3', '/usr/sbin/exabgp'], [PIPE_IN, PIPE_OUT]);
    // an operator's exabgpcli: a child of a shell, not of the daemon
    await process_(200, 150, 'exabgpcli', ['/usr/bin/python3', '/usr/bin/exabgpcli', 'show', 'neighbor'], ['/dev/null', PIPE_OUT]);
    // holds nothing of ours
    await process_(300, 100, 'api', ['/usr/bin/python3', 'api.py'], ['/dev/null']);
    const users = await findPipeUsers([PIPE_IN, PIPE_OUT], new Set([100]), root, new Set([100]));
    expect(users).toEqual([{ pid: 200, command: '/usr/bin/python3 /usr/bin/exabgpcli show neighbor' }]);
  });

  it('without parents to trust, a child of the daemon holding the pipe is named like anyone else', async () => {
    await process_(101, 100, 'python3', ['/usr/bin/python3', '/usr/sbin/exabgp'], [PIPE_IN]);
    const users = await findPipeUsers([PIPE_IN, PIPE_OUT], new Set([100]), root);
    expect(users.map((u) => u.pid)).toEqual([101]);
  });
});
