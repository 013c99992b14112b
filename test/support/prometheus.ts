// A real Prometheus (Debian's `prometheus`, .ci/install) for a test: scrapes the given targets
// every second, evaluates the given rule files every second, answers queries on loopback.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { until } from './lab.js';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface QueryResult {
  status: string;
  error?: string;
  data: { result: { metric: Record<string, string>; value: [number, string] }[] };
}

export interface TestPrometheus {
  api: string;
  query(promql: string): Promise<QueryResult>;
  stop(): Promise<void>;
}

export async function startPrometheus(targets: readonly string[], ruleFiles: readonly string[]): Promise<TestPrometheus> {
  const dir = await mkdtemp(join(tmpdir(), 'exatop-prometheus-'));
  const port = await freePort();
  const api = `http://127.0.0.1:${port}`;
  await writeFile(
    join(dir, 'prometheus.yml'),
    [
      'global:',
      '  scrape_interval: 1s',
      '  evaluation_interval: 1s',
      'rule_files:',
      ...ruleFiles.map((f) => `  - ${JSON.stringify(f)}`),
      'scrape_configs:',
      '  - job_name: exatop',
      '    static_configs:',
      `      - targets: [${targets.map((t) => `'${t}'`).join(', ')}]`,
      '',
    ].join('\n'),
  );
  const prometheus = execa('/usr/bin/prometheus', [
    `--config.file=${join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=warn',
  ], { reject: false, stdio: ['ignore', 'ignore', 'pipe'] });
  await until('Prometheus ready', async () => (await fetch(`${api}/-/ready`).catch(() => null))?.ok ?? false, 30_000, 200);
  return {
    api,
    async query(promql) {
      const res = await fetch(`${api}/api/v1/query?query=${encodeURIComponent(promql)}`);
      return (await res.json()) as QueryResult;
    },
    async stop() {
      if (prometheus.pid) {
        process.kill(prometheus.pid, 'SIGTERM');
        const killer = setTimeout(() => prometheus.pid && process.kill(prometheus.pid, 'SIGKILL'), 15_000);
        await prometheus;
        clearTimeout(killer);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
