// Bad input is fatal where it must be, by one rule (src/core/exit-codes.ts): a bad --config
// ends every command that takes one with exit 2 before it listens, writes or prints; a file
// that holds no exatop recording is unreadable input (2) for report and replay alike.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CLI = new URL('../../bin/exatop.js', import.meta.url).pathname;
let dir: string;
let bad: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'exatop-bad-'));
  bad = join(dir, 'config.json');
  await writeFile(bad, JSON.stringify({ rules: { 'cpu-high': { percent: 'lots' } } }));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const run = (args: string[]) => execa('node', [CLI, ...args], { reject: false, timeout: 15_000, stdin: 'ignore' });

describe('a bad --config', () => {
  it('serve exits 2 before it listens, naming the file and the field', async () => {
    const port = await freePort();
    const r = await run(['serve', '--listen', `127.0.0.1:${port}`, '--config', bad]);
    expect(r.timedOut, 'serve kept running').toBe(false);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(bad);
    expect(r.stderr).toContain('percent');
    expect(r.stderr).not.toContain('metrics on');
  });

  it('record exits 2 and writes nothing', async () => {
    const out = join(dir, 'never.jsonl');
    const r = await run(['record', '--out', out, '--config', bad, '--duration', '5s']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(bad);
    expect(existsSync(out)).toBe(false);
  });

  it('the monitor without a terminal exits 2 instead of printing a snapshot', async () => {
    const r = await run(['--config', bad]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(bad);
    expect(r.stdout).toBe('');
  });

  it('a config file that does not exist is as fatal', async () => {
    const r = await run(['serve', '--listen', `127.0.0.1:${await freePort()}`, '--config', join(dir, 'missing.json')]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('missing.json');
  });
});

describe('report and replay on what is no recording', () => {
  it('binary garbage: both exit 2, saying it is no exatop recording', async () => {
    const garbage = join(dir, 'garbage.bin');
    await writeFile(garbage, randomBytes(64 * 1024));
    for (const command of ['report', 'replay']) {
      const r = await run([command, garbage]);
      expect(r.exitCode, `${command}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toContain('is no exatop recording');
    }
  });

  it('a recording with a header and no sample yet: both exit 3 (incomplete), not 0', async () => {
    const empty = join(dir, 'empty.jsonl');
    await writeFile(empty, `${JSON.stringify({ type: 'header', format: 'exatop-recording', version: 1, started: Date.now(), host: 'h', exatop: '0.1.0' })}\n`);
    for (const command of ['report', 'replay']) {
      const r = await run([command, empty]);
      expect(r.exitCode, `${command}: ${r.stderr}`).toBe(3);
      expect(r.stderr).toContain('holds no sample yet');
    }
  });
});
