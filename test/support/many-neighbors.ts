// N neighbors for table tests, each a copy of a real 5.0.15 `show neighbor json` report
// (fixtures/v5.0.15/README.md): the established one (bird) or the idle one (ghost), renumbered.
import { readFileSync } from 'node:fs';
import { answerText } from '../../src/core/control/framing.js';
import { parseNeighborJson } from '../../src/core/control/parse-neighbor-json.js';
import type { NeighborReport } from '../../src/core/model/control.js';

const raw = readFileSync(new URL('../../fixtures/v5.0.15/pipe-show-neighbor-json-3peer-up.txt', import.meta.url), 'utf8');
const parsed = parseNeighborJson(answerText(raw));
if (!parsed.ok) throw new Error(`fixture did not parse: ${parsed.error}`);
const [UP_REPORT, , DOWN_REPORT] = parsed.value as [NeighborReport, NeighborReport, NeighborReport];

/** Address of the i-th neighbor (0-based): 10.0.0.1, 10.0.0.2, … */
export const addressOf = (i: number) => `10.0.${Math.floor((i + 1) / 256)}.${(i + 1) % 256}`;

/** `count` reports; those whose index `down(i)` says are copies of the idle peer. */
export function manyReports(count: number, down: (i: number) => boolean = () => false, address = addressOf): NeighborReport[] {
  return Array.from({ length: count }, (_, i) => ({ ...(down(i) ? DOWN_REPORT : UP_REPORT), address: address(i), peerAs: 65000 + i, description: `peer-${i}` }));
}
