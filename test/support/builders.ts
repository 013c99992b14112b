// Small, typed stand-ins for what the probes produce, for tests of the pure core and views.
import type { DaemonCandidate, DaemonInfo } from '../../src/core/model/daemon.js';
import type { NeighborReport } from '../../src/core/model/control.js';
import type { VitalsSample } from '../../src/core/model/vitals.js';

export function daemonInfo(overrides: Partial<DaemonInfo> = {}): DaemonInfo {
  return {
    pid: 4242,
    startTicks: 1000,
    startTime: Date.UTC(2026, 10, 23, 12, 0, 0),
    startTimeResolutionMs: 10,
    argv: ['/usr/bin/python3', '/usr/sbin/exabgp', '/etc/exabgp/exabgp.conf'],
    config: '/etc/exabgp/exabgp.conf',
    configs: ['/etc/exabgp/exabgp.conf'],
    envFile: null,
    pidFile: null,
    root: null,
    environ: {},
    environError: null,
    version: { version: '4.2.21', line: '4.2', source: 'console script /usr/sbin/exabgp' },
    reactor: { mode: 'generator', source: 'ExaBGP 4.2.21: the 4.2 line has only the generator reactor' },
    own: null,
    ...overrides,
  };
}

export function vitals(t: number, overrides: Partial<VitalsSample> = {}): VitalsSample {
  return {
    t,
    rssBytes: 25 * 1024 * 1024,
    cpuPercent: 1.5,
    fds: 12,
    fdLimit: 1024,
    fdError: null,
    threads: 1,
    helpers: { count: 2, rssBytes: 32 * 1024 * 1024, cpuPercent: 0, fds: 8, threads: 2 },
    ...overrides,
  };
}

export function candidate(pid: number, config: string): DaemonCandidate {
  return { pid, startTicks: pid * 10, argv: ['/usr/bin/python3', '/usr/sbin/exabgp', config], configs: [config], envFile: null, root: null };
}

export function neighborReport(overrides: Partial<NeighborReport> & Pick<NeighborReport, 'address' | 'fsm'>): NeighborReport {
  const none = { open: null, notification: null, keepalive: null, update: null, refresh: null, total: null };
  return {
    localAddress: null, peerAs: null, localAs: null, peerId: null, localId: null, description: null, durationS: null,
    holdTime: { local: null, remote: null }, messages: { sent: none, received: none }, prefixes: null, capabilities: [], families: [],
    ...overrides,
  };
}
