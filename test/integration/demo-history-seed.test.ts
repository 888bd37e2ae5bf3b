import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config/env-config';
import { HistoryPreparation } from '../../server/demo/history-preparation';
import { seedDemoHistory } from '../../server/demo/seed-demo-history';
import { createLogger } from '../../server/observability/logger';
import { callRows, dumpTables, historyDb, type HistoryDb } from '../unit/import/history-db';

const SITE = 'seed';
// Wednesday 2026-03-04 10:00 in Moscow: the days before are Tuesday 3rd, Monday 2nd, ...
const NOW = Date.parse('2026-03-04T07:00:00Z');
const logger = createLogger('silent');
const opened: HistoryDb[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.close()));
});

async function database(label: string): Promise<HistoryDb> {
  const db = await historyDb(label, SITE);
  opened.push(db);
  return db;
}

const configOf = (db: HistoryDb) => ({ ...loadConfig({}), databaseUrl: db.url, site: SITE, timeZone: 'Europe/Moscow' });

async function simulatedDayList(db: HistoryDb): Promise<string[]> {
  const { rows } = await db.db.query<{ day: string }>('SELECT day::text AS day FROM simulated_days WHERE site = $1 ORDER BY day', [SITE]);
  return rows.map((row) => row.day);
}

describe('demo history seeding', () => {
  it('writes the days before today, newest first, reporting progress; a second start writes nothing', async () => {
    const target = await database('seed_once');
    const progress = new HistoryPreparation();
    const seen: number[] = [];
    const dayWritten = progress.dayWritten.bind(progress);
    progress.dayWritten = () => {
      dayWritten();
      seen.push(progress.status().pct);
    };
    const first = await seedDemoHistory({ config: configOf(target), logger, days: 2, now: NOW, progress });
    expect(first.days).toEqual(['2026-03-03', '2026-03-02']);
    expect(seen).toEqual([50, 100]);
    expect(progress.status()).toEqual({ preparing: false, doneDays: 2, totalDays: 2, pct: 100 });
    const rows = await callRows(target.db, SITE);
    expect(rows).toHaveLength(first.calls);
    // nothing of today: the live demo replays today itself
    expect(new Set(rows.map((r) => r.day))).toEqual(new Set(['2026-03-02', '2026-03-03']));
    // agent spans lie within the seeded days, none past the last midnight
    const { rows: spans } = await target.db.query<{ first: Date; last: Date }>(
      'SELECT min(from_at) AS first, max(to_at) AS last FROM agent_state_spans WHERE site = $1',
      [SITE],
    );
    expect(spans[0]!.first.getTime()).toBe(Date.parse('2026-03-01T21:00:00Z'));
    expect(spans[0]!.last.getTime()).toBe(Date.parse('2026-03-03T21:00:00Z'));

    const again = new HistoryPreparation();
    expect(await seedDemoHistory({ config: configOf(target), logger, days: 2, now: NOW, progress: again })).toEqual({ days: [], calls: 0 });
    expect(again.status()).toEqual({ preparing: false, doneDays: 2, totalDays: 2, pct: 100 });
  });

  it('killed half-way, the next start writes only the missing days, and the tables equal a clean seed', async () => {
    const killed = await database('seed_killed');
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/seed-demo-child.ts', killed.url, SITE, '4', String(NOW)], {
      stdio: 'ignore',
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      while ((await simulatedDayList(killed)).length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
    const before = await simulatedDayList(killed);
    expect(before.length).toBeGreaterThan(0);
    expect(before.length).toBeLessThan(4);
    // newest first: what was written is the most recent days
    expect(before).toEqual(['2026-02-28', '2026-03-01', '2026-03-02', '2026-03-03'].slice(4 - before.length));

    const resumed = await seedDemoHistory({ config: configOf(killed), logger, days: 4, now: NOW });
    expect(resumed.days.sort()).toEqual(['2026-02-28', '2026-03-01', '2026-03-02', '2026-03-03'].filter((day) => !before.includes(day)));
    expect(await simulatedDayList(killed)).toEqual(['2026-02-28', '2026-03-01', '2026-03-02', '2026-03-03']);

    // a clean seed on two threads: the same days whichever thread simulated them
    const clean = await database('seed_clean');
    expect((await seedDemoHistory({ config: configOf(clean), logger, days: 4, now: NOW, threads: 2 })).days).toEqual([
      '2026-03-03',
      '2026-03-02',
      '2026-03-01',
      '2026-02-28',
    ]);
    const resumedTables = await dumpTables(killed.db);
    expect(resumedTables.interval_stats!.length).toBeGreaterThan(4 * 96);
    expect(resumedTables).toEqual(await dumpTables(clean.db));
  });

  it('a day left with rows but not listed as written (a half-made day) is written again whole', async () => {
    const target = await database('seed_rewrite');
    await seedDemoHistory({ config: configOf(target), logger, days: 1, now: NOW });
    const whole = await dumpTables(target.db);
    // as an older seeding would leave it: a part of the day's calls, no listing
    await target.db.query(`DELETE FROM call_history WHERE site = $1 AND entered_at >= '2026-03-03T09:00:00Z'`, [SITE]);
    await target.db.query('DELETE FROM simulated_days WHERE site = $1', [SITE]);
    expect(await dumpTables(target.db)).not.toEqual(whole);

    expect((await seedDemoHistory({ config: configOf(target), logger, days: 1, now: NOW })).days).toEqual(['2026-03-03']);
    expect(await dumpTables(target.db)).toEqual(whole);
  });
});
