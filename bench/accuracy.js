// The bench's accuracy section: the comparison template's figures against independent clocks,
// measured in the same run on a lab of its own (slot 43: ExaBGP 4.2 + one BIRD peer + the ghost).
//   establishment  exatop's capture timing (process start → all expected ESTABLISHED) against
//                  BIRD's own "Established since" timestamp for the same session, per restart
//   peak CPU       the stored figure (median of per-run peaks) and every run's peak, ≤ 100 %
//   CPU average    exatop's tick-counter average against pidstat's over the same window, under
//                  the lab's API churn
import { execFile } from 'node:child_process';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { exatop, labPlan, waitEstablished } from './lib/lab.js';
import { median, round } from './lib/proc.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const execFileP = promisify(execFile);
export const ACCURACY_SLOT = 43;

/** When BIRD says its session to the daemon became Established (its own clock, ms), epoch ms. */
async function birdEstablishedAt(ctl, after) {
  const { stdout } = await execFileP('birdc', ['-s', ctl, 'show', 'protocols'], { timeout: 10_000 }).catch((e) => ({ stdout: e.stdout ?? '' }));
  const match = /^exa\s+BGP\s+\S+\s+up\s+(\d\d):(\d\d):(\d\d)\.(\d+)\s+Established/m.exec(stdout);
  if (!match) return null;
  const [, h, m, s, frac] = match;
  const d = new Date(after);
  d.setHours(Number(h), Number(m), Number(s), Math.round(Number(`0.${frac}`) * 1000));
  // a session established just after local midnight, read before it
  return d.getTime() < after - 12 * 3_600_000 ? d.getTime() + 86_400_000 : d.getTime();
}

export async function accuracySection({ runs, cpuSeconds, say, cleanups, accuracyCpu }) {
  const slot = String(ACCURACY_SLOT);
  await exatop('lab', 'down', '--slot', slot).catch(() => undefined);
  say(`accuracy: exatop lab up --slot ${slot} --peers bird --churn 50`);
  await exatop('lab', 'up', '--slot', slot, '--peers', 'bird', '--churn', '50');
  cleanups.push(async () => {
    await exatop('lab', 'down', '--slot', slot).catch(() => undefined);
  });
  const plan = await labPlan(ACCURACY_SLOT);
  const bird = plan.neighbors.find((n) => n.name === 'bird' || n.kind === 'bird');
  if (!bird) throw new Error(`the accuracy lab has no BIRD neighbor: ${JSON.stringify(plan.neighbors)}`);
  const ctl = join(plan.dir, 'run', 'bird.ctl');
  await waitEstablished(plan, 1, 60_000, say);

  const { timeEstablishment } = await import('../dist/session/capture/establishment.js');
  const { locate } = await import('../dist/io/daemon/discover.js');
  const { ProcFs } = await import('../dist/io/procfs.js');
  const proc = new ProcFs();
  /** @type {import('../dist/core/model/daemon.js').Target} */
  const target = { kind: 'pidfile', path: plan.pidFile };
  const establishment = [];
  for (let i = 0; i < runs; i++) {
    const before = await locate(proc, target);
    const previous = before.status === 'found' ? before.daemon : null;
    const timing = timeEstablishment({ proc, target, expected: [bird.address], previous, timeoutMs: 60_000 });
    await exatop('lab', 'restart', '--slot', slot);
    const run = await timing;
    if (!run.ok) throw new Error(`establishment run ${i + 1}: ${run.error}`);
    // a run that is ok has both (EstablishmentRun)
    const startTime = /** @type {number} */ (run.startTime);
    const seconds = /** @type {number} */ (run.seconds);
    const birdAt = await birdEstablishedAt(ctl, startTime);
    if (birdAt === null) throw new Error('birdc show protocols gave no Established time');
    const birdSeconds = (birdAt - startTime) / 1000;
    const by = run.establishedBy?.kind ?? 'control-poll';
    establishment.push({ exatop: round(seconds, 3), bird: round(birdSeconds, 3), diff: round(seconds - birdSeconds, 3), by, uncertainty: run.uncertaintyS == null ? null : round(run.uncertaintyS, 3), peakCpu: round(run.peakCpuPercent, 1) });
    const how = by === 'api-event' ? `dated by the daemon's up event in ${run.establishedBy?.file}` : `the control channel bounds it to ${run.uncertaintyS?.toFixed(2)} s`;
    say(`accuracy: run ${i + 1}/${runs}: exatop ${seconds.toFixed(3)} s, BIRD ${birdSeconds.toFixed(3)} s (${how}), peak CPU ${run.peakCpuPercent?.toFixed(1)}%`);
  }
  const diffs = establishment.map((r) => Math.abs(/** @type {number} */ (r.diff)));
  const peaks = establishment.map((r) => r.peakCpu).filter((p) => p !== null);
  await waitEstablished(plan, 1, 60_000, say);
  const daemonPid = Number((await execFileP('cat', [plan.pidFile])).stdout.trim());
  const cpu = await accuracyCpu(daemonPid, cpuSeconds);
  say(`accuracy: CPU average exatop ${cpu.exatop}% vs pidstat ${cpu.pidstat}% over ${cpuSeconds} s`);
  await exatop('lab', 'down', '--slot', slot);
  return {
    slot: ACCURACY_SLOT,
    cwd: root,
    establishment: {
      runs: establishment, medianAbsDiff: round(median(diffs), 3), maxAbsDiff: round(Math.max(...diffs), 3),
      byApiEvent: establishment.filter((r) => r.by === 'api-event').length,
      medianUncertainty: establishment.some((r) => r.uncertainty !== null) ? round(median(establishment.map((r) => r.uncertainty).filter((u) => u !== null)), 3) : null,
    },
    peakCpu: { median: round(median(peaks), 1), max: round(Math.max(...peaks), 1), values: peaks },
    cpu,
  };
}
