// Feeds the alert engine from the store after each sample (and while no daemon runs), puts
// the alerts back in the store, and runs the --on-alert hook for each new or ended alert:
// an argument list, never a shell, the alert as JSON on stdin, time-limited.
import { runCommand } from '../io/run-command.js';
import { AlertEngine } from '../core/alerts/engine.js';
import { observationOf } from '../core/alerts/observe.js';
import type { Alert } from '../core/alerts/types.js';
import type { AlertConfig } from '../core/alerts/config.js';
import type { Store } from '../core/store.js';

export interface AlertHook {
  program: string;
  args: string[];
  timeoutMs: number;
}

export class Alerting {
  private readonly engine: AlertEngine;
  private hooks: Promise<void> = Promise.resolve();
  /** Alerts handed to the hook or a recorder since the last take. */
  private fresh: Alert[] = [];

  constructor(private readonly store: Store, config: AlertConfig, private readonly hook: AlertHook | null, private readonly onHookError: (message: string) => void = () => undefined) {
    this.engine = new AlertEngine(config);
  }

  observe(t: number): void {
    this.engine.observe(observationOf(this.store.getState(), t));
    const changed = this.engine.takeNew();
    if (changed.length === 0) return;
    this.fresh.push(...changed);
    if (this.fresh.length > 1000) this.fresh.splice(0, this.fresh.length - 1000);
    this.store.dispatch({ type: 'alerts', active: this.engine.active(), events: this.engine.events().slice(-200) });
    if (this.hook) for (const alert of changed) this.runHook(alert);
  }

  /** Alerts that started or ended since the last call (for a recording). */
  take(): Alert[] {
    const out = this.fresh;
    this.fresh = [];
    return out;
  }

  private runHook(alert: Alert): void {
    const hook = this.hook!;
    this.hooks = this.hooks.then(async () => {
      const result = await runCommand(hook.program, hook.args, { input: `${JSON.stringify(alert)}\n`, timeoutMs: hook.timeoutMs });
      if (result.failed) this.onHookError(`--on-alert ${hook.program} failed for ${alert.id}: ${result.failure}`);
    });
  }

  async settled(): Promise<void> {
    await this.hooks;
  }
}
