// `exatop serve` against a real ExaBGP 4.2 lab, checked by the real Prometheus tools: promtool
// checks the scraped text and the alert rules, and a real Prometheus (Debian's `prometheus`
// package, .ci/install) scrapes exatop on loopback and answers queries about the daemon.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseServeArgs, runServe, type ServeArgs } from '../../src/commands/serve.js';
import { startTestLab, until, procTruth, type TestLab } from '../support/lab.js';
import { startPrometheus, type TestPrometheus } from '../support/prometheus.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const RULES = join(ROOT, 'monitoring/prometheus-alerts.yml');
const RULE_TESTS = join(ROOT, 'monitoring/prometheus-alerts.test.yml');
const DASHBOARD = join(ROOT, 'monitoring/grafana-dashboard.json');
const DIST_SERVE = join(ROOT, 'dist/commands/serve.js');
/** An alert subject that needs every escape the text format has. */
const ODD_SUBJECT = 'say "hi" \\ to\nall';

/** Starts runServe in-process; resolves once it listens. */
async function serve(argv: string[], extra: Partial<ServeArgs> = {}) {
  const controller = new AbortController();
  let listening!: (port: number) => void;
  const port = new Promise<number>((resolve) => {
    listening = resolve;
  });
  const done = runServe({ ...parseServeArgs(argv), onListening: (a) => listening(a.port), signal: controller.signal, ...extra });
  const bound = await Promise.race([port, done.then((code) => Promise.reject(new Error(`runServe returned ${code} before listening`)))]);
  return { port: bound, done, stop: () => controller.abort(), url: (path: string) => `http://127.0.0.1:${bound}${path}` };
}

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parseText(text: string): Sample[] {
  return text
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((line) => {
      const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!m) throw new Error(`not a sample: ${line}`);
      const labels: Record<string, string> = {};
      for (const p of (m[2] ?? '').matchAll(/([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g)) labels[p[1]!] = p[2]!.replace(/\\(.)/g, (_x, c: string) => (c === 'n' ? '\n' : c));
      return { name: m[1]!, labels, value: Number(m[3]) };
    });
}

const familiesOf = (text: string): Set<string> => new Set(text.split('\n').filter((l) => l.startsWith('# TYPE ')).map((l) => l.split(' ')[2]!));

/** exabgp_* names a PromQL text refers to. */
/** exabgp_* names a PromQL text refers to; recording rules' level:metric:operation names aside. */
const metricNames = (promql: string): string[] => [...promql.matchAll(/\b(exabgp_[a-z_]+|exatop_[a-z_]+)\b(?![:\w])(?<!:\w*)/g)].map((m) => m[1]!);

interface DashboardPanel {
  title: string;
  targets?: { expr: string }[];
}

function dashboardExprs(): { where: string; expr: string }[] {
  const dash = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as {
    panels: DashboardPanel[];
    templating: { list: { name: string; query?: { query: string } | string }[] };
    annotations: { list: { name: string; expr?: string }[] };
  };
  const out: { where: string; expr: string }[] = [];
  for (const p of dash.panels) for (const t of p.targets ?? []) out.push({ where: `panel "${p.title}"`, expr: t.expr });
  for (const a of dash.annotations.list) if (a.expr) out.push({ where: `annotation "${a.name}"`, expr: a.expr });
  for (const v of dash.templating.list) {
    const q = typeof v.query === 'string' ? v.query : v.query?.query;
    const inner = q ? /^label_values\((.*),\s*\w+\)$/.exec(q)?.[1] : undefined;
    if (inner) out.push({ where: `variable ${v.name}`, expr: inner });
  }
  return out;
}

/** Grafana's variables, as Grafana would fill them in. */
const grafanaToPromql = (expr: string): string =>
  expr.replace(/\$instance/g, '.*').replace(/\$__rate_interval/g, '1m').replace(/\$__range/g, '1h').replace(/\$__interval/g, '15s');

function alertRuleExprs(): { alert: string; expr: string }[] {
  // The rules file is YAML; its `expr:` values are one line or a `|` block.
  const lines = readFileSync(RULES, 'utf8').split('\n');
  const out: { alert: string; expr: string }[] = [];
  let alert = '';
  for (let i = 0; i < lines.length; i++) {
    const a = /^\s*- alert: (\S+)/.exec(lines[i]!);
    if (a) alert = a[1]!;
    const e = /^(\s*)expr: (.*)$/.exec(lines[i]!);
    if (!e) continue;
    if (e[2] !== '|') {
      out.push({ alert, expr: e[2]! });
      continue;
    }
    const block: string[] = [];
    while (i + 1 < lines.length && (lines[i + 1]!.startsWith(`${e[1]!}  `) || lines[i + 1]!.trim() === '')) block.push(lines[++i]!.trim());
    out.push({ alert, expr: block.join(' ').trim() });
  }
  return out;
}

describe('exatop serve on a real ExaBGP 4.2', () => {
  let lab: TestLab;
  let server: Awaited<ReturnType<typeof serve>>;
  let scrape: string;

  beforeAll(async () => {
    lab = await startTestLab('4.2', 26);
    server = await serve(['--listen', '127.0.0.1:0', '--pidfile', lab.plan.pidFile, '--interval', '0.5'], {
      alerts: () => [{ rule: 'neighbor-down', level: 'critical', subject: ODD_SUBJECT }],
    });
  });
  afterAll(async () => {
    server?.stop();
    await server?.done;
    await lab?.stop();
  });

  const address = (name: string) => lab.plan.neighbors.find((n) => n.name === name)!.address;

  it('answers GET /metrics with the 0.0.4 text format, / with a link page, anything else with 404', async () => {
    const metrics = await fetch(server.url('/metrics'));
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(await metrics.text()).toMatch(/^# HELP exatop_build_info /);
    const index = await fetch(server.url('/'));
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await index.text()).toContain('<a href="/metrics">');
    expect((await fetch(server.url('/nope'))).status).toBe(404);
    expect((await fetch(server.url('/metrics/x'))).status).toBe(404);
    const post = await fetch(server.url('/metrics'), { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('exposes the real daemon: its peers as they are, its RSS as /proc has it', async () => {
    // CPU needs two samples (the first reading of a process measures no interval).
    scrape = await until('bird and exabgp-peer established and a CPU reading in the scrape', async () => {
      const text = await (await fetch(server.url('/metrics'))).text();
      const up = parseText(text).filter((s) => s.name === 'exabgp_peer_established' && s.value === 1);
      return up.length === 2 && /^exabgp_process_cpu_usage_ratio /m.test(text) ? text : null;
    }, 30_000, 250);
    const samples = parseText(scrape);
    const one = (name: string, labels: Record<string, string> = {}) =>
      samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
    expect(one('exabgp_up')[0]?.value).toBe(1);
    expect(one('exabgp_info')[0]?.labels).toMatchObject({ version: expect.stringMatching(/^4\.2\./), reactor: 'generator' });
    const established = Object.fromEntries(one('exabgp_peer_established').map((s) => [s.labels['description'], s]));
    expect(established['bird']).toMatchObject({ value: 1, labels: { peer: address('bird'), peer_as: '65002' } });
    expect(established['exabgp-peer']).toMatchObject({ value: 1, labels: { peer: address('exabgp-peer'), peer_as: '65003' } });
    expect(established['ghost']).toMatchObject({ value: 0, labels: { peer: address('ghost'), peer_as: '65004' } });
    expect(one('exabgp_peer_state', { peer: address('bird') })[0]?.value).toBe(6);
    expect(one('exabgp_peer_state', { peer: address('ghost') })[0]?.value).toBeLessThan(6);
    expect(one('exabgp_peer_messages_total', { peer: address('bird'), direction: 'received', type: 'open' })[0]?.value).toBe(1);
    const pid = await lab.daemonPid();
    const rss = one('exabgp_process_resident_memory_bytes')[0]!.value;
    expect(Math.abs(rss - (await procTruth(pid)).rssBytes) / rss).toBeLessThan(0.05);
    expect(one('exabgp_process_open_fds')[0]!.value).toBeGreaterThan(0);
    expect(one('exabgp_process_max_fds')[0]!.value).toBeGreaterThan(one('exabgp_process_open_fds')[0]!.value);
    const startTime = one('exabgp_process_start_time_seconds')[0]!.value;
    expect(Math.abs(Date.now() / 1000 - startTime)).toBeLessThan(600);
    expect(one('exabgp_control_ok')[0]?.value).toBe(1);
    expect(one('exabgp_control_latency_seconds')[0]!.value).toBeLessThan(1);
    expect(one('exabgp_alerts_active')[0]).toMatchObject({ value: 1, labels: { rule: 'neighbor-down', level: 'critical', subject: ODD_SUBJECT } });
  });

  it('the scraped text passes promtool check metrics (which does fail on a broken one)', async () => {
    const good = await execa('promtool', ['check', 'metrics'], { input: scrape, reject: false });
    expect(good.stdout + good.stderr).toBe('');
    expect(good.exitCode).toBe(0);
    // The same text with one label value's escaping undone, and with a counter renamed: rejected.
    const unescaped = scrape.replace('subject="say \\"hi\\"', 'subject="say "hi"');
    expect(unescaped).not.toBe(scrape);
    expect((await execa('promtool', ['check', 'metrics'], { input: unescaped, reject: false })).exitCode).not.toBe(0);
    const misnamed = scrape.replaceAll('exabgp_restarts_total', 'exabgp_restarts');
    expect((await execa('promtool', ['check', 'metrics'], { input: misnamed, reject: false })).exitCode).not.toBe(0);
  });

  it('the alert rules pass promtool check rules and their own promtool unit tests', async () => {
    const check = await execa('promtool', ['check', 'rules', RULES], { reject: false });
    expect(check.exitCode, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toContain('SUCCESS: 13 rules found');
    const tests = await execa('promtool', ['test', 'rules', RULE_TESTS], { reject: false });
    expect(tests.exitCode, tests.stdout + tests.stderr).toBe(0);
    expect(tests.stdout).toContain('SUCCESS');
  });

  it('the dashboard and the alert rules use only metrics the scrape has', () => {
    const families = familiesOf(scrape);
    const used = [...dashboardExprs().map((e) => e.expr), ...alertRuleExprs().map((e) => e.expr)].flatMap(metricNames);
    expect(used.length).toBeGreaterThan(20);
    const unknown = [...new Set(used)].filter((name) => !families.has(name));
    expect(unknown).toEqual([]);
    // The rules file parsed here is the one promtool counted.
    expect(alertRuleExprs()).toHaveLength(13);
  });

  describe('scraped by a real Prometheus', () => {
    let prometheus: TestPrometheus;
    let api: string;
    const query = (promql: string) => prometheus.query(promql);

    beforeAll(async () => {
      prometheus = await startPrometheus([`127.0.0.1:${server.port}`], [RULES]);
      api = prometheus.api;
    });
    afterAll(() => prometheus?.stop());

    it('stores the daemon\'s RSS (within 5% of VmRSS) and every peer\'s state', async () => {
      const pid = await lab.daemonPid();
      const rss = await until('RSS in Prometheus', async () => {
        const r = await query('exabgp_process_resident_memory_bytes{job="exatop"}');
        return r.data.result[0] ? Number(r.data.result[0].value[1]) : null;
      }, 30_000, 500);
      const truth = (await procTruth(pid)).rssBytes;
      expect(Math.abs(rss - truth) / truth).toBeLessThan(0.05);
      const peers = await until('peers in Prometheus', async () => {
        const r = await query('exabgp_peer_established{job="exatop"}');
        return r.data.result.length === 3 ? r.data.result : null;
      }, 30_000, 500);
      const byPeer = Object.fromEntries(peers.map((p) => [p.metric['peer'], { value: p.value[1], description: p.metric['description'] }]));
      expect(byPeer).toEqual({
        [address('bird')]: { value: '1', description: 'bird' },
        [address('exabgp-peer')]: { value: '1', description: 'exabgp-peer' },
        [address('ghost')]: { value: '0', description: 'ghost' },
      });
      const state = await query(`exabgp_peer_state{job="exatop",peer="${address('bird')}"}`);
      expect(state.data.result[0]?.value[1]).toBe('6');
      expect((await query('exabgp_up{job="exatop"}')).data.result[0]?.value[1]).toBe('1');
    });

    it('reads label values with quotes, backslashes and newlines back exactly', async () => {
      const r = await until('the alert series', async () => (await query('exabgp_alerts_active')).data.result[0] ?? null, 30_000, 500);
      expect(r.metric['subject']).toBe(ODD_SUBJECT);
      expect(r.metric).toMatchObject({ rule: 'neighbor-down', level: 'critical' });
    });

    it('evaluates every alert rule without error; the never-established ghost is alerted, bird is not', async () => {
      const rules = await until('all 13 rules evaluated', async () => {
        const r = (await (await fetch(`${api}/api/v1/rules`)).json()) as { data: { groups: { rules: { name: string; health: string; lastError?: string }[] }[] } };
        const all = r.data.groups.flatMap((g) => g.rules);
        return all.length === 13 && all.every((x) => x.health !== 'unknown') ? all : null;
      }, 30_000, 500);
      expect(rules.filter((r) => r.health !== 'ok').map((r) => `${r.name}: ${r.lastError}`)).toEqual([]);
      const alerts = await until('ghost alerted', async () => {
        const r = (await (await fetch(`${api}/api/v1/alerts`)).json()) as { data: { alerts: { labels: Record<string, string>; state: string }[] } };
        const mine = r.data.alerts.filter((a) => a.labels['alertname'] === 'ExaBGPPeerNotEstablished');
        return mine.length > 0 ? r.data.alerts : null;
      }, 30_000, 500);
      const down = alerts.filter((a) => a.labels['alertname'] === 'ExaBGPPeerNotEstablished');
      expect(down.map((a) => a.labels['peer'])).toEqual([address('ghost')]);
      expect(down[0]).toMatchObject({ labels: { severity: 'critical', exatop_rule: 'neighbor-down', description: 'ghost' } });
      expect(['pending', 'firing']).toContain(down[0]!.state);
      expect(alerts.filter((a) => a.labels['alertname'] === 'ExaBGPDaemonDown')).toEqual([]);
    });

    it('every dashboard query is valid PromQL and finds data', async () => {
      // The fleet row reads monitoring/prometheus-fleet.yml's recording rules: fleet.test.ts.
      const exprs = dashboardExprs().filter((e) => !/\bexabgp_(fleet|instance):/.test(e.expr));
      expect(exprs.length).toBeGreaterThan(15);
      await until('five scrapes stored', async () => Number((await query('count_over_time(exabgp_up[1m])')).data.result[0]?.value[1] ?? 0) >= 5, 30_000, 500);
      const empty: string[] = [];
      for (const { where, expr } of exprs) {
        const r = await query(grafanaToPromql(expr));
        expect(r.status, `${where}: ${expr}: ${r.error}`).toBe('success');
        // The restart annotation keeps only changes > 0: empty while the daemon has not restarted.
        if (r.data.result.length === 0 && where !== 'annotation "Restarts"') empty.push(where);
      }
      // With five scrapes stored even rate() and increase() have their two samples.
      expect(empty).toEqual([]);
    });
  });

  it('a second server on the same address fails to listen: exit code 1', async () => {
    const code = await runServe({ ...parseServeArgs(['--listen', `127.0.0.1:${server.port}`, '--pidfile', lab.plan.pidFile]) });
    expect(code).toBe(1);
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('the built command stops cleanly on %s: exit 0, port closed', async (signal) => {
    expect(() => readFileSync(DIST_SERVE), 'dist is missing: run npm run build').not.toThrow();
    const script = `const m = await import(${JSON.stringify(DIST_SERVE)});
      const args = m.parseServeArgs(['--listen', '127.0.0.1:0', '--pidfile', ${JSON.stringify(lab.plan.pidFile)}, '--interval', '0.5']);
      process.exitCode = await m.runServe({ ...args, onListening: (a) => console.log('PORT ' + a.port) });`;
    const child = execa('node', ['--input-type=module', '-e', script], { reject: false, buffer: { stdout: false } });
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        const m = /PORT (\d+)/.exec(chunk.toString());
        if (m) resolve(Number(m[1]));
      });
      void child.then((r) => reject(new Error(`child exited ${r.exitCode}: ${r.stderr}`)));
    });
    const url = `http://127.0.0.1:${port}/metrics`;
    await until('the child attached', async () => (await (await fetch(url)).text()).includes('exabgp_up 1'), 20_000, 200);
    process.kill(child.pid!, signal);
    const result = await child;
    expect(result.exitCode).toBe(0);
    expect(result.signal).toBeUndefined();
    expect(String(result.stderr)).toContain('exatop serve: stopped (signal)');
    await expect(fetch(url)).rejects.toThrow();
  });

  it('stops when asked in-process: resolves 0 and the port refuses connections', async () => {
    const other = await serve(['--listen', '127.0.0.1:0', '--pidfile', lab.plan.pidFile]);
    expect((await fetch(other.url('/metrics'))).status).toBe(200);
    other.stop();
    expect(await other.done).toBe(0);
    await expect(fetch(other.url('/metrics'))).rejects.toThrow();
  });
});

describe('exatop serve without a daemon', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'exatop-serve-none-'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('exposes exabgp_up 0 and exatop\'s own info only, and that passes promtool', async () => {
    const s = await serve(['--listen', '127.0.0.1:0', '--pidfile', join(dir, 'missing.pid'), '--interval', '0.5']);
    try {
      // Let the monitor look once (it reports "none" for a missing pid file).
      const text = await until('a scrape after the first search', async () => {
        await new Promise((r) => setTimeout(r, 700));
        return (await fetch(s.url('/metrics'))).text();
      }, 10_000);
      expect([...familiesOf(text)]).toEqual(['exatop_build_info', 'exabgp_up']);
      expect(text).toMatch(/^exabgp_up 0$/m);
      expect(text).toMatch(/^exatop_build_info\{version="\d+\.\d+\.\d+"\} 1$/m);
      const check = await execa('promtool', ['check', 'metrics'], { input: text, reject: false });
      expect(check.exitCode, check.stdout + check.stderr).toBe(0);
    } finally {
      s.stop();
      await s.done;
    }
  });
});
