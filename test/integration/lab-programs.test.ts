// The lab's two python programs (src/core/lab/stress.ts) run for real by this machine's python3:
// churn's command stream, and the flapper against a fake birdc that logs its argv (so this needs
// no lab). Moved from test/unit/stress.test.ts: unit tests run no host program.
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHURN_SCRIPT, FLAP_SCRIPT, flapsDone } from '../../src/core/lab/stress.js';

const PYTHON = '/usr/bin/python3';

describe.skipIf(!existsSync(PYTHON))('the lab programs, run by python3', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'exatop-stress-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('churn: RATE commands a second, round robin over the neighbors, each naming one', async () => {
    const script = join(dir, 'churn.py');
    await writeFile(script, CHURN_SCRIPT);
    const child = execa(PYTHON, [script, '100', '127.0.131', '2', '3'], { reject: false, stdin: 'pipe' });
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    await new Promise((resolve) => setTimeout(resolve, 1050));
    child.stdin!.end(); // the daemon went away: the program ends by itself
    const result = await child;
    expect(result.exitCode).toBe(0);
    const lines = out.trim().split('\n');
    // 100/s for about a second, less python's start (slower when the machine is busy)
    expect(lines.length).toBeGreaterThanOrEqual(50);
    expect(lines.length).toBeLessThanOrEqual(115);
    expect(lines.slice(0, 4)).toEqual([
      'neighbor 127.0.131.2 announce route 10.0.0.0/24 next-hop self',
      'neighbor 127.0.131.3 announce route 10.1.0.0/24 next-hop self',
      'neighbor 127.0.131.4 announce route 10.2.0.0/24 next-hop self',
      'neighbor 127.0.131.2 announce route 10.0.1.0/24 next-hop self',
    ]);
    for (const line of lines) expect(line).toMatch(/^neighbor 127\.0\.131\.[234] (announce|withdraw) route 10\.[012]\.\d{1,3}\.0\/24 next-hop self$/);
  });

  it('flapper: disables then enables the next established session, round robin, skipping sessions that are not up', async () => {
    const script = join(dir, 'flap.py');
    const calls = join(dir, 'birdc-calls');
    const fake = join(dir, 'birdc');
    const log = join(dir, 'flap.log');
    await writeFile(script, FLAP_SCRIPT);
    // p003 is never Established; every call is logged as its argv, one line each
    await writeFile(fake, `#!${PYTHON}\nimport sys\nopen(${JSON.stringify(calls)}, 'a').write(' '.join(sys.argv[1:]) + '\\n')\nif sys.argv[3] == 'show':\n    print('p003 BGP --- start Active' if sys.argv[5] == 'p003' else sys.argv[5] + ' BGP --- up 12:00:00 Established')\n`);
    await chmod(fake, 0o755);
    const child = execa(PYTHON, [script, '0.3', '0.1', fake, log, '/x/bird.ctl', 'p002', '/x/bird.ctl', 'p003', '/x/bird.ctl', 'p004'], { reject: false });
    try {
      await new Promise((resolve) => setTimeout(resolve, 1500));
    } finally {
      child.kill('SIGTERM');
      await child;
    }
    const acted = (await readFile(calls, 'utf8')).trim().split('\n').filter((l) => !l.includes(' show '));
    expect(acted.slice(0, 6)).toEqual([
      '-s /x/bird.ctl disable p002', '-s /x/bird.ctl enable p002',
      '-s /x/bird.ctl disable p004', '-s /x/bird.ctl enable p004',
      '-s /x/bird.ctl disable p002', '-s /x/bird.ctl enable p002',
    ].slice(0, Math.min(6, acted.length)));
    expect(acted.length).toBeGreaterThanOrEqual(4);
    const text = await readFile(log, 'utf8');
    expect(text).toMatch(/^\S+Z start every 0.3s down 0.1s over 3 sessions$/m);
    expect(text).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z disable p002$/m);
    expect(text).not.toMatch(/disable p003/);
    expect(flapsDone(text)).toBeGreaterThanOrEqual(2);
  });
});
