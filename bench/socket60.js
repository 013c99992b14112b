// The optional `socket60` section: exatop's neighbor poll over the unix socket of an ExaBGP 6.0-dev
// daemon with 100 neighbors. ExaBGP 6.0 is not packaged: the caller passes a checkout of its main
// branch (`--exabgp6 DIR`, run through its in-tree launcher `sbin/exabgp`, Python ≥ 3.12).
//
//   1. `exatop lab up --peers 100 --slot 42`: the product's scale lab (a 4.2 daemon and one BIRD
//      answering 100 neighbors on 127.0.142.2…101, a ghost at .102);
//   2. the lab's 4.2 daemon is stopped (its pid from lab.json, checked against its start time), and
//      a 6.0-dev daemon is started on the same address and port with the lab's own neighbor blocks
//      (the `process` blocks and `api` lines dropped: 6.0's API syntax differs and nothing here
//      needs them), its unix socket at <lab>/run/exabgp6.sock (`exabgp_api_socketpath`);
//   3. waits for ≥ 95 neighbors ESTABLISHED, asked over that socket;
//   4. `peer show` (exatop's 6.0 neighbor command) with `SocketTransport` + `ControlClient` from
//      dist/, back to back: p50/p99 of the wall time of each poll; then one `exabgp run peer show`
//      (6.0's one-shot CLI, what `exabgpcli` is to 4.2) after another, as an anchor;
//   5. stops the 6.0 daemon it started (by pid and start time, then its helpers the same way) and
//      runs `exatop lab down --slot 42`, also on a signal or an error.
//
// Progress on stderr; the last line of stdout is the JSON result.
import { spawn, execFile, execFileSync } from 'node:child_process';
import { createConnection } from 'node:net';
import { existsSync, mkdirSync, openSync, closeSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs, promisify } from 'node:util';
import { exatop, labPlan } from './lib/lab.js';
import { descendants, readStat, round, sleep, stopPid, summary } from './lib/proc.js';
import { cleanupOnExit } from './lib/cleanup.js';

const execFileP = promisify(execFile);

const { values: opts } = parseArgs({
  options: {
    exabgp6: { type: 'string' }, python: { type: 'string' }, slot: { type: 'string' }, peers: { type: 'string' },
    polls: { type: 'string' }, 'cli-calls': { type: 'string' }, 'min-established': { type: 'string' }, timeout: { type: 'string' },
  },
});
if (!opts.exabgp6) {
  console.error('usage: node bench/socket60.js --exabgp6 DIR [--python PY] [--slot 42] [--peers 100] [--polls 200] [--cli-calls 10]');
  process.exit(2);
}
const CHECKOUT = resolve(opts.exabgp6);
const SLOT = Number(opts.slot ?? 42);
const PEERS = Number(opts.peers ?? 100);
const POLLS = Number(opts.polls ?? 200);
const CLI_CALLS = Number(opts['cli-calls'] ?? 10);
const MIN_ESTABLISHED = Number(opts['min-established'] ?? Math.ceil(PEERS * 0.95));
const ESTABLISH_TIMEOUT_MS = Number(opts.timeout ?? 180) * 1000;
const WARMUP = 5;

const t0 = Date.now();
const say = (line) => process.stderr.write(`[socket60 +${((Date.now() - t0) / 1000).toFixed(0).padStart(3)}s] ${line}\n`);

// ───────────────────────── cleanup: only what this script started ─────────────────────────

const { cleanups, cleanup } = cleanupOnExit(say, 'the 6.0 daemon and the lab');

// ───────────────────────── ExaBGP 6.0 checkout and its Python ─────────────────────────

function pythonVersion(python) {
  try {
    const out = execFileSync(python, ['-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3])'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const [major, minor] = out.split('.').map(Number);
    return { version: out, ok: major > 3 || (major === 3 && minor >= 12) };
  } catch {
    return null;
  }
}

/** --python, else the first Python ≥ 3.12 among python3, python3.13, python3.12 and pyenv's versions. */
function findPython() {
  if (opts.python) {
    const v = pythonVersion(opts.python);
    if (!v?.ok) throw new Error(`--python ${opts.python}: ${v ? `Python ${v.version}, ExaBGP 6.0 needs ≥ 3.12` : 'does not run'}`);
    return { path: opts.python, version: v.version };
  }
  const candidates = ['python3', 'python3.13', 'python3.12'];
  const pyenv = join(homedir(), '.pyenv', 'versions');
  try {
    for (const name of readdirSync(pyenv).filter((n) => /^3\.(1[2-9]|[2-9]\d)\./.test(n)).sort()) candidates.push(join(pyenv, name, 'bin', 'python3'));
  } catch {
    // no pyenv
  }
  for (const candidate of candidates) {
    const v = pythonVersion(candidate);
    if (v?.ok) {
      let path = candidate;
      try {
        path = candidate.includes('/') ? candidate : execFileSync('sh', ['-c', `command -v ${candidate}`], { encoding: 'utf8' }).trim();
      } catch {
        // keep the name
      }
      // pyenv's shims resolve per folder: ask the interpreter where it really is
      try {
        path = execFileSync(path, ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim() || path;
      } catch {
        // keep it
      }
      return { path, version: v.version };
    }
  }
  throw new Error('no Python ≥ 3.12 found (python3, python3.13, python3.12, ~/.pyenv/versions/3.12+): pass --python PATH');
}

/** The 6.0 config: the lab's neighbor blocks, without `process` blocks and `api` lines. */
function config60(text) {
  const out = [];
  let depth = 0;
  let skipping = false;
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (!skipping && depth === 0 && /^process\s+\S+\s*\{/.test(trimmed)) skipping = true;
    const opens = (line.match(/\{/g) ?? []).length;
    const closes = (line.match(/\}/g) ?? []).length;
    if (skipping) {
      depth += opens - closes;
      if (depth <= 0) {
        skipping = false;
        depth = 0;
      }
      continue;
    }
    // one-line `api { … }` inside a neighbor
    if (/^api\s*\{.*\}\s*$/.test(trimmed)) continue;
    out.push(line);
  }
  const result = out.join('\n').replace(/\n{3,}/g, '\n\n');
  if (/\bapi\s*\{/.test(result)) throw new Error('the lab config has a multi-line api block this script does not strip');
  return result;
}

// ───────────────────────── the measurement ─────────────────────────

async function main() {
  const launcher = join(CHECKOUT, 'sbin', 'exabgp');
  if (!existsSync(launcher)) throw new Error(`${CHECKOUT} is not an ExaBGP checkout: no sbin/exabgp`);
  const python = findPython();
  say(`ExaBGP 6.0 checkout ${CHECKOUT}, Python ${python.version} (${python.path})`);

  const { SocketTransport } = await import('../dist/io/control/socket.js');
  const { ControlClient } = await import('../dist/core/control/client.js');
  const { COMMANDS } = await import('../dist/core/control/commands.js');
  // 6.0 has a neighbor command (COMMANDS types each one as optional)
  const command = /** @type {string} */ (COMMANDS['6.0'].neighbors);

  // 1. the product's scale lab (a crashed run's lab in this slot is stopped first)
  await exatop('lab', 'down', '--slot', String(SLOT)).catch(() => undefined);
  say(`exatop lab up --peers ${PEERS} --slot ${SLOT}`);
  cleanups.push(async () => {
    say(`exatop lab down --slot ${SLOT}`);
    await exatop('lab', 'down', '--slot', String(SLOT)).catch((error) => say(`lab down: ${error.message}`));
  });
  await exatop('lab', 'up', '--peers', String(PEERS), '--slot', String(SLOT));
  const plan = await labPlan(SLOT);
  const state = JSON.parse(readFileSync(join(plan.dir, 'lab.json'), 'utf8'));
  const daemon42 = state.processes.find((p) => p.role === 'daemon');
  if (!daemon42) throw new Error(`${plan.dir}/lab.json lists no daemon`);
  const conf42 = readFileSync(join(plan.dir, 'exabgp.conf'), 'utf8');
  // where the lab's daemon listens: its own environment (exabgp_tcp_bind / exabgp_tcp_port)
  const env42 = Object.fromEntries(readFileSync(`/proc/${daemon42.pid}/environ`, 'utf8').split('\0').filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
  const bind = env42['exabgp_tcp_bind'] ?? env42['exabgp.tcp.bind'] ?? /local-address\s+(\S+);/.exec(conf42)?.[1];
  const port = env42['exabgp_tcp_port'] ?? env42['exabgp.tcp.port'] ?? '179';
  if (!bind) throw new Error('cannot tell which address the lab daemon uses');

  // 2. the 4.2 daemon goes (its pid checked against its start time); its API process with it
  const daemonStat = readStat(daemon42.pid);
  if (!daemonStat || daemonStat.startTicks !== daemon42.startTicks) throw new Error(`the lab's daemon pid ${daemon42.pid} is not running (or is another process now)`);
  const kids42 = descendants(daemon42.pid).map((pid) => ({ pid, startTicks: readStat(pid)?.startTicks ?? null }));
  say(`stopping the lab's 4.2 daemon, pid ${daemon42.pid}`);
  await stopPid(daemon42.pid, 8000, daemon42.startTicks);
  for (const k of kids42) await stopPid(k.pid, 3000, k.startTicks);
  await sleep(500);

  // 3. the 6.0-dev daemon, same neighbors, same address and port
  const conf60 = join(plan.dir, 'exabgp6.conf');
  writeFileSync(conf60, config60(conf42));
  const runDir = join(plan.dir, 'run');
  mkdirSync(runDir, { recursive: true });
  const socketPath = join(runDir, 'exabgp6.sock');
  const pidFile = join(runDir, 'exabgp6.pid');
  const logFile = join(plan.dir, 'log', 'exabgp6.log');
  mkdirSync(dirname(logFile), { recursive: true });
  rmSync(socketPath, { force: true });
  const env = {
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    HOME: homedir(),
    LANG: 'C.UTF-8',
    INTERPRETER: python.path,
    exabgp_tcp_bind: bind,
    exabgp_tcp_port: port,
    exabgp_daemon_user: process.getuid?.() === 0 ? 'root' : (process.env['USER'] ?? 'nobody'),
    exabgp_daemon_pid: pidFile,
    exabgp_api_socketpath: socketPath,
  };
  const log = openSync(logFile, 'w');
  say(`starting ExaBGP 6.0 on ${bind}:${port}, socket ${socketPath}, log ${logFile}`);
  const child = spawn(python.path, [launcher, conf60], { env, stdio: ['ignore', log, log], detached: true });
  closeSync(log);
  child.unref();
  const pid = child.pid;
  await sleep(200);
  const startTicks = readStat(pid)?.startTicks ?? null;
  let helpers = [];
  cleanups.push(async () => {
    const seen = new Set(helpers.map((h) => h.pid));
    helpers = [...helpers, ...descendants(pid).filter((p) => !seen.has(p)).map((p) => ({ pid: p, startTicks: readStat(p)?.startTicks ?? null }))];
    say(`stopping the 6.0 daemon, pid ${pid}${helpers.length ? ` (helpers ${helpers.map((h) => h.pid).join(', ')})` : ''}`);
    await stopPid(pid, 8000, startTicks);
    for (const h of helpers) await stopPid(h.pid, 3000, h.startTicks);
  });
  if (startTicks === null) throw new Error(`ExaBGP 6.0 ended at once; see ${logFile}:\n${readFileSync(logFile, 'utf8').slice(-2000)}`);

  // the socket appears once the helper runs
  const socketDeadline = Date.now() + 30_000;
  while (!existsSync(socketPath)) {
    const stat = readStat(pid);
    if (stat === null || stat.state === 'Z') throw new Error(`ExaBGP 6.0 ended; see ${logFile}:\n${readFileSync(logFile, 'utf8').slice(-2000)}`);
    if (Date.now() > socketDeadline) throw new Error(`no socket at ${socketPath} after 30 s; see ${logFile}`);
    await sleep(100);
  }
  helpers = descendants(pid).map((p) => ({ pid: p, startTicks: readStat(p)?.startTicks ?? null }));
  const version = await new ControlClient(new SocketTransport(socketPath), '6.0', 5000).askVersion();
  say(`ExaBGP ${version} pid ${pid} answers on ${socketPath}`);

  // 4. wait for the sessions, asked over the socket
  const client = new ControlClient(new SocketTransport(socketPath), '6.0', 10_000);
  const established = async () => {
    const poll = await client.pollNeighbors(Date.now);
    return poll.ok && poll.neighbors ? { established: poll.neighbors.filter((n) => n.fsm === 'ESTABLISHED').length, total: poll.neighbors.length, error: null } : { established: 0, total: 0, error: poll.error };
  };
  const upStarted = Date.now();
  /** @type {{ established: number, total: number, error: string | null }} */
  let up = { established: 0, total: 0, error: null };
  let said = 0;
  while (Date.now() - upStarted < ESTABLISH_TIMEOUT_MS) {
    up = await established();
    if (up.established >= MIN_ESTABLISHED) break;
    if (Date.now() - said > 5000) {
      say(`${up.established}/${up.total} established${up.error ? ` (${up.error})` : ''}`);
      said = Date.now();
    }
    await sleep(1000);
  }
  const establishSeconds = round((Date.now() - upStarted) / 1000, 1);
  say(`${up.established}/${up.total} established after ${establishSeconds} s`);
  if (up.established < MIN_ESTABLISHED) throw new Error(`only ${up.established}/${up.total} neighbors ESTABLISHED after ${ESTABLISH_TIMEOUT_MS / 1000} s (need ${MIN_ESTABLISHED}); see ${logFile}`);

  // 5. exatop's poll over the socket, back to back (20 ms apart, as the lab section does)
  const times = [];
  const reported = [];
  const sizes = [];
  const establishedSeen = [];
  let failures = 0;
  let lastError = null;
  let neighbors = null;
  const transport = new SocketTransport(socketPath);
  const raw = new ControlClient(transport, '6.0', 10_000);
  for (let i = 0; i < POLLS + WARMUP; i++) {
    const t = performance.now();
    const poll = await raw.pollNeighbors(Date.now);
    const ms = performance.now() - t;
    if (!poll.ok) {
      failures++;
      lastError = poll.error;
    } else if (i >= WARMUP) {
      times.push(ms);
      reported.push(poll.latencyMs);
      const list = poll.neighbors ?? [];
      neighbors = list.length;
      establishedSeen.push(list.filter((n) => n.fsm === 'ESTABLISHED').length);
    }
    await sleep(20);
  }
  // the answer's size, from the transport itself (what the poll read)
  for (let i = 0; i < 3; i++) {
    const outcome = await transport.query(command, 10_000);
    if (outcome.ok) sizes.push(Buffer.byteLength(outcome.raw));
  }
  const socket = { command, ...summary(times), clientReported: summary(reported), failures, lastError, neighbors, established: { min: Math.min(...establishedSeen), max: Math.max(...establishedSeen) }, answerBytes: sizes.length ? Math.max(...sizes) : null };
  say(`socket poll "${command}" (${neighbors} neighbors): p50 ${socket.p50} ms p99 ${socket.p99} ms max ${socket.max} ms (${socket.n} polls, ${failures} failed), answer ${socket.answerBytes} bytes`);

  // the daemon's own answer time, for comparison: a bare client (connect, write, read until the
  // answer ends with `done`), no framing, no coalescing, nothing parsed
  const bare = [];
  let bareFailures = 0;
  for (let i = 0; i < Math.min(POLLS, 100) + WARMUP; i++) {
    const t = performance.now();
    const ok = await new Promise((done) => {
      const sock = createConnection(socketPath);
      const chunks = [];
      let size = 0;
      const timer = setTimeout(() => {
        sock.destroy();
        done(false);
      }, 10_000);
      sock.on('error', () => {
        clearTimeout(timer);
        done(false);
      });
      sock.on('connect', () => sock.write(`${command}\n`));
      sock.on('data', (chunk) => {
        chunks.push(chunk);
        size += chunk.length;
        // a stray `done` left for an earlier client is a few bytes: the answer is ~100 kB
        if (size > 1024 && Buffer.concat(chunks.slice(-2)).toString('latin1').endsWith('\ndone\n')) {
          clearTimeout(timer);
          sock.destroy();
          done(true);
        }
      });
    });
    const ms = performance.now() - t;
    if (!ok) bareFailures++;
    else if (i >= WARMUP) bare.push(ms);
    await sleep(20);
  }
  const bareFigures = { ...summary(bare), failures: bareFailures, note: 'bare net.Socket: connect, write, read until the answer ends with done; no framing, no parsing' };
  Object.assign(socket, { bare: bareFigures });
  say(`bare socket client, same command: p50 ${bareFigures.p50} ms p99 ${bareFigures.p99} ms (${bareFigures.n} polls, ${bareFailures} failed)`);

  // 6. the 6.0 CLI: `sbin/exabgp run peer show` (what exabgpcli is to 4.2), one call after another.
  // The in-tree launcher deletes every .pyc of the checkout before it starts python (SKIPCLEANUP
  // turns that off): measured both ways, the anchor is the launcher as shipped.
  /** @type {Record<string, string | undefined>} */
  const cliEnv = { ...env, exabgp_api_socketname: 'exabgp6' };
  delete cliEnv.exabgp_daemon_pid;
  const cliCalls = async (extraEnv, n) => {
    const list = [];
    let bad = 0;
    let bytes = null;
    let lastOut = '';
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      try {
        const { stdout } = await execFileP(python.path, [launcher, 'run', ...command.split(' ')], { env: { ...cliEnv, ...extraEnv }, timeout: 20_000, maxBuffer: 64 * 1024 * 1024 });
        list.push(performance.now() - t);
        bytes = Buffer.byteLength(stdout);
        lastOut = stdout;
        if (!stdout.includes('ESTABLISHED') && !/established/i.test(stdout)) bad++;
      } catch (error) {
        bad++;
        lastOut = `${error.message}`;
      }
    }
    return { ...summary(list), failures: bad, outputBytes: bytes, sample: bad ? lastOut.slice(0, 400) : undefined };
  };
  const cli = { command: `${launcher} run ${command}`, env: 'exabgp_api_socketpath, exabgp_api_socketname=exabgp6', shipped: await cliCalls({}, CLI_CALLS) };
  say(`6.0 CLI "exabgp run ${command}": p50 ${cli.shipped.p50} ms p99 ${cli.shipped.p99} ms (${cli.shipped.n} calls, ${cli.shipped.failures} failed, ${cli.shipped.outputBytes} bytes out)`);
  cli.keepPyc = await cliCalls({ SKIPCLEANUP: 'exabgp' }, CLI_CALLS);
  say(`6.0 CLI with SKIPCLEANUP=exabgp (bytecode kept): p50 ${cli.keepPyc.p50} ms p99 ${cli.keepPyc.p99} ms (${cli.keepPyc.failures} failed)`);

  const result = {
    slot: SLOT,
    checkout: CHECKOUT,
    python: python.version,
    version,
    daemonPid: pid,
    bind: `${bind}:${port}`,
    socketPath,
    peers: PEERS,
    neighbors: up.total,
    established: up.established,
    establishSeconds,
    socket,
    cli,
  };
  await cleanup();
  return result;
}

main().then(
  (result) => {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exit(0);
  },
  async (error) => {
    say(`FAILED: ${error.stack ?? error.message}`);
    await cleanup();
    process.exit(1);
  },
);
