// The tabs, in one list: the tab bar, the 1–4 keys, Tab's cycle and the help overlay read it.

export type Tab = 'overview' | 'logs' | 'compare' | 'alerts';

/** The keymap scope of each tab's own keys. */
export type TabScope = 'main' | 'logs' | 'compare' | 'alerts';

export interface TabInfo {
  id: Tab;
  /** The key that opens it. */
  key: string;
  title: string;
  scope: TabScope;
  /** What the tab shows, for the help overlay. */
  description: string;
}

export const TABS: readonly TabInfo[] = [
  { id: 'overview', key: '1', title: 'Overview', scope: 'main', description: 'overview: vitals and neighbors' },
  { id: 'logs', key: '2', title: 'Logs', scope: 'logs', description: 'logs: errors, tracebacks, sessions, API commands' },
  { id: 'compare', key: '3', title: 'Compare', scope: 'compare', description: 'comparison: baseline vs candidate runs, captures, mode and rollback' },
  { id: 'alerts', key: '4', title: 'Alerts', scope: 'alerts', description: 'alerts: active ones and the events list' },
];

export function tabInfo(tab: Tab): TabInfo {
  return TABS.find((t) => t.id === tab)!;
}

export function nextTab(tab: Tab): Tab {
  return TABS[(TABS.findIndex((t) => t.id === tab) + 1) % TABS.length]!.id;
}
