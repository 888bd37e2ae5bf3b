import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // Starts redis-server (and later postgres) on loopback ports once for the run.
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // 2 cores: integration suites share one Redis; keep files from starving each other.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
