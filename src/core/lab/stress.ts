// What loads a lab, computed without side effects: the route churn API process of the daemon and
// the flapper that takes BIRD sessions down and up on a schedule (runbook Stage 1: "100+ peers,
// route churn", "network instability (flapping connections)"). Both are small python3 programs
// written into the lab folder; src/io/lab/lab.ts starts the flapper, the daemon starts the churn.
import { answeredNeighbors, birdControlSocket, type LabPlan } from './plan.js';

export const BIRDC = '/usr/sbin/birdc';

/**
 * The churn API process: RATE commands a second, round robin over the neighbors
 * PREFIX.FIRST … PREFIX.(FIRST+COUNT-1). Peer P gets 10.P.R.0/24, R = 0…199, announced, then
 * withdrawn, and again. Each command names one neighbor, so each is one UPDATE to one peer.
 * Written by an API process rather than into the CLI pipe: the daemon answers every pipe command
 * with `done` on the `.out` FIFO, where monitors read their own answers. The daemon's answers
 * and events on stdin are read and dropped; end of stdin (the daemon is gone) ends the process.
 */
export const CHURN_SCRIPT = `import os, sys, threading, time
rate, prefix, first, count = float(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
def drain():
    for _ in sys.stdin:
        pass
    os._exit(0)
threading.Thread(target=drain, daemon=True).start()
step, carry, n, tick = 0.1, 0.0, 0, 0
start = time.monotonic()
while True:
    carry += rate * step
    batch = []
    while carry >= 1:
        carry -= 1
        peer, slot = n % count, (n // count) % 400
        verb = 'announce' if slot < 200 else 'withdraw'
        batch.append('neighbor %s.%d %s route 10.%d.%d.0/24 next-hop self\\n' % (prefix, first + peer, verb, peer, slot % 200))
        n += 1
    if batch:
        try:
            sys.stdout.write(''.join(batch))
            sys.stdout.flush()
        except BrokenPipeError:
            os._exit(0)
    tick += 1
    time.sleep(max(0.0, start + tick * step - time.monotonic()))
`;

/**
 * The flapper: every EVERY seconds the next BIRD session (round robin) that BIRD reports
 * Established is disabled, then enabled again DOWN seconds later; one line per action in LOG.
 * Sessions not up yet are skipped, so flapping does not hold back the lab's establishment.
 * birdc runs with an argument list, never through a shell.
 */
export const FLAP_SCRIPT = `import subprocess, sys, time
every, down, birdc, log = float(sys.argv[1]), float(sys.argv[2]), sys.argv[3], sys.argv[4]
targets = list(zip(sys.argv[5::2], sys.argv[6::2]))
def stamp():
    now = time.time()
    return time.strftime('%Y-%m-%dT%H:%M:%S', time.gmtime(now)) + '.%03dZ' % int(now % 1 * 1000)
def birdc_run(ctl, *args):
    try:
        done = subprocess.run([birdc, '-s', ctl, *args], capture_output=True, text=True, timeout=5)
        return done.stdout if done.returncode == 0 else None
    except (OSError, subprocess.SubprocessError):
        return None
with open(log, 'a', buffering=1) as out:
    out.write('%s start every %gs down %gs over %d sessions\\n' % (stamp(), every, down, len(targets)))
    k, idle, due = 0, False, time.monotonic() + every
    while True:
        time.sleep(max(0.0, due - time.monotonic()))
        due = max(due + every, time.monotonic())
        chosen = None
        for i in range(len(targets)):
            ctl, proto = targets[(k + i) % len(targets)]
            shown = birdc_run(ctl, 'show', 'protocols', proto)
            if shown is not None and 'Established' in shown:
                chosen, k = (ctl, proto), (k + i + 1) % len(targets)
                break
        if chosen is None:
            if not idle:
                out.write('%s idle no established session to flap\\n' % stamp())
            idle = True
            continue
        idle = False
        ctl, proto = chosen
        out.write('%s disable %s%s\\n' % (stamp(), proto, '' if birdc_run(ctl, 'disable', proto) is not None else ' failed'))
        time.sleep(down)
        out.write('%s enable %s%s\\n' % (stamp(), proto, '' if birdc_run(ctl, 'enable', proto) is not None else ' failed'))
`;

export interface FlapTarget {
  /** The neighbor's name in the daemon's config (its description). */
  neighbor: string;
  controlSocket: string;
  protocol: string;
}

/** Every session a flapper can take down: the neighbors a BIRD answers, in address order. */
export function flapTargets(plan: LabPlan): FlapTarget[] {
  return answeredNeighbors(plan).flatMap((n) =>
    n.process !== null && n.birdProtocol !== null ? [{ neighbor: n.name, controlSocket: birdControlSocket(plan, n.process), protocol: n.birdProtocol }] : [],
  );
}

/** How long a flapped session stays disabled: half the interval, at most 5 s. */
export function flapDownMs(everyMs: number): number {
  return Math.min(5000, Math.round(everyMs / 2));
}

/** The flapper's argv after the python interpreter. */
export function flapArguments(plan: LabPlan, everyMs: number): string[] {
  const targets = flapTargets(plan);
  if (targets.length === 0) throw new RangeError('--flap takes BIRD sessions down and up: the lab needs BIRD peers (--peers N, or bird in --peers LIST)');
  return [
    plan.flapScript, String(everyMs / 1000), String(flapDownMs(everyMs) / 1000), BIRDC, plan.flapLog,
    ...targets.flatMap((t) => [t.controlSocket, t.protocol]),
  ];
}

/** Shortest flap interval: a session needs a moment to come back between two flaps. */
export const MIN_FLAP_MS = 1000;

/** Why `everyMs` is no flap interval, or null. 0 means no flapping. */
export function flapProblem(everyMs: number): string | null {
  if (everyMs === 0 || (Number.isFinite(everyMs) && everyMs >= MIN_FLAP_MS)) return null;
  return `--flap takes an interval of at least ${MIN_FLAP_MS / 1000}s such as 30s or 2m (0: no flapping), got ${everyMs} ms`;
}

/** Sessions the flapper has taken down so far, read from its log. */
export function flapsDone(log: string): number {
  return log.split('\n').filter((line) => / disable \S+$/.test(line)).length;
}

/** One line: who the peers are, and the churn and flaps put on them. */
export function describeLoad(plan: LabPlan, flapEveryMs: number): string {
  const peers = plan.scale !== null
    ? `${plan.scale} neighbors ${plan.neighbors[0]!.address}…${plan.neighbors[plan.scale - 1]!.address} on one BIRD, ghost ${plan.neighbors[plan.scale]!.address}`
    : `peers ${plan.neighbors.map((n) => `${n.name}@${n.address}`).join(', ')}`;
  const churn = plan.churn > 0 ? `churn ${plan.churn} UPDATE/s` : 'no churn';
  const flap = flapEveryMs > 0 ? `one BIRD session flapped every ${flapEveryMs / 1000}s` : 'no flaps';
  return `${peers}; ${churn}; ${flap}`;
}
