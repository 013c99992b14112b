// ExaBGP's API event stream (an API `process` with neighbor-changes and notifications, writing
// one JSON document per line, optionally after a receive timestamp): the only place 4.2 and
// 5.0 say which NOTIFICATION ended a session (FACTS.md "Neighbor data"). `--log FILE` on such
// a file reads these lines as the log pipeline reads 6.0's echoed API events.
import type { LogLine } from './types.js';

const PREFIXED = /^(?:\d+(?:\.\d+)?\s+)?(\{.*\})\s*$/;

export function apiEventLine(raw: string, receivedAt: number, origin: string): LogLine | null {
  if (raw.indexOf('"exabgp"') === -1) return null;
  const json = PREFIXED.exec(raw)?.[1];
  if (!json || json.indexOf('"type"') === -1) return null;
  const time = Number(/"time":\s*([\d.]+)/.exec(json)?.[1]);
  const pid = Number(/"pid"\s*:\s*(\d+)/.exec(json)?.[1]);
  return {
    time: Number.isFinite(time) && time > 0 ? Math.round(time * 1000) : receivedAt,
    pid: Number.isFinite(pid) ? pid : null,
    source: 'api',
    level: null,
    message: json,
    event: { name: 'api.response.content', fields: { process: 'api-event-stream', response: json } },
    shape: 'raw',
    origin,
  };
}
