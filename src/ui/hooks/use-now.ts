import { useEffect, useState } from 'react';

/** Wall clock for durations on screen (uptime), refreshed every `periodMs`. */
export function useNow(periodMs = 1000, clock: () => number = Date.now): number {
  const [now, setNow] = useState(clock);
  useEffect(() => {
    const timer = setInterval(() => setNow(clock()), periodMs);
    return () => clearInterval(timer);
  }, [periodMs, clock]);
  return now;
}
