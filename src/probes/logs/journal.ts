// The systemd journal of a unit, followed with `journalctl -f -o json` (an argument array,
// never a shell). Lines are buffered (bounded) until the monitor takes them on its tick.
import { execa, type ResultPromise } from 'execa';

export const MAX_BUFFERED_RECORDS = 50_000;
const RESTART_DELAY_MS = 5000;

export interface JournalStatus {
  state: 'following' | 'error' | 'stopped';
  message: string | null;
  unit: string;
  dropped: number;
}

export class JournalFollower {
  private child: ResultPromise | null = null;
  private buffer: string[] = [];
  private partial = '';
  private stopped = false;
  private restartTimer: NodeJS.Timeout | null = null;
  readonly status: JournalStatus;

  constructor(readonly unit: string, private readonly since: string | null = null, private readonly program = 'journalctl') {
    this.status = { state: 'following', message: null, unit, dropped: 0 };
  }

  start(): void {
    if (this.stopped || this.child) return;
    const args = ['-u', this.unit, '-f', '-o', 'json', '--no-pager', ...(this.since ? ['--since', this.since] : ['-n', '0'])];
    const child = execa(this.program, args, { reject: false, stdin: 'ignore', stderr: 'pipe', buffer: false, cleanup: true });
    this.child = child;
    this.status.state = 'following';
    this.status.message = null;
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => this.take(chunk));
    let stderr = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      if (stderr.length < 2000) stderr += chunk;
    });
    void child.then((result) => {
      this.child = null;
      if (this.stopped) return;
      const why = result.failed && 'code' in result && result.code === 'ENOENT'
        ? `${this.program} is not installed: no journal to follow`
        : `journalctl for ${this.unit} exited (${result.exitCode ?? result.signal ?? 'unknown'}): ${stderr.trim().split('\n')[0] ?? ''}`;
      this.status.state = 'error';
      this.status.message = `${why}; retrying in ${RESTART_DELAY_MS / 1000} s`;
      this.restartTimer = setTimeout(() => this.start(), RESTART_DELAY_MS);
    });
  }

  private take(chunk: string): void {
    const parts = (this.partial + chunk).split('\n');
    this.partial = parts.pop() ?? '';
    for (const line of parts) {
      if (line === '') continue;
      if (this.buffer.length >= MAX_BUFFERED_RECORDS) {
        this.buffer.shift();
        this.status.dropped++;
      }
      this.buffer.push(line);
    }
  }

  /** The records received since the last call. */
  drain(): string[] {
    const taken = this.buffer;
    this.buffer = [];
    return taken;
  }

  stop(): void {
    this.stopped = true;
    this.status.state = 'stopped';
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.child?.kill('SIGTERM');
    this.child = null;
  }
}
