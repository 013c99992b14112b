// A real terminal for end-to-end tests: tmux runs a shell, the test types and reads the screen.
import { readFile } from 'node:fs/promises';
import { execa } from 'execa';
import { sleep } from './lab.js';

export class Tmux {
  readonly name = `exatop-e2e-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

  async start(columns = 100, rows = 30, env: Record<string, string> = {}): Promise<void> {
    const exports = Object.entries(env).map(([k, v]) => ['-e', `${k}=${v}`]).flat();
    await execa('tmux', ['new-session', '-d', '-s', this.name, '-x', String(columns), '-y', String(rows), ...exports, 'bash', '--norc', '--noprofile']);
    await this.type('PS1="$ "; clear', true);
  }

  async type(keys: string, enter = false): Promise<void> {
    await execa('tmux', ['send-keys', '-t', this.name, '-l', keys]);
    if (enter) await execa('tmux', ['send-keys', '-t', this.name, 'Enter']);
  }

  async key(name: string): Promise<void> {
    await execa('tmux', ['send-keys', '-t', this.name, name]);
  }

  async resize(columns: number, rows: number): Promise<void> {
    await execa('tmux', ['resize-window', '-t', this.name, '-x', String(columns), '-y', String(rows)]);
  }

  async screen(withEscapes = false): Promise<string> {
    const args = ['capture-pane', '-p', '-t', this.name];
    if (withEscapes) args.push('-e');
    return (await execa('tmux', args)).stdout;
  }

  /** Pids of the processes the pane's shell is running (the program under test). */
  async shellChildren(): Promise<number[]> {
    const shell = (await execa('tmux', ['display-message', '-p', '-t', this.name, '#{pane_pid}'])).stdout.trim();
    const text = await readFile(`/proc/${shell}/task/${shell}/children`, 'utf8');
    return text.trim().split(/\s+/).filter(Boolean).map(Number);
  }

  async waitFor(predicate: (screen: string) => boolean, what: string, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      last = await this.screen();
      if (predicate(last)) return last;
      await sleep(100);
    }
    throw new Error(`timed out waiting for ${what}; screen was:\n${last}`);
  }

  async stop(): Promise<void> {
    await execa('tmux', ['kill-session', '-t', this.name], { reject: false });
  }
}
