/**
 * Setup file of every test file: the server's loggers write to this run's logs
 * (test/support/run-log.ts) instead of stdout or nowhere, whatever level a test
 * asks for, so that the run's secret check sees what the code really logs.
 */
import { vi } from 'vitest';

vi.mock('../../server/observability/logger', async () => {
  const { runLogger } = await import('./run-log');
  return { createLogger: (_level: string) => runLogger() };
});
