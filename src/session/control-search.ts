// While the daemon runs but its control channel is not found, it is looked for again with a
// backoff: 6.0's socket helper creates the socket 0.5–2 s after the daemon starts, after exatop
// has already attached to the new life.

/** First retry soon after attach; at most a second apart, so a channel that appears is used within ~1 s. */
export const CONTROL_RETRY_FIRST_MS = 100;
export const CONTROL_RETRY_MAX_MS = 1000;

export function controlRetryDelay(attempt: number): number {
  return Math.min(CONTROL_RETRY_FIRST_MS * 2 ** Math.max(0, attempt), CONTROL_RETRY_MAX_MS);
}

/** One timer: armed while the channel is missing, cancelled when it is found or the life ends. */
export class ControlSearch {
  private timer: NodeJS.Timeout | null = null;
  private attempt = 0;

  constructor(private readonly retry: () => Promise<boolean>) {}

  get armed(): boolean {
    return this.timer !== null;
  }

  /** Schedules the next look; `retry` resolves true when the channel was found. */
  arm(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.retry().then((found) => {
        if (found) this.attempt = 0;
        else {
          this.attempt++;
          this.arm();
        }
      }, () => this.arm());
    }, controlRetryDelay(this.attempt));
    this.timer.unref?.();
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.attempt = 0;
  }
}
