// The bench's poller section (issue #11 item 5): what watching a daemon costs the daemon, its log
// and its operator, with one poller per daemon life, on the 100-neighbor scale lab of lab slot 44
// (4.2 from Debian, and 5.0.15 from the lab's venv).
//   CPU      the daemon's CPU (its process tree: the daemon, its CLI helper and API processes;
//            /proc ticks) in alternating windows of the same run, nothing watching vs the TUI (in
//            tmux), `record` and `serve` watching; the order within a pair alternates. The figure
//            is the mean of the paired differences relative to the mean unwatched CPU, with the
//            95 % interval of the differences (t distribution, n − 1 degrees of freedom).
//   log      the daemon's log file growth in the same windows: bytes/s watched − unwatched,
//            relative to the unwatched rate (the daemon's own).
//   CLI      the operator's CLI (exabgpcli on 4.2, exabgp-cli on 5.0) called one after the other
//            while the TUI and `record` watch; answered = exit 0, a non-empty answer naming a
//            neighbor of the lab, no error text.
//   good     TUI + record + snapshot at once: record's samples (ctlok and the neighbor count, as
//            RecordingReader rebuilds them), snapshot run back to back (control.ok and the
//            neighbor count), the TUI's pane captured every second (the neighbor count on screen,
//            no STALE / bad answer / timeout / draining / waiting marker, the daemon's pid shown).
import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startScaleLab, waitEstablished } from './lib/lab.js';
import { CLK_TCK, median, readStat, round, sleep, stopPid, summary, treeTicks } from './lib/proc.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(root, 'bin', 'exatop.js');
const execFileP = promisify(execFile);
export const POLLER_SLOT = 44;


// two-sided 95 % quantiles of Student's t, by degrees of freedom
const T95 = [NaN, 12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];
const t95 = (df) => (df < 1 ? NaN : df < T95.length ? T95[df] : 2.0);

/** Mean of paired differences with its 95 % interval (t), absolute and relative to the base's mean. */
export function pairedInterval(base, treated) {
  const n = Math.min(base.length, treated.length);
  const d = Array.from({ length: n }, (_, i) => treated[i] - base[i]);
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const md = mean(d);
  const sd = n > 1 ? Math.sqrt(d.reduce((a, x) => a + (x - md) ** 2, 0) / (n - 1)) : NaN;
  const half = t95(n - 1) * (sd / Math.sqrt(n));
  const mb = mean(base.slice(0, n));
  const rel = (x) => (mb > 0 ? (x / mb) * 100 : null);
  return {
    n, baseMean: mb, treatedMean: mean(treated.slice(0, n)), meanDiff: md, sdDiff: sd, low: md - half, high: md + half,
    relative: rel(md), relativeLow: Number.isFinite(half) ? rel(md - half) : null, relativeHigh: Number.isFinite(half) ? rel(md + half) : null,
    diffs: d,
  };
}

const fileSize = (path) => {
  try {
    return statSync(path).size;
  } catch {
    return null;
  }
};

/** The daemon's own ticks (utime + stime) and its tree's (helpers, API processes, reaped children). */
function daemonTicks(pid) {
  const s = readStat(pid);
  const tree = treeTicks(pid);
  if (!s || s.state === 'Z' || tree === null) return null;
  return { own: s.utime + s.stime, tree };
}

function spawnExatop(args) {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: root, stdio: 'ignore', env: { ...process.env, CI: 'false' } });
  const startTicks = readStat(child.pid)?.startTicks ?? null;
  return { pid: child.pid, startTicks, stop: () => stopPid(child.pid, 3000, startTicks) };
}

/** Lines of a recording rebuilt into full samples (version 2 deltas applied). */
async function recordedSamples(file) {
  const { RecordingReader } = await import('../dist/core/record/format.js');
  const reader = new RecordingReader();
  const samples = [];
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return samples;
  }
  for (const line of text.split('\n')) {
    const item = reader.line(line);
    if (item?.type === 'sample') samples.push(item);
  }
  return samples;
}

async function metricsUp(listen, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://${listen}/metrics`, { signal: AbortSignal.timeout(2000) });
      const text = await res.text();
      if (/^exabgp_peer_state\b/m.test(text)) return text;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  return null;
}

/** What the TUI's pane shows about the neighbors: good when fresh, complete and attached. */
export function judgeScreen(screen, daemonPid, expected) {
  const count = /Neighbors\s+(\d+)\/(\d+) established/.exec(screen);
  const marker = /STALE|(?:bad answer|timeout|draining|waiting): /.exec(screen);
  const attached = new RegExp(`pid ${daemonPid}\\b`).test(screen);
  return { good: !!count && Number(count[2]) === expected && !marker && attached, total: count ? Number(count[2]) : null, marker: marker?.[0] ?? null, attached };
}

/**
 * `calls` calls of the operator's CLI one after the other; answered = exit 0, an answer naming a
 * lab address, no error text. Five failures in the first five calls stop the series.
 * @param {{ program: string, args: string[], env: Record<string, string> }} cli
 * @param {number} calls
 * @param {string} net
 */
async function cliSeries(cli, calls, net) {
  /** @type {number[]} */
  const times = [];
  /** @type {Array<{ call: number, code: unknown, stdout: string, stderr: string }>} */
  const failures = [];
  for (let i = 0; i < calls; i++) {
    const t = performance.now();
    const r = await execFileP(cli.program, cli.args, { env: { ...process.env, ...cli.env }, timeout: 30_000, maxBuffer: 16 * 1024 * 1024 })
      .then((x) => ({ code: 0, stdout: String(x.stdout), stderr: String(x.stderr) }), (e) => ({ code: e.code ?? e.signal ?? null, stdout: String(e.stdout ?? ''), stderr: String(e.stderr ?? '') }));
    times.push(performance.now() - t);
    const answered = r.code === 0 && r.stdout.trim() !== '' && r.stdout.includes(net) && !/error|timeout|could not|no answer/i.test(r.stdout);
    if (!answered) failures.push({ call: i + 1, code: r.code, stdout: r.stdout.trim().slice(-300), stderr: r.stderr.trim().slice(-400) });
    // a CLI that never answers (wrong pipe, missing program) is not worth 200 timeouts
    if (i === 4 && failures.length === 5) break;
  }
  return { calls, made: times.length, answered: times.length - failures.length, wallMs: summary(times), failures: failures.slice(0, 5), failureCount: failures.length };
}

export async function pollerSection({ slot = POLLER_SLOT, line, quick, peers, churn, flapSeconds, pairs, windowS, cliCalls, cliBaseline = 0, goodS, cliCommand, say, cleanups, tui }) {
  const tag = `poller ${line}`;
  const lab = await startScaleLab({ slot, peers, churn, flapSeconds, exabgp: line, progress: say });
  cleanups.push(() => lab.stop());
  const { plan } = lab;
  const up = await waitEstablished(plan, peers, 180_000, say, line);
  say(`${tag}: ${up.established}/${up.total} established`);
  if (up.established < peers) throw new Error(`only ${up.established} of ${peers} neighbors established`);
  const expected = up.total;
  const daemonPid = lab.daemonPid();
  const out = { line, slot, peers, churnPerSecond: churn, flapEverySeconds: flapSeconds, neighbors: expected, daemonPid, pairs, windowSeconds: windowS };
  const runDir = join(root, 'bench', 'results', 'run');
  const listen = `127.0.0.1:${19500 + slot}`;
  let watchers = [];
  const recordFile = join(runDir, `poller-${line}-record.jsonl`);
  const startWatchers = async ({ serve = true } = {}) => {
    rmSync(recordFile, { force: true });
    // record first: it takes the life's lock and polls; the TUI and serve follow its feed
    const record = spawnExatop(['record', '--out', recordFile, '--pidfile', plan.pidFile, '--interval', '1']);
    watchers.push({ name: 'record', ...record });
    cleanups.push(record.stop);
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && !(existsSync(recordFile) && /"type":"sample"/.test(readFileSync(recordFile, 'utf8')))) await sleep(200);
    const t = tui.start(`poller-${line.replace('.', '')}-${Date.now() % 100000}`, plan.pidFile);
    watchers.push({ name: 'tui', pid: t.pid, startTicks: t.startTicks, stop: () => tui.stop(t), session: t.session });
    cleanups.push(() => tui.stop(t));
    if (serve) {
      const s = spawnExatop(['serve', '--listen', listen, '--pidfile', plan.pidFile]);
      watchers.push({ name: 'serve', ...s });
      cleanups.push(s.stop);
    }
    await tui.wait(t.session, (screen) => judgeScreen(screen, daemonPid, expected).good, 30_000);
    if (serve && (await metricsUp(listen, 20_000)) === null) throw new Error(`exatop serve answered no /metrics with peers on ${listen}`);
    return t.session;
  };
  const stopWatchers = async () => {
    for (const w of watchers.reverse()) await w.stop();
    watchers = [];
  };

  // 1. CPU and log growth, unwatched vs watched, alternating
  const settleMs = quick ? 3000 : 5000;
  const windows = [];
  for (let p = 0; p < pairs; p++) {
    const order = p % 2 === 0 ? ['unwatched', 'watched'] : ['watched', 'unwatched'];
    const pair = {};
    for (const kind of order) {
      if (kind === 'watched') await startWatchers();
      await sleep(settleMs);
      const watcherTicks0 = watchers.map((w) => treeTicks(w.pid));
      const t0 = performance.now();
      const a = daemonTicks(daemonPid);
      const log0 = fileSize(plan.daemonLog);
      const samples0 = kind === 'watched' ? (await recordedSamples(recordFile)).length : 0;
      await sleep(windowS * 1000);
      const b = daemonTicks(daemonPid);
      const log1 = fileSize(plan.daemonLog);
      const seconds = (performance.now() - t0) / 1000;
      if (!a || !b) throw new Error(`the daemon (pid ${daemonPid}) ended during the windows`);
      const w = {
        pair: p + 1, kind, seconds: round(seconds, 2),
        cpuTree: round(((b.tree - a.tree) / CLK_TCK / seconds) * 100, 3),
        cpuOwn: round(((b.own - a.own) / CLK_TCK / seconds) * 100, 3),
        logBytesPerSecond: log0 !== null && log1 !== null && log1 >= log0 ? round((log1 - log0) / seconds, 1) : null,
      };
      if (kind === 'watched') {
        const samples = (await recordedSamples(recordFile)).slice(samples0);
        w.recordSamples = samples.length;
        w.recordPolled = samples.filter((s) => s.ctlok === true).length;
        w.watchersCpu = Object.fromEntries(watchers.map((x, i) => [x.name, round((((treeTicks(x.pid) ?? 0) - (watcherTicks0[i] ?? 0)) / CLK_TCK / seconds) * 100, 2)]));
        await stopWatchers();
      }
      pair[kind] = w;
      windows.push(w);
      say(`${tag}: pair ${p + 1}/${pairs} ${kind}: daemon tree ${w.cpuTree} % (own ${w.cpuOwn} %), log ${w.logBytesPerSecond} B/s${w.watchersCpu ? `; watchers ${JSON.stringify(w.watchersCpu)}, record ${w.recordPolled}/${w.recordSamples} samples polled` : ''}`);
    }
  }
  const of = (kind, key) => windows.filter((w) => w.kind === kind).sort((x, y) => x.pair - y.pair).map((w) => w[key]);
  const cpu = pairedInterval(of('unwatched', 'cpuTree'), of('watched', 'cpuTree'));
  const cpuOwn = pairedInterval(of('unwatched', 'cpuOwn'), of('watched', 'cpuOwn'));
  const log = pairedInterval(of('unwatched', 'logBytesPerSecond'), of('watched', 'logBytesPerSecond'));
  const r3 = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Array.isArray(v) ? v.map((x) => round(x, 3)) : round(v, 3)]));
  out.cpu = r3(cpu);
  out.cpuOwn = r3(cpuOwn);
  out.log = r3(log);
  out.windows = windows;
  say(`${tag}: daemon CPU ${round(cpu.baseMean, 2)} % → ${round(cpu.treatedMean, 2)} % watched: ${round(cpu.relative, 1)} % relative, 95 % interval [${round(cpu.relativeLow, 1)}, ${round(cpu.relativeHigh, 1)}] % (${cpu.n} pairs)`);
  say(`${tag}: daemon log ${round(log.baseMean, 1)} → ${round(log.treatedMean, 1)} B/s watched: +${round(log.meanDiff, 1)} B/s, ${round(log.relative, 1)} % of the daemon's own`);

  // 2. TUI + record + snapshot at once: good neighbor data in each one's samples
  const session = await startWatchers({ serve: false });
  try {
    const tGood0 = Date.now();
    const screens = [];
    const snaps = [];
    let capturing = true;
    const capture = (async () => {
      while (capturing) {
        screens.push(judgeScreen(tui.screen(session), daemonPid, expected));
        await sleep(1000);
      }
    })();
    while (Date.now() - tGood0 < goodS * 1000) {
      const r = await execFileP(process.execPath, [CLI, 'snapshot', '--json', '--pidfile', plan.pidFile], { cwd: root, timeout: 30_000, maxBuffer: 16 * 1024 * 1024 })
        .then((x) => ({ code: 0, stdout: x.stdout }), (e) => ({ code: e.code ?? null, stdout: e.stdout ?? '' }));
      let snap = null;
      try {
        snap = JSON.parse(r.stdout);
      } catch {
        // no JSON: not good
      }
      const n = Array.isArray(snap?.neighbors) ? snap.neighbors.length : null;
      snaps.push({ code: r.code, ok: snap?.control?.ok === true, neighbors: n, good: snap?.control?.ok === true && n === expected, error: snap?.control?.error ?? null });
    }
    capturing = false;
    await capture;
    const samples = (await recordedSamples(recordFile)).filter((s) => s.t >= tGood0);
    const recGood = samples.filter((s) => s.ctlok === true && s.nb.length === expected).length;
    const pct = (good, n) => (n > 0 ? round((good / n) * 100, 2) : null);
    out.good = {
      seconds: round((Date.now() - tGood0) / 1000, 1),
      record: { samples: samples.length, good: recGood, percent: pct(recGood, samples.length), polledBy: [...new Set(samples.map((s) => s.by ?? 'self'))] },
      snapshot: { runs: snaps.length, good: snaps.filter((s) => s.good).length, percent: pct(snaps.filter((s) => s.good).length, snaps.length), exitCodes: Object.fromEntries([...new Set(snaps.map((s) => s.code))].map((c) => [c, snaps.filter((s) => s.code === c).length])), errors: [...new Set(snaps.map((s) => s.error).filter(Boolean))].slice(0, 3) },
      tui: { captures: screens.length, good: screens.filter((s) => s.good).length, percent: pct(screens.filter((s) => s.good).length, screens.length), markers: [...new Set(screens.map((s) => s.marker).filter(Boolean))] },
    };
    say(`${tag}: good data: record ${recGood}/${samples.length}, snapshot ${out.good.snapshot.good}/${snaps.length}, TUI ${out.good.tui.good}/${screens.length} captures`);

    // 3. the operator's CLI while the TUI and record watch
    /** @type {{ program: string, args: string[], env: Record<string, string> }} */
    const cli = line === '4.2'
      ? { program: '/usr/sbin/exabgpcli', args: ['--root', plan.dir, '--env', plan.envFile, ...cliCommand], env: { exabgp_api_pipename: plan.pipeName } }
      : { program: join(root, '.lab', 'venv-exabgp-5.0.15', 'bin', 'exabgp-cli'), args: ['--pipename', plan.pipeName, ...cliCommand], env: { exabgp_api_pipename: plan.pipeName, EXABGP_ROOT: plan.dir } };
    const net = `127.0.${100 + slot}.`;
    const tCli0 = Date.now();
    const series = await cliSeries(cli, cliCalls, net);
    const during = (await recordedSamples(recordFile)).filter((s) => s.t >= tCli0);
    out.cli = { program: cli.program, command: cliCommand.join(' '), ...series, recordDuring: { samples: during.length, polled: during.filter((s) => s.ctlok === true).length } };
    say(`${tag}: ${cli.program.split('/').at(-1)} ${cliCommand.join(' ')}: ${series.answered}/${cliCalls} answered (${series.made} made) (p50 ${series.wallMs.p50} ms)${series.failures[0] ? `; first failure: ${JSON.stringify(series.failures[0])}` : ''}; record polled ${out.cli.recordDuring.polled}/${during.length} samples meanwhile`);
    await stopWatchers();
    // the same CLI with nothing watching: what the daemon's own CLI does without exatop
    if (cliBaseline > 0) {
      await sleep(settleMs);
      out.cliUnwatched = await cliSeries(cli, cliBaseline, net);
      say(`${tag}: the same with nothing watching: ${out.cliUnwatched.answered}/${cliBaseline} answered (p50 ${out.cliUnwatched.wallMs.p50} ms)${out.cliUnwatched.failures[0] ? `; first failure: ${JSON.stringify(out.cliUnwatched.failures[0])}` : ''}`);
    }
  } finally {
    await stopWatchers();
  }
  out.flaps = await lab.flaps();
  await lab.stop();
  out.medianWindowSeconds = median(windows.map((w) => w.seconds));
  return out;
}
