import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Feed sockets of the one-poller sharing go to the repository's .lab/, not the host's /run.
const runtimeDir = fileURLToPath(new URL('./.lab/xdg-runtime', import.meta.url));

// Unit and component tests run in parallel; tests that start real daemons or drive a real
// terminal run one file at a time (2 cores, and each lab takes real seconds to converge).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          env: { XDG_RUNTIME_DIR: runtimeDir },
          include: ['test/unit/**/*.test.ts', 'test/component/**/*.test.tsx'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          env: { XDG_RUNTIME_DIR: runtimeDir },
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
