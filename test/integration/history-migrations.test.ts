import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../server/history/migrate';
import { MIGRATIONS } from '../../server/history/migrations';
import { freshDatabaseUrl } from '../support/services';

const pools: pg.Pool[] = [];
async function freshPool(): Promise<pg.Pool> {
  const pool = new pg.Pool({ connectionString: await freshDatabaseUrl('history_migrate') });
  pools.push(pool);
  return pool;
}

async function tables(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
  );
  return rows.map((r) => r.table_name);
}

describe('history schema migrations', () => {
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((pool) => pool.end()));
  });

  it('creates the schema once; a second run applies nothing and changes nothing', async () => {
    const pool = await freshPool();
    expect(await migrate(pool)).toEqual(MIGRATIONS.map((m) => m.version));
    const created = await tables(pool);
    expect(created).toEqual(['agent_state_spans', 'call_history', 'interval_stats', 'schema_migrations', 'ticket_history']);
    expect(await migrate(pool)).toEqual([]);
    expect(await tables(pool)).toEqual(created);
    const { rows } = await pool.query('SELECT version, name FROM schema_migrations ORDER BY version');
    expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
  });

  it('runs each migration once when two nodes start at the same time (advisory lock)', async () => {
    const nodeA = await freshPool();
    const nodeB = new pg.Pool({ connectionString: (nodeA.options as { connectionString: string }).connectionString });
    pools.push(nodeB);
    const [a, b] = await Promise.all([migrate(nodeA), migrate(nodeB)]);
    expect([...a, ...b].sort()).toEqual(MIGRATIONS.map((m) => m.version));
    const { rows } = await nodeA.query('SELECT count(*)::int AS n FROM schema_migrations');
    expect(rows[0].n).toBe(MIGRATIONS.length);
  });

  it('rolls back a failing migration whole, records nothing for it, and names it in the error', async () => {
    const pool = await freshPool();
    const broken = [...MIGRATIONS, { version: MIGRATIONS.length + 1, name: 'half done', sql: 'CREATE TABLE half_done (x int); SELECT 1/0;' }];
    await expect(migrate(pool, broken)).rejects.toThrow(/migration \d+ \(half done\) failed: division by zero/);
    expect(await tables(pool)).not.toContain('half_done');
    const { rows } = await pool.query('SELECT max(version)::int AS v FROM schema_migrations');
    expect(rows[0].v).toBe(MIGRATIONS.length);
  });

  it('refuses a database migrated by a build whose migration of the same number differs', async () => {
    const pool = await freshPool();
    await migrate(pool);
    const renamed = MIGRATIONS.map((m, i) => (i === 0 ? { ...m, name: 'something else' } : m));
    await expect(migrate(pool, renamed)).rejects.toThrow(/version 1 .*different build/);
  });

  it('refuses a list of migrations that is not numbered 1, 2, 3 ...', async () => {
    const pool = await freshPool();
    await expect(migrate(pool, [{ ...MIGRATIONS[0]!, version: 2 }])).rejects.toThrow(/numbered 1, 2, 3/);
  });
});
