import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // 2 cores: integration suites share one Redis; keep files from starving each other.
    fileParallelism: true,
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'wallboard',
          include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
          // Starts redis-server (and later postgres) on loopback ports once for the run.
          globalSetup: ['test/support/global-setup.ts'],
          // Server loggers write to the run's logs, which teardown checks for secrets.
          setupFiles: ['test/support/logs-to-run.ts'],
        },
      },
      {
        // The AMI parser again where compiling code from strings is refused (hardened runtimes):
        // its header shapes must fall back to building objects the plain way.
        extends: true,
        test: {
          name: 'no-codegen',
          include: ['test/unit/ami/frame-parser.test.ts'],
          execArgv: ['--disallow-code-generation-from-strings'],
        },
      },
    ],
  },
});
