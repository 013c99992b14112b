// The built CLI in a real terminal (tmux) against a real lab daemon.
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestLab, type TestLab } from '../support/lab.js';
import { Tmux } from '../support/tmux.js';

const CLI = new URL('../../bin/exatop.js', import.meta.url).pathname;
const SPARK = /[▁▂▃▄▅▆▇█]/;

for (const [line, slot] of [['4.2', 13], ['5.0', 14]] as const) {
  describe(`TUI in tmux against ExaBGP ${line}`, () => {
    let lab: TestLab;
    const term = new Tmux();
    beforeAll(async () => {
      lab = await startTestLab(line, slot);
      await term.start(100, 30);
    });
    afterAll(async () => {
      await term.stop();
      await lab?.stop();
    });

    it('shows the header and sparklines, opens help with ?, quits with q and leaves the shell usable', async () => {
      const pid = await lab.daemonPid();
      await term.type(`node ${CLI} --pidfile ${lab.plan.pidFile}; echo "exit=$?"`, true);
      const screen = await term.waitFor((s) => s.includes(`pid ${pid}`) && SPARK.test(s) && /CPU .*% of one core/.test(s), 'header and sparklines');
      expect(screen).toMatch(new RegExp(`ExaBGP ${line.replace('.', '\\.')}`));
      expect(screen).toContain('reactor generator');
      expect(screen).toContain('restarts 0');
      expect(screen).toMatch(/RSS \d+\.\d MiB/);
      expect(screen).toMatch(/FDs \d+ \/ \d+/);
      expect(screen.split('\n').length).toBeLessThanOrEqual(30);
      const table = await term.waitFor((s) => s.includes('2/3 established'), 'the neighbor table', 20_000);
      expect(table).toMatch(/127\.0\.\d+\.2\s+bird\s+65002 ESTABLISHED/);
      expect(table).toMatch(/127\.0\.\d+\.3\s+exabgp-peer\s+65003 ESTABLISHED/);
      expect(table).toMatch(/127\.0\.\d+\.4\s+ghost\s+65004 (IDLE|ACTIVE|CONNECT)/);

      await term.type('?');
      const help = await term.waitFor((s) => s.includes('Keys') && s.includes('show or hide this help'), 'help overlay');
      expect(help).toContain('pause or resume sampling');
      await term.key('Escape');
      await term.waitFor((s) => SPARK.test(s) && !s.includes('show or hide this help'), 'help closed');

      await term.type('q');
      await term.waitFor((s) => s.includes('exit=0'), 'exatop to exit with 0');
      await term.type('echo "shell-$((6*7))"', true);
      const after = await term.waitFor((s) => s.includes('shell-42'), 'the shell to answer');
      expect(after).not.toContain('show or hide this help');
    });

    it('says the terminal is too small instead of drawing a broken screen, and recovers', async () => {
      await term.type('clear', true);
      await term.type(`node ${CLI} --pidfile ${lab.plan.pidFile}; echo "exit=$?"`, true);
      await term.waitFor((s) => SPARK.test(s), 'first frame');
      await term.resize(40, 10);
      await term.waitFor((s) => s.includes('terminal too small: need 60×12'), 'too-small screen');
      await term.resize(100, 30);
      await term.waitFor((s) => SPARK.test(s) && s.includes('restarts'), 'normal screen again');
      await term.key('C-c');
      await term.waitFor((s) => s.includes('exit=0'), 'exit on Ctrl-C');
    });

    it('--serve exposes the metrics of what the TUI watches, while it runs', async () => {
      const port = await new Promise<number>((resolve) => {
        const probe = createServer().listen(0, '127.0.0.1', () => {
          const { port } = probe.address() as AddressInfo;
          probe.close(() => resolve(port));
        });
      });
      await term.type('clear', true);
      await term.type(`node ${CLI} --pidfile ${lab.plan.pidFile} --serve 127.0.0.1:${port}; echo "exit=$?"`, true);
      await term.waitFor((s) => SPARK.test(s), 'first frame');
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(text).toContain('exabgp_up 1');
      expect(text).toMatch(new RegExp(`exabgp_info\\{version="${line.replace('.', '\\.')}[^"]*",reactor="generator"\\} 1`));
      expect(text).toMatch(/exabgp_process_resident_memory_bytes \d+/);
      await term.type('q');
      await term.waitFor((s) => s.includes('exit=0'), 'exit');
      await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
    });

    it('exits cleanly on SIGTERM and restores the screen', async () => {
      await term.type('clear', true);
      await term.type(`node ${CLI} --pidfile ${lab.plan.pidFile}; echo "exit=$?"`, true);
      await term.waitFor((s) => SPARK.test(s), 'first frame');
      const children = await term.shellChildren();
      expect(children).toHaveLength(1);
      process.kill(children[0]!, 'SIGTERM');
      const after = await term.waitFor((s) => s.includes('exit=0'), 'exit on SIGTERM');
      expect(SPARK.test(after)).toBe(false);
    });
  });
}

describe('TUI colours', () => {
  let lab: TestLab;
  const plain = new Tmux();
  const coloured = new Tmux();
  const COLOUR_SGR = /\x1b\[(3[0-7]|9[0-7]|38;)/;
  beforeAll(async () => {
    lab = await startTestLab('4.2', 15);
    await plain.start(100, 30, { NO_COLOR: '1', TERM: 'xterm-256color' });
    // CI=true makes Ink print only a final frame; exatop on a terminal must draw live all the same.
    await coloured.start(100, 30, { TERM: 'xterm-256color', CI: 'true' });
  });
  afterAll(async () => {
    await plain.stop();
    await coloured.stop();
    await lab?.stop();
  });

  it('uses colour by default and none under NO_COLOR', async () => {
    for (const term of [plain, coloured]) {
      await term.type(`node ${CLI} --pidfile ${lab.plan.pidFile}`, true);
      await term.waitFor((s) => SPARK.test(s), 'first frame');
    }
    expect(await coloured.screen(true)).toMatch(COLOUR_SGR);
    expect(await plain.screen(true)).not.toMatch(COLOUR_SGR);
    await plain.type('q');
    await coloured.type('q');
  });
});
