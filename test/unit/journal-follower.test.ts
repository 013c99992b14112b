// The journal follower against a stand-in journalctl that records its arguments and plays a
// script per start (records, stderr, exit). What journalctl itself does with those arguments
// is checked against a real journald in test/integration/journal.test.ts.
import { chmod, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DropOldestQueue, JournalFollower, journalctlArgs } from '../../src/io/logs/journal.js';
import { until } from '../support/lab.js';

interface Run {
  /** Written to stdout as is. */
  out?: string;
  stderr?: string;
  /** Exit status after writing; absent: stays up until killed. */
  exit?: number;
}

const FAKE = `#!/usr/bin/env node
const fs = require('fs');
const path = require('path');
const n = fs.readdirSync(__dirname).filter((f) => f.startsWith('args-')).length;
fs.writeFileSync(path.join(__dirname, 'args-' + n + '.json'), JSON.stringify(process.argv.slice(2)));
const run = JSON.parse(fs.readFileSync(path.join(__dirname, 'runs.json'), 'utf8'))[n] || {};
if (run.out) process.stdout.write(run.out);
if (run.stderr) process.stderr.write(run.stderr);
if (typeof run.exit === 'number') process.exitCode = run.exit;
else setInterval(() => {}, 1000);
`;

const record = (cursor: string, message: string) =>
  JSON.stringify({ MESSAGE: message, __CURSOR: cursor, __REALTIME_TIMESTAMP: '1795455153401651', PRIORITY: '6', _SYSTEMD_UNIT: 'exabgp.service' });

let dir: string;
let program: string;
const followers: JournalFollower[] = [];

async function fake(runs: Run[]): Promise<void> {
  await writeFile(join(dir, 'runs.json'), JSON.stringify(runs));
}
async function argsOf(n: number): Promise<string[]> {
  return JSON.parse(await readFile(join(dir, `args-${n}.json`), 'utf8')) as string[];
}
const starts = async () => (await readdir(dir)).filter((f) => f.startsWith('args-')).length;

function follower(options: ConstructorParameters<typeof JournalFollower>[1] = {}): JournalFollower {
  const f = new JournalFollower('exabgp.service', { program, restartDelayMs: 50, now: () => 1_795_455_000_000, ...options });
  followers.push(f);
  return f;
}

/** Drains until `count` records came (or fails after 5 s). */
async function collect(f: JournalFollower, count: number): Promise<string[]> {
  const got: string[] = [];
  await until(`${count} records`, async () => {
    got.push(...f.drain());
    return got.length >= count;
  }, 5000, 20);
  return got;
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'exatop-journal-'));
  program = join(dir, 'journalctl.cjs');
  await writeFile(program, FAKE);
  await chmod(program, 0o755);
});
afterEach(async () => {
  for (const f of followers.splice(0)) f.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('journalctlArgs', () => {
  it('always --all (a field over 4096 bytes is null without it) and --lines all (-f alone shows 10)', () => {
    expect(journalctlArgs('exabgp.service', { sinceTime: 1_795_455_000_123 })).toEqual([
      '--unit', 'exabgp.service', '--follow', '--output', 'json', '--all', '--no-pager', '--lines', 'all', '--since', '@1795455000.123',
    ]);
    expect(journalctlArgs('exabgp.service', { cursor: 's=1;i=2' }).slice(-2)).toEqual(['--after-cursor', 's=1;i=2']);
  });
});

describe('JournalFollower', () => {
  it('starts at the time it began following, not with -n 0, and --since is a fixed time', async () => {
    await fake([{}]);
    follower().start();
    await until('journalctl started', async () => (await starts()) === 1, 5000, 20);
    expect((await argsOf(0)).slice(-2)).toEqual(['--since', '@1795455000.000']);
    expect(follower({ sinceMs: 3_600_000 }).nextArgs().slice(-2)).toEqual(['--since', '@1795451400.000']);
  });

  it('restarted after an exit, it goes on after the last record: nothing repeated, nothing lost', async () => {
    await fake([
      { out: `${record('c1', 'one')}\n${record('c2', 'two')}\n{"MESSAGE":"cut of`, exit: 1, stderr: 'Journal file corrupted\n' },
      { out: `${record('c3', 'three')}\n` },
    ]);
    const f = follower({ sinceMs: 3_600_000 });
    f.start();
    const records = await collect(f, 3);
    expect(records.map((r) => (JSON.parse(r) as { MESSAGE: string }).MESSAGE)).toEqual(['one', 'two', 'three']);
    expect((await argsOf(0)).slice(-2)).toEqual(['--since', '@1795451400.000']);
    expect((await argsOf(1)).slice(-2)).toEqual(['--after-cursor', 'c2']);
    expect(f.status.state).toBe('following');
    expect(f.status.message).toBeNull();
  });

  it('an exit before any record (journald not started yet) starts again from the same time', async () => {
    await fake([{ exit: 1, stderr: 'Data from the specified boot (+0) is not available: No such boot ID in journal\n' }, {}]);
    const f = follower();
    f.start();
    await until('the error', async () => f.status.state === 'error', 5000, 20);
    expect(f.status.message).toMatch(/exited \(1\): Data from the specified boot .*again in 0\.05 s, from where it began/);
    await until('the second start', async () => (await starts()) === 2, 5000, 20);
    expect(await argsOf(1)).toEqual(await argsOf(0));
    // Up for a second: following again although the unit said nothing.
    await until('following again', async () => f.status.state === 'following', 5000, 20);
    expect(f.status.message).toBeNull();
  });

  it('says when the user may not read the journal', async () => {
    await fake([{ exit: 1, stderr: 'No journal files were opened due to insufficient permissions.\n' }, { exit: 1, stderr: 'No journal files were opened due to insufficient permissions.\n' }]);
    const f = follower({ restartDelayMs: 60_000 });
    f.start();
    await until('the error', async () => f.status.state === 'error', 5000, 20);
    expect(f.status.message).toContain('root or the systemd-journal group');
  });

  it('reads the cursor from the record, not from a message that quotes one', async () => {
    const tricky = JSON.stringify({ MESSAGE: 'x "__CURSOR":"evil" y', __CURSOR: 'real', __REALTIME_TIMESTAMP: '1' });
    await fake([{ out: `${tricky}\n`, exit: 0 }, {}]);
    const f = follower();
    f.start();
    await collect(f, 1);
    await until('the second start', async () => (await starts()) === 2, 5000, 20);
    expect((await argsOf(1)).slice(-2)).toEqual(['--after-cursor', 'real']);
  });

  it('keeps the newest records when the monitor does not drain, and counts the dropped', async () => {
    await fake([{ out: Array.from({ length: 10 }, (_, i) => record(`c${i}`, `m${i}`)).join('\n') + '\n' }]);
    const f = follower({ maxBuffered: 4 });
    f.start();
    await until('all records read', async () => f.status.dropped === 6, 5000, 20);
    expect(f.drain().map((r) => (JSON.parse(r) as { MESSAGE: string }).MESSAGE)).toEqual(['m6', 'm7', 'm8', 'm9']);
    expect(f.drain()).toEqual([]);
  });

  it('does not start again once stopped', async () => {
    await fake([{ exit: 1 }, {}]);
    const f = follower();
    f.start();
    await until('the error', async () => f.status.state === 'error', 5000, 20);
    f.stop();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await starts()).toBe(1);
    expect(f.status.state).toBe('stopped');
  });
});

describe('DropOldestQueue', () => {
  it('is a FIFO that drops its oldest items when full', () => {
    const q = new DropOldestQueue<number>(3);
    expect([q.push(1), q.push(2)]).toEqual([false, false]);
    expect(q.drain()).toEqual([1, 2]);
    for (let i = 0; i < 8; i++) q.push(i);
    expect(q.length).toBe(3);
    expect(q.drain()).toEqual([5, 6, 7]);
    expect(q.drain()).toEqual([]);
    expect(() => new DropOldestQueue(0)).toThrow(RangeError);
  });

  it('holds the newest 50,000 of a million records', () => {
    const q = new DropOldestQueue<number>(50_000);
    let dropped = 0;
    for (let i = 0; i < 1_000_000; i++) if (q.push(i)) dropped++;
    const out = q.drain();
    expect(dropped).toBe(950_000);
    expect(out[0]).toBe(950_000);
    expect(out.at(-1)).toBe(999_999);
    expect(out.every((v, i) => v === 950_000 + i)).toBe(true);
  });
});
