import type pg from 'pg';
import { withClient } from './pg-client';
import { MIGRATIONS, type Migration } from './migrations';

/**
 * Session advisory lock held while migrating, so that two nodes starting at the
 * same time run each migration once: the second waits, then finds it done.
 * An arbitrary constant; it only has to differ from other locks on the database.
 */
const MIGRATION_LOCK_KEY = 7_420_117_001;

/** Brings the schema up to date; returns the versions it applied (none when current). */
export async function migrate(pool: pg.Pool, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  checkOrder(migrations);
  return withClient(pool, async (client) => {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await client.query(`
        CREATE TABLE IF NOT EXISTS schema_migrations (
          version integer PRIMARY KEY,
          name text NOT NULL,
          applied_at timestamptz NOT NULL DEFAULT now()
        )`);
      const { rows } = await client.query<{ version: number; name: string }>('SELECT version, name FROM schema_migrations');
      const applied = new Map(rows.map((r) => [r.version, r.name]));
      const ran: number[] = [];
      for (const migration of migrations) {
        const recorded = applied.get(migration.version);
        if (recorded !== undefined) {
          if (recorded !== migration.name) {
            throw new Error(
              `schema_migrations has version ${migration.version} as "${recorded}", this code has "${migration.name}": ` +
                'the database was migrated by a different build',
            );
          }
          continue;
        }
        await runOne(client, migration);
        ran.push(migration.version);
      }
      return ran;
    } finally {
      // A lost connection has released the lock already; its error is the one to report.
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    }
  });
}

async function runOne(client: pg.PoolClient, migration: Migration): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query(migration.sql);
    await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw new Error(`migration ${migration.version} (${migration.name}) failed: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Versions start at 1 and increase. A gap is allowed: numbers are handed out
 * to work in progress on parallel branches, so one branch may lack another's.
 */
function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    const least = i === 0 ? 1 : (migrations[i - 1] as Migration).version + 1;
    if (i === 0 ? m.version !== 1 : m.version < least) {
      throw new Error(`migrations must be numbered 1, 2, 3 ... in increasing order; found ${m.version} at position ${i + 1}`);
    }
  });
}
