/**
 * Test services: what the vitest run starts once, before any test file.
 *
 * Integration suites run against the real servers the product uses in
 * production, not mocks, because what they check is how the code behaves on
 * them (MULTI atomicity, TTLs, Lua, SQL):
 *
 * - redis-server, on a free 127.0.0.1 port, no persistence, in a temp dir.
 *   Tests get its URL with `redisUrl()` from ./services and keep apart by
 *   using `uniqueSite()` / `uniqueKeyPrefix()`.
 * - Postgres: initdb into a temp dir and `postgres` on a free 127.0.0.1 port
 *   (as an unprivileged user when run as root), with a database `wallboard`.
 *   Tests get `databaseUrl()`, or a database of their own with `freshDatabaseUrl()`.
 *
 * Both are required: when one is missing the run fails with how to install it
 * (`apt-get install -y redis-server postgresql`); integration suites are never
 * skipped. Teardown stops both and deletes their temp dirs, also when startup
 * failed half-way; if vitest dies without teardown, exit hooks kill them.
 *
 * The run also keeps its logs (test/support/run-log.ts): every server logger
 * writes there, and teardown fails the run when any log holds a secret a test
 * registered (issue 9: secrets never in logs).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startPostgres } from './postgres-server';
import { startRedis } from './redis-server';
import { secretLeaks } from './secret-leak-check';
import type { RunningService } from './server-process';

declare module 'vitest' {
  export interface ProvidedContext {
    /** redis://127.0.0.1:<port> of the run's redis-server */
    redisUrl: string;
    /** postgres://wallboard@127.0.0.1:<port>/wallboard of the run's Postgres */
    databaseUrl: string;
    /** where this run's logs and registered secrets are kept until teardown checks them */
    runDir: string;
  }
}

export default async function setup({ provide }: TestProject): Promise<() => Promise<void>> {
  const results = await Promise.allSettled([startRedis(), startPostgres()]);
  const started = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const teardown = async (): Promise<void> => {
    await Promise.allSettled(started.map((service: RunningService) => service.stop()));
  };
  const [redis, postgres] = results;
  if (redis?.status !== 'fulfilled' || postgres?.status !== 'fulfilled') {
    await teardown();
    const reasons = results.flatMap((result) => (result.status === 'rejected' ? [String(result.reason)] : []));
    throw new Error(`test services did not start:\n${reasons.join('\n')}`);
  }
  provide('redisUrl', redis.value.url);
  provide('databaseUrl', postgres.value.url);
  const runDir = mkdtempSync(join(tmpdir(), 'wallboard-test-run-'));
  provide('runDir', runDir);
  return async () => {
    await teardown();
    const { leaks, secrets, files } = secretLeaks(runDir);
    if (leaks.length > 0) {
      // Vitest reports a teardown error but still exits 0: the run must fail. The logs are kept for whoever reads it.
      process.exitCode = 1;
      throw new Error(`secrets found in the run's logs (kept in ${runDir}):\n${leaks.map((l) => `  ${l.file}: a secret starting ${l.secretStart}`).join('\n')}`);
    }
    console.log(`secret check: ${secrets} secrets registered, none in ${files} log files of the run`);
    rmSync(runDir, { recursive: true, force: true });
  };
}
