// The scale lab through the built CLI: one real ExaBGP (4.2 with 30 neighbors, 5.0.15 with 100),
// all answered by one real BIRD, route churn from the daemon's API process reaching BIRD, a
// flapper taking sessions down and up, and `lab down` leaving nothing alive. Slot 31: 127.0.131.0/24.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProcFs } from '../../src/io/procfs.js';
import { defaultLabRoot, labDown } from '../../src/io/lab/lab.js';
import { sleep, until } from '../support/lab.js';

const CLI = new URL('../../bin/exatop.js', import.meta.url).pathname;
const SLOT = 31;
const exatop = (...args: string[]) => execa('node', [CLI, ...args], { reject: false, timeout: 60_000 });

interface Neighbor { description: string; fsm: string; address: string }
interface Snapshot { neighbors: Neighbor[]; neighbors_summary: { established: number; total: number } }

async function snapshot(pidFile: string): Promise<Snapshot | null> {
  const r = await exatop('snapshot', '--json', '--pidfile', pidFile, '--window', '0.2');
  try {
    const doc = JSON.parse(r.stdout) as Snapshot;
    return doc.neighbors ? doc : null;
  } catch {
    return null;
  }
}

/** Route updates and withdraws BIRD has received on all its sessions (`show protocols all`). */
async function birdImports(ctl: string): Promise<number> {
  const r = await execa('/usr/sbin/birdc', ['-s', ctl, 'show', 'protocols', 'all'], { timeout: 10_000 });
  return [...r.stdout.matchAll(/Import (?:updates|withdraws):\s+(\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
}

const name = (octet: number) => `p${String(octet).padStart(3, '0')}`;

describe.skipIf(!existsSync('/usr/sbin/bird') || !existsSync('/usr/sbin/exabgp')).each([['4.2', 30], ['5.0', 100]] as const)('scale lab of ExaBGP %s: exatop lab up --peers %i --churn 50 --flap 5s', (line, PEERS) => {
  const root = defaultLabRoot();
  beforeAll(async () => {
    await labDown(root, SLOT);
  });
  afterAll(async () => {
    await labDown(root, SLOT);
  });

  it('every session establishes, churn reaches BIRD, a flap happens, and lab down leaves no process', async () => {
    const started = Date.now();
    const up = await exatop('lab', 'up', '--exabgp', line, '--peers', String(PEERS), '--churn', '50', '--flap', '5s', '--slot', String(SLOT));
    expect(up.exitCode, up.stderr).toBe(0);
    expect(up.stderr).toContain(`${PEERS} neighbors 127.0.131.2…127.0.131.${PEERS + 1} on one BIRD, ghost 127.0.131.${PEERS + 2}; churn 50 UPDATE/s; one BIRD session flapped every 5s`);

    const status = JSON.parse((await exatop('lab', 'status', '--slot', String(SLOT), '--json')).stdout);
    expect(status.scale).toBe(PEERS);
    expect(status.line).toBe(line);
    expect(status.load).toMatchObject({ neighbors: PEERS + 1, answered: PEERS, churn_per_second: 50, flap_every_seconds: 5 });
    expect(status.processes.map((p: { name: string; role: string; running: boolean }) => [p.name, p.role, p.running])).toEqual([
      ['bird', 'peer', true], ['exabgp', 'daemon', true], ['flapper', 'flapper', true],
    ]);
    const text = (await exatop('lab', 'status', '--slot', String(SLOT))).stdout;
    expect(text).toContain(`${PEERS} neighbors`);
    expect(text).toContain('churn 50 UPDATE/s');
    expect(text).toContain('flapped every 5s');
    const pidFile: string = status.pid_file;
    const ctl = `${status.dir}/run/bird.ctl`;

    // 1. all 30 sessions ESTABLISHED, as the daemon itself reports them
    const established = await until(`${PEERS} sessions established`, async () => {
      const doc = await snapshot(pidFile);
      return doc?.neighbors_summary.established === PEERS ? doc : null;
    }, 30_000, 200);
    process.stderr.write(`[scale-lab ${line}] ${PEERS} sessions established ${Date.now() - started} ms after lab up started\n`);
    expect(established.neighbors_summary.total).toBe(PEERS + 1);
    const byName = new Map(established.neighbors.map((n) => [n.description, n]));
    for (let octet = 2; octet <= PEERS + 1; octet++) expect(byName.get(name(octet))?.fsm).toBe('ESTABLISHED');
    expect(byName.get('ghost')?.fsm).not.toBe('ESTABLISHED');

    // 2. churn from the daemon's API process reaches BIRD: its received updates keep growing
    const before = await birdImports(ctl);
    await sleep(2000);
    const after = await birdImports(ctl);
    expect(after - before).toBeGreaterThan(40); // ~100 at 50/s over 2 s, less the flapped session's share

    // 3. a flap: a session seen down by the daemon, then back, and the flapper's log says it did it
    const down = await until('a flapped session down', async () => {
      const doc = await snapshot(pidFile);
      return doc?.neighbors.find((n) => n.description !== 'ghost' && n.fsm !== 'ESTABLISHED') ?? null;
    }, 15_000, 100);
    await until(`${down.description} established again`, async () => {
      const doc = await snapshot(pidFile);
      return doc?.neighbors.find((n) => n.description === down.description)?.fsm === 'ESTABLISHED';
    }, 20_000, 200);
    const flapLog = await readFile(`${status.dir}/log/flap.log`, 'utf8');
    expect(flapLog).toMatch(new RegExp(`Z disable ${down.description}\\n.*Z enable ${down.description}\\n`));
    const flaps = JSON.parse((await exatop('lab', 'status', '--slot', String(SLOT), '--json')).stdout).load.flaps_done;
    expect(flaps).toBeGreaterThanOrEqual(1);

    // 4. lab down: every process it started, and the daemon's children (churn, events, CLI helper), gone
    const proc = new ProcFs();
    const daemonPid = Number((await readFile(pidFile, 'utf8')).trim());
    const children = await proc.children(daemonPid);
    expect(children.length).toBeGreaterThanOrEqual(2);
    const everyone = await Promise.all([...status.processes.map((p: { pid: number }) => p.pid), ...children].map(async (pid: number) => ({ pid, startTicks: (await proc.stat(pid))?.startTicks })));
    const stopped = await exatop('lab', 'down', '--slot', String(SLOT));
    expect(stopped.exitCode).toBe(0);
    expect(stopped.stdout).toMatch(/stopped flapper \(pid \d+\), exabgp \(pid \d+\), bird \(pid \d+\)/);
    await sleep(300);
    for (const p of everyone) {
      const stat = await proc.stat(p.pid);
      const alive = !!stat && stat.startTicks === p.startTicks && stat.state !== 'Z';
      expect(alive, `pid ${p.pid} still alive`).toBe(false);
    }
    process.stderr.write(`[scale-lab ${line}] whole test ${Date.now() - started} ms\n`);
  });
});
