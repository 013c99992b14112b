import { useSyncExternalStore } from 'react';
import type { MonitorState } from '../../core/model/state.js';
import type { StoreView } from '../../core/store.js';

export function useMonitorState(store: StoreView): MonitorState {
  return useSyncExternalStore(store.subscribe, store.getState);
}
