// The runbook's "Memory RSS after 24h": VmRSS read once the daemon's uptime reaches the target.
import type { DaemonInfo } from '../../core/model/daemon.js';
import type { ProcFs } from '../../io/procfs.js';
import type { RssReading } from '../../core/model/capture.js';

export async function readRssAtUptime(proc: ProcFs, daemon: Pick<DaemonInfo, 'pid' | 'startTicks' | 'startTime'>, targetS: number, now: () => number = Date.now): Promise<RssReading> {
  const at = now();
  const uptimeS = (at - daemon.startTime) / 1000;
  const [stat, status] = await Promise.all([proc.stat(daemon.pid), proc.status(daemon.pid)]);
  if (!stat || stat.startTicks !== daemon.startTicks || status?.rssBytes == null) {
    return { ok: false, rssBytes: null, uptimeS, targetS, meetsTarget: false, at, error: `daemon pid ${daemon.pid} is not running` };
  }
  return { ok: true, rssBytes: status.rssBytes, uptimeS, targetS, meetsTarget: uptimeS >= targetS, at, error: null };
}
