// A 100-neighbor lab for the benchmark (the scale lab of the issue, kept in bench/ because the
// project's own `exatop lab` cannot do it yet): one ExaBGP (Debian 4.2) with N neighbors
// 127.0.S.2 … 127.0.S.(N+1), all served by ONE BIRD instance with N `protocol bgp` blocks, route
// churn at RATE UPDATEs per second, and peers flapped with birdc every FLAP seconds.
//
//   node bench/scale-lab.js [up] [--peers 100] [--churn 20] [--flap 15] [--net 40] [--churn-via api|pipe]
//                                        runs in the foreground until Ctrl-C, then stops everything
//   node bench/scale-lab.js down [--net 40]   stops what a crashed run left (by pid + start time)
//
// Churn: by default an API process of the daemon (`process churn`) writes the announce/withdraw
// commands, one neighbor per command (`neighbor ADDR announce route …`), so RATE is UPDATE
// messages per second. `--churn-via pipe` writes the same commands into the daemon's CLI pipe
// as test/support/churn.ts does; but then the daemon's `done` for every command lands on the
// same `.out` FIFO that exatop (and exabgpcli) read their answers from, and a monitor polling
// at the same time gets cut answers. For measuring a monitor, the API process is the clean way.
import { closeSync, constants, existsSync, mkdirSync, openSync, readFileSync, readSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { spawn, execFile, execFileSync } from 'node:child_process';
import { userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { descendants, isAlive, readStat, sleep, stopPid } from './lib/proc.js';

const here = dirname(fileURLToPath(import.meta.url));
export const EXABGP = '/usr/sbin/exabgp';
export const BIRD = '/usr/sbin/bird';
export const BIRDC = '/usr/sbin/birdc';
export const PYTHON = '/usr/bin/python3';
const DAEMON_PORT = 17900;
const PEER_PORT = 17902;

export function scaleLabDir(net = 40) {
  return join(here, 'results', 'run', `scale-lab${net}`);
}

const CHURN_SCRIPT = `# churn for the exatop benchmark: announce then withdraw 200 routes per neighbor, round robin
import sys, threading, time
rate, net, count, delay = float(sys.argv[1]), sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
def drain():
    for _ in sys.stdin:
        pass
threading.Thread(target=drain, daemon=True).start()
time.sleep(delay)
n = 0
step = 0.1
carry = 0.0
start = time.monotonic()
tick = 0
while True:
    carry += rate * step
    batch = []
    while carry >= 1:
        carry -= 1
        peer = n % count
        slot = (n // count) % 400
        verb = 'announce' if slot < 200 else 'withdraw'
        batch.append('neighbor %s.%d %s route 10.%d.%d.0/24 next-hop self\\n' % (net, peer + 2, verb, peer, slot % 200))
        n += 1
    if batch:
        try:
            sys.stdout.write(''.join(batch))
            sys.stdout.flush()
        except BrokenPipeError:
            sys.exit(0)
    tick += 1
    time.sleep(max(0.0, start + tick * step - time.monotonic()))
`;

export function planScaleLab({ net = 40, peers = 100, churn = 20, churnVia = 'api', dir = scaleLabDir(net) } = {}) {
  if (!Number.isInteger(net) || net < 1 || net > 254) throw new RangeError(`--net must be 1..254, got ${net}`);
  if (!Number.isInteger(peers) || peers < 1 || peers > 240) throw new RangeError(`--peers must be 1..240, got ${peers}`);
  const prefix = `127.0.${net}`;
  const runDir = join(dir, 'run');
  const pipeName = `exatop-scale${net}`;
  return {
    dir,
    net,
    prefix,
    peers,
    churn,
    churnVia,
    runDir,
    logDir: join(dir, 'log'),
    daemonAddress: `${prefix}.1`,
    neighbors: Array.from({ length: peers }, (_, i) => ({ name: `p${String(i + 2).padStart(3, '0')}`, address: `${prefix}.${i + 2}` })),
    pipeName,
    inPipe: join(runDir, `${pipeName}.in`),
    outPipe: join(runDir, `${pipeName}.out`),
    pidFile: join(runDir, 'exabgp.pid'),
    configFile: join(dir, 'exabgp.conf'),
    envFile: join(dir, 'exabgp.env'),
    churnScript: join(dir, 'churn.py'),
    birdConfig: join(dir, 'bird.conf'),
    birdCtl: join(runDir, 'bird.ctl'),
    birdPid: join(runDir, 'bird.pid'),
    daemonLog: join(dir, 'log', 'exabgp.log'),
    birdLog: join(dir, 'log', 'bird.log'),
    stateFile: join(dir, 'scale-lab.json'),
  };
}

export function daemonConfigText(plan) {
  const lines = [];
  if (plan.churn > 0 && plan.churnVia === 'api') {
    lines.push('process churn {', `    run ${PYTHON} ${plan.churnScript} ${plan.churn} ${plan.prefix} ${plan.peers} 3;`, '    encoder text;', '}', '');
  }
  for (const n of plan.neighbors) {
    lines.push(
      `neighbor ${n.address} {`,
      `    description "${n.name}";`,
      `    router-id ${plan.daemonAddress};`,
      `    local-address ${plan.daemonAddress};`,
      '    local-as 65001;',
      '    peer-as 65002;',
      `    connect ${PEER_PORT};`,
      '    hold-time 90;',
      '    family { ipv4 unicast; }',
      // 4.2 lets an API process steer only the neighbors that name it
      ...(plan.churn > 0 && plan.churnVia === 'api' ? ['    api { processes [ churn ]; }'] : []),
      '}',
      '',
    );
  }
  return lines.join('\n');
}

export function birdConfigText(plan) {
  const lines = ['router id 10.255.255.1;', 'log stderr all;', 'protocol device { scan time 10; }', ''];
  // BIRD takes an object lock on (neighbor address, neighbor port) for each BGP protocol: 100
  // protocols towards the same 127.0.S.1:17900 would run one at a time, the rest stuck in Idle.
  // They are passive and never connect, so each gets its own nominal neighbor port instead.
  plan.neighbors.forEach((n, i) => {
    lines.push(
      `protocol bgp ${n.name} {`,
      `  local ${n.address} port ${PEER_PORT} as 65002;`,
      `  neighbor ${plan.daemonAddress} port ${i === 0 ? DAEMON_PORT : 20000 + i} as 65001;`,
      '  strict bind on;',
      '  multihop 2;',
      '  passive on;',
      '  hold time 90;',
      '  graceful restart off;',
      '  ipv4 { import all; export none; };',
      '}',
      '',
    );
  });
  return lines.join('\n');
}

export function daemonEnv(plan) {
  return {
    exabgp_tcp_bind: plan.daemonAddress,
    exabgp_tcp_port: String(DAEMON_PORT),
    exabgp_daemon_user: userInfo().username,
    exabgp_daemon_pid: plan.pidFile,
    exabgp_daemon_daemonize: 'false',
    exabgp_api_pipename: plan.pipeName,
    exabgp_log_destination: 'stdout',
  };
}

/** The same environment exabgpcli needs to find this daemon's pipes (with --root DIR). */
export function exabgpcliCommand(plan, command = ['show', 'neighbor', 'extensive']) {
  return { program: '/usr/sbin/exabgpcli', args: ['--root', plan.dir, '--env', plan.envFile, ...command], env: { exabgp_api_pipename: plan.pipeName } };
}

function spawnLogged(program, args, env, log, cwd) {
  const fd = openSync(log, 'a');
  const child = spawn(program, args, { detached: true, stdio: ['ignore', fd, fd], env: { ...process.env, ...env }, cwd });
  closeSync(fd);
  child.unref();
  child.on('error', () => undefined);
  const stat = child.pid ? readStat(child.pid) : null;
  return { pid: child.pid, startTicks: stat?.startTicks ?? null, argv: [program, ...args] };
}

function mkfifo(path) {
  rmSync(path, { force: true });
  execFileSync('mkfifo', ['-m', '0600', path]);
}

/** Writes commands to the daemon's `.in` and drops what `.out` holds (test/support/churn.ts). */
export function writePipeCommands(plan, commands) {
  const out = openSync(plan.outPipe, constants.O_RDWR | constants.O_NONBLOCK);
  const fd = openSync(plan.inPipe, constants.O_WRONLY | constants.O_NONBLOCK);
  try {
    for (const command of commands) writeSync(fd, `${command}\n`);
  } finally {
    closeSync(fd);
  }
  const sink = Buffer.alloc(65536);
  try {
    while (readSync(out, sink, 0, sink.length, null) > 0);
  } catch {
    // nothing to drain
  } finally {
    closeSync(out);
  }
}

function writeState(plan, state) {
  writeFileSync(plan.stateFile, `${JSON.stringify(state, null, 2)}\n`);
}

/** Stops what a state file lists (a crashed earlier run), only where pid + start time still match. */
export async function stopFromState(dir) {
  const file = join(dir, 'scale-lab.json');
  if (!existsSync(file)) return [];
  const state = JSON.parse(readFileSync(file, 'utf8'));
  const stopped = [];
  for (const p of [...(state.processes ?? [])].reverse()) {
    if (await stopPid(p.pid, 5000, p.startTicks)) stopped.push(`${p.name} ${p.pid}`);
  }
  rmSync(file, { force: true });
  return stopped;
}

/**
 * Starts the lab; returns a handle with stop(). Everything started is recorded (pid + start
 * time) in scale-lab.json, and stop() signals only those.
 */
export async function startScaleLab(options = {}) {
  const plan = planScaleLab(options);
  const flapEvery = options.flap ?? 15;
  const progress = options.progress ?? (() => undefined);
  for (const program of [EXABGP, BIRD, BIRDC, PYTHON]) if (!existsSync(program)) throw new Error(`${program} is missing (apt-get install -y exabgp bird2)`);
  const leftovers = await stopFromState(plan.dir);
  if (leftovers.length > 0) progress(`scale lab: stopped leftovers of an earlier run: ${leftovers.join(', ')}`);
  mkdirSync(plan.runDir, { recursive: true });
  mkdirSync(plan.logDir, { recursive: true });
  writeFileSync(plan.configFile, daemonConfigText(plan));
  writeFileSync(plan.envFile, '');
  writeFileSync(plan.churnScript, CHURN_SCRIPT);
  writeFileSync(plan.birdConfig, birdConfigText(plan));
  for (const log of [plan.daemonLog, plan.birdLog]) writeFileSync(log, '');
  mkfifo(plan.inPipe);
  mkfifo(plan.outPipe);
  rmSync(plan.pidFile, { force: true });
  rmSync(plan.birdCtl, { force: true });

  const state = { format: 'exatop-bench-scale-lab/1', plan: { net: plan.net, peers: plan.peers, churn: plan.churn, churnVia: plan.churnVia, flap: flapEvery }, processes: [] };
  const timers = [];
  let flaps = 0;
  let churned = 0;
  let stopping = null;
  const stop = async () => {
    if (stopping) return stopping;
    stopping = (async () => {
      for (const t of timers) clearInterval(t);
      const daemon = state.processes.find((p) => p.name === 'exabgp');
      // the daemon's children (CLI helper, churn process) are ours too: note them before it goes
      const kids = daemon && isAlive(daemon.pid) ? descendants(daemon.pid).map((pid) => ({ pid, startTicks: readStat(pid)?.startTicks ?? null })) : [];
      for (const p of [...state.processes].reverse()) await stopPid(p.pid, 5000, p.startTicks);
      for (const k of kids) await stopPid(k.pid, 2000, k.startTicks);
      rmSync(plan.stateFile, { force: true });
    })();
    return stopping;
  };
  try {
    const bird = spawnLogged(BIRD, ['-f', '-c', plan.birdConfig, '-s', plan.birdCtl, '-P', plan.birdPid], {}, plan.birdLog, plan.dir);
    state.processes.push({ name: 'bird', ...bird });
    writeState(plan, state);
    const daemon = spawnLogged(EXABGP, ['--root', plan.dir, '--env', plan.envFile, plan.configFile], daemonEnv(plan), plan.daemonLog, plan.dir);
    state.processes.push({ name: 'exabgp', ...daemon });
    writeState(plan, state);
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (!isAlive(daemon.pid)) throw new Error(`ExaBGP exited at start; last lines of ${plan.daemonLog}:\n${tail(plan.daemonLog)}`);
      if (!isAlive(bird.pid)) throw new Error(`BIRD exited at start; last lines of ${plan.birdLog}:\n${tail(plan.birdLog)}`);
      let pid = null;
      try {
        pid = Number(readFileSync(plan.pidFile, 'utf8').trim());
      } catch {
        // not yet
      }
      if (pid === daemon.pid && existsSync(plan.birdCtl)) break;
      if (Date.now() > deadline) throw new Error(`ExaBGP wrote no pid file ${plan.pidFile} within 30 s; last lines of ${plan.daemonLog}:\n${tail(plan.daemonLog)}`);
      await sleep(100);
    }
    progress(`scale lab: ExaBGP pid ${daemon.pid} on ${plan.daemonAddress}:${DAEMON_PORT}, BIRD pid ${bird.pid} with ${plan.peers} protocols ${plan.neighbors[0].address}…${plan.neighbors.at(-1).address}, churn ${plan.churn}/s via ${plan.churnVia}, ${flapEvery ? `flap every ${flapEvery} s` : 'no flaps from scale-lab.js'}`);

    if (plan.churn > 0 && plan.churnVia === 'pipe') {
      let n = 0;
      let carry = 0;
      timers.push(setInterval(() => {
        carry += plan.churn / 10;
        const batch = [];
        while (carry >= 1) {
          carry -= 1;
          const peer = n % plan.peers;
          const slot = Math.floor(n / plan.peers) % 400;
          batch.push(`neighbor ${plan.neighbors[peer].address} ${slot < 200 ? 'announce' : 'withdraw'} route 10.${peer}.${slot % 200}.0/24 next-hop self`);
          n++;
        }
        try {
          if (batch.length > 0) writePipeCommands(plan, batch);
          churned += batch.length;
        } catch {
          // the daemon is restarting or gone: the next tick tries again
        }
      }, 100));
    }
    if (flapEvery > 0) {
      let k = 0;
      timers.push(setInterval(() => {
        const peer = plan.neighbors[k++ % plan.neighbors.length];
        flaps++;
        execFile(BIRDC, ['-s', plan.birdCtl, 'disable', peer.name], { timeout: 5000 }, () => undefined);
        setTimeout(() => execFile(BIRDC, ['-s', plan.birdCtl, 'enable', peer.name], { timeout: 5000 }, () => undefined), Math.min(5000, (flapEvery * 1000) / 2)).unref?.();
      }, flapEvery * 1000));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    plan,
    state,
    daemonPid: () => state.processes.find((p) => p.name === 'exabgp')?.pid ?? null,
    birdPid: () => state.processes.find((p) => p.name === 'bird')?.pid ?? null,
    flaps: () => flaps,
    churnedViaPipe: () => churned,
    stop,
  };
}

function tail(path, lines = 8) {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** Polls the daemon with exatop's own client until `min` neighbors are ESTABLISHED (or timeout). */
export async function waitEstablished(plan, min, timeoutMs, progress = () => undefined) {
  const { PipeTransport } = await import('../dist/probes/control/pipe.js');
  const { ControlClient } = await import('../dist/probes/control/client.js');
  const client = new ControlClient(new PipeTransport(plan.inPipe, plan.outPipe), '4.2', 10_000);
  const deadline = Date.now() + timeoutMs;
  let last = { established: 0, total: 0, error: null };
  let lastSaid = 0;
  while (Date.now() < deadline) {
    const poll = await client.pollNeighbors(Date.now);
    if (poll.ok) last = { established: poll.neighbors.filter((n) => n.fsm === 'ESTABLISHED').length, total: poll.neighbors.length, error: null };
    else last = { ...last, error: poll.error };
    if (last.established >= min) return last;
    if (Date.now() - lastSaid > 5000) {
      progress(`scale lab: ${last.established}/${last.total} established${last.error ? ` (${last.error})` : ''}`);
      lastSaid = Date.now();
    }
    await sleep(1000);
  }
  return last;
}

async function main(argv) {
  const { parseArgs } = await import('node:util');
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { peers: { type: 'string' }, churn: { type: 'string' }, flap: { type: 'string' }, net: { type: 'string' }, 'churn-via': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log('Usage: node bench/scale-lab.js [up|down] [--peers 100] [--churn 20] [--flap 15] [--net 40] [--churn-via api|pipe]');
    return 0;
  }
  const net = Number(values.net ?? 40);
  if (positionals[0] === 'down') {
    const stopped = await stopFromState(scaleLabDir(net));
    console.log(stopped.length ? `stopped ${stopped.join(', ')}` : 'nothing to stop');
    return 0;
  }
  const lab = await startScaleLab({
    net,
    peers: Number(values.peers ?? 100),
    churn: Number(values.churn ?? 20),
    flap: Number(values.flap ?? 15),
    churnVia: values['churn-via'] ?? 'api',
    progress: (line) => console.log(line),
  });
  const onSignal = () => {
    void lab.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const up = await waitEstablished(lab.plan, lab.plan.peers, 120_000, (line) => console.log(line));
  console.log(`scale lab: ${up.established}/${up.total} established; pid file ${lab.plan.pidFile}; pipes ${lab.plan.inPipe.replace(/\.in$/, '.{in,out}')}; Ctrl-C stops it`);
  setInterval(() => undefined, 1 << 30); // stays up until a signal
  await new Promise(() => undefined);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then((code) => process.exitCode = code, (error) => {
    console.error(`scale-lab: ${error.message}`);
    process.exitCode = 1;
  });
}
