// The CPU meter on this very process: real /proc, no daemon needed.
import { describe, expect, it } from 'vitest';
import { pidusageMeter } from '../../src/io/vitals.js';

function burn(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) Math.sqrt(Math.random());
}

describe('pidusageMeter', () => {
  it('reports the first reading of a pid as unknown, not as a false 0 %, then measures the interval', async () => {
    const meter = pidusageMeter();
    try {
      expect(await meter.percent(process.pid)).toBeNull();
      burn(300);
      const busy = await meter.percent(process.pid);
      expect(busy).not.toBeNull();
      expect(busy!).toBeGreaterThan(30);
      meter.forget(process.pid);
      expect(await meter.percent(process.pid)).toBeNull();
    } finally {
      meter.close();
    }
  });

  it('a pid that does not exist is unknown', async () => {
    const meter = pidusageMeter();
    expect(await meter.percent(2 ** 22 + 7)).toBeNull();
    meter.close();
  });
});
