import { useSyncExternalStore } from 'react';
import type { MonitorState } from '../../core/model/state.js';
import type { Store } from '../../core/store.js';

export function useMonitorState(store: Store): MonitorState {
  return useSyncExternalStore(store.subscribe, store.getState);
}
