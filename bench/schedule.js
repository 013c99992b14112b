// What each answer of the polling schedule costs (README "Polling schedule"), on the product's
// 100-neighbor scale lab: for the small answer (`show neighbor summary`) and the full one (4.2
// `show neighbor extensive`, 5.0 `show neighbor json`), asked back to back in alternating blocks
// with exatop's own ControlClient from dist/: bytes per answer, wall time, the daemon's CPU per
// answer (its process tree's ticks over the block, less its idle rate measured first) and this
// process's CPU per answer (reading and parsing).
//
//   npm run build && flock /tmp/exatop-bench.lock node bench/schedule.js [--exabgp 4.2|5.0] [--slot 44]
//
// Progress on stderr; the last line of stdout is the JSON result.
import { parseArgs } from 'node:util';
import { exatop, labPlan, waitEstablished } from './lib/lab.js';
import { CLK_TCK, median, round, sleep, treeTicks as ticksOrNull } from './lib/proc.js';
import { cleanupOnExit } from './lib/cleanup.js';

const { values } = parseArgs({ options: { exabgp: { type: 'string', default: '4.2' }, slot: { type: 'string', default: '44' }, peers: { type: 'string', default: '100' }, rounds: { type: 'string', default: '4' }, per: { type: 'string', default: '15' } } });
const slot = Number(values.slot);
/** The daemon's CPU ticks; it is expected to stay up for the whole run. */
const treeTicks = (pid) => {
  const ticks = ticksOrNull(pid);
  if (ticks === null) throw new Error(`the daemon (pid ${pid}) is gone`);
  return ticks;
};
const say = (message) => process.stderr.write(`[schedule] ${message}\n`);

await exatop('lab', 'down', '--slot', String(slot)).catch(() => undefined);
say(`exatop lab up --slot ${slot} --peers ${values.peers} --exabgp ${values.exabgp}`);
await exatop('lab', 'up', '--slot', String(slot), '--peers', values.peers, '--exabgp', values.exabgp);
const stop = () => exatop('lab', 'down', '--slot', String(slot)).catch(() => undefined);
cleanupOnExit(say, 'the scale lab').cleanups.push(stop);
try {
  const plan = await labPlan(slot);
  const daemon = plan.processes.find((p) => p.role === 'daemon').pid;
  const up = await waitEstablished(plan, Math.round(Number(values.peers) * 0.95), 120_000, say);
  say(`${up.established}/${up.total} established`);
  const { PipeTransport } = await import('../dist/io/control/pipe.js');
  const { ControlClient } = await import('../dist/core/control/client.js');
  const dialect = values.exabgp === '5.0' ? '5.0' : '4.2';
  const client = new ControlClient(new PipeTransport(plan.inPipe, plan.outPipe), dialect, 10_000);
  await sleep(2000);
  const idleStart = treeTicks(daemon);
  const idleAt = performance.now();
  // the daemon alone, no query: subtracted from each block
  await sleep(5000);
  const idlePerMs = (treeTicks(daemon) - idleStart) / (performance.now() - idleAt);
  const kinds = { summary: { bytes: [], ms: [], daemonMs: [], exatopMs: [], peers: [] }, full: { bytes: [], ms: [], daemonMs: [], exatopMs: [], peers: [] } };
  for (let round_ = 0; round_ < Number(values.rounds); round_++) {
    for (const kind of ['summary', 'full']) {
      const per = Number(values.per);
      const ticks = treeTicks(daemon);
      const cpu = process.cpuUsage();
      const started = performance.now();
      for (let i = 0; i < per; i++) {
        const at = performance.now();
        const poll = kind === 'full' ? await client.pollNeighbors(Date.now) : await client.pollSummary(Date.now);
        if (!poll.ok) throw new Error(`${kind}: ${poll.error}`);
        kinds[kind].bytes.push(poll.bytes);
        kinds[kind].ms.push(performance.now() - at);
        kinds[kind].peers.push(poll.neighbors?.length ?? poll.summary?.peers.length ?? 0);
      }
      const wall = performance.now() - started;
      const used = process.cpuUsage(cpu);
      const daemonTicks = treeTicks(daemon) - ticks - idlePerMs * wall;
      kinds[kind].daemonMs.push((daemonTicks * 1000) / CLK_TCK / per);
      kinds[kind].exatopMs.push((used.user + used.system) / 1000 / per);
      await sleep(500);
    }
    say(`round ${round_ + 1}: summary ${round(median(kinds.summary.daemonMs), 1)} ms daemon CPU/answer, full ${round(median(kinds.full.daemonMs), 1)} ms`);
  }
  const figures = (k) => ({
    bytes: Math.round(median(k.bytes) ?? Number.NaN),
    peers_listed: median(k.peers),
    wall_ms_p50: round(median(k.ms), 1),
    daemon_cpu_ms_per_answer: round(median(k.daemonMs), 1),
    exatop_cpu_ms_per_answer: round(median(k.exatopMs), 1),
  });
  const result = { exabgp: values.exabgp, neighbors: up.total, established: up.established, idle_daemon_cpu_percent: round((idlePerMs * 1000 * 100) / CLK_TCK, 1), summary: figures(kinds.summary), full: figures(kinds.full) };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await stop();
}
