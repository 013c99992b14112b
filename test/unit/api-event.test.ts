// The API event stream of real daemons (fixtures' api-events-3peer.txt, captured by an API
// process logging every line with its receive time) through the log pipeline.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apiEventLine } from '../../src/core/logs/api-event.js';
import { LogPipeline } from '../../src/core/logs/pipeline.js';

function facts(path: string) {
  const pipeline = new LogPipeline();
  for (const raw of readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), 'utf8').split('\n')) {
    const line = apiEventLine(raw, 0, path);
    if (line) pipeline.push(line);
  }
  pipeline.flush();
  return { facts: pipeline.takeFacts(), counters: pipeline.counters() };
}

describe('API event stream', () => {
  it('4.2: the NOTIFICATIONs of the killed GoBGP (received 6,3) and of the teardown (sent 6,2)', () => {
    const { facts: f, counters } = facts('v4.2/api-events-3peer.txt');
    const notifications = f.filter((x) => x.kind === 'notification');
    expect(notifications).toContainEqual(expect.objectContaining({ address: '127.0.1.3', direction: 'received', text: '(6,3)' }));
    expect(notifications).toContainEqual(expect.objectContaining({ address: '127.0.1.2', direction: 'sent', text: '(6,2)' }));
    expect(counters.notifications).toBeGreaterThanOrEqual(2);
  });

  it('5.0.15: the same events, and the time comes from the event, not the read', () => {
    const { facts: f } = facts('v5.0.15/api-events-3peer.txt');
    const sent = f.find((x) => x.kind === 'notification' && x.direction === 'sent');
    expect(sent).toMatchObject({ address: '127.0.1.2', text: '(6,2)' });
    expect(sent!.time).toBeGreaterThan(Date.UTC(2026, 10, 23));
  });

  it('ordinary log lines are not taken for events', () => {
    expect(apiEventLine('15:23:22 | 17477  | welcome         | Thank you for using ExaBGP', 0, 'x')).toBeNull();
    expect(apiEventLine('{"not": "exabgp"}', 0, 'x')).toBeNull();
  });
});
