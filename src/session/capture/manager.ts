// Runs one comparison capture at a time in the background for the TUI, reporting into the
// store, so a one-hour CPU capture goes on while the operator looks at other tabs.
import type { ProcFs } from '../../io/procfs.js';
import type { CaptureJob } from '../../core/model/state.js';
import type { Store } from '../../core/store.js';
import { performCapture, type CaptureRequest } from './perform.js';
import type { ControlSharing } from '../shared-control.js';

export class CaptureManager {
  private controller: AbortController | null = null;

  constructor(
    private readonly store: Store,
    private readonly proc: ProcFs,
    private readonly onDone: () => void = () => undefined,
    private readonly sharing: ControlSharing | null = null,
  ) {}

  get busy(): boolean {
    return this.controller !== null;
  }

  start(request: Omit<CaptureRequest, 'signal'>): boolean {
    if (this.controller) return false;
    const controller = new AbortController();
    this.controller = controller;
    let job: CaptureJob = { kind: request.kind, label: request.label, file: request.file, startedAt: Date.now(), fraction: 0, message: 'starting…', state: 'running' };
    const update = (changes: Partial<CaptureJob>) => {
      job = { ...job, ...changes };
      this.store.dispatch({ type: 'capture', job });
    };
    update({});
    performCapture({ ...request, signal: controller.signal, sharing: this.sharing }, this.proc, (p) => update({ fraction: p.fraction, message: p.message }))
      .then((result) => {
        const figures = result.stored.map((s) => `${s.name} ${s.figure.value} ${s.figure.unit}`).join(', ');
        update({ fraction: 1, state: controller.signal.aborted ? 'cancelled' : 'done', message: figures ? `stored ${figures}` : 'nothing measured: no figure stored' });
      })
      .catch((error: unknown) => update({ state: 'failed', message: error instanceof Error ? error.message : String(error) }))
      .finally(() => {
        this.controller = null;
        this.onDone();
      });
    return true;
  }

  /** Stops waiting: a CPU capture then stores the shorter window it covered. */
  cancel(): void {
    this.controller?.abort();
  }
}
