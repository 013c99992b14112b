// What a benchmark script started, undone once, in reverse order, on exit or on a signal: only
// what it started (each entry stops its own pid, checked against its start time).
export function cleanupOnExit(say, what) {
  const cleanups = [];
  let cleaning = null;
  const cleanup = () => {
    cleaning ??= (async () => {
      for (const fn of cleanups.reverse()) {
        try {
          await fn();
        } catch (error) {
          say(`cleanup: ${error.message}`);
        }
      }
    })();
    return cleaning;
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      say(`${signal}: stopping ${what}`);
      void cleanup().then(() => process.exit(130));
    });
  }
  return { cleanups, cleanup };
}
