import pg from 'pg';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { HistoryService } from '../../server/history/history-service';
import { readIntervalStats, readTicketIntervals, readWeekdayStats, SITE_QUEUE } from '../../server/history/history-queries';
import { dayGrid, daysRange } from '../../server/history/interval-grid';
import { poolByWeekday } from '../../server/history/weekday-slots';
import { createLogger } from '../../server/observability/logger';
import { freshDatabaseUrl } from '../support/services';
import { call, moscow, span, ticket } from '../unit/history/history-test-kit';

const SITE = 'msk';
const DAY = '2026-11-23';
const NINE = moscow(DAY, '09:00');
const QUARTER = 15 * 60 * 1000;

let service: HistoryService | null = null;
let pool: pg.Pool | null = null;
afterEach(async () => {
  await service?.close();
  await pool?.end();
  service = null;
  pool = null;
});

async function startService(): Promise<{ history: HistoryService; db: pg.Pool }> {
  const databaseUrl = await freshDatabaseUrl('history_writer');
  service = new HistoryService({ databaseUrl, site: SITE, logger: createLogger('silent'), registry: new Registry() });
  await service.start();
  pool = new pg.Pool({ connectionString: databaseUrl });
  return { history: service, db: pool };
}

async function count(db: pg.Pool, table: string): Promise<number> {
  const { rows } = await db.query(`SELECT count(*)::int AS n FROM ${table}`);
  return rows[0].n;
}

const facts = [
  call('sales', 'c1', NINE + 60_000, { waitSec: 12 }),
  call('sales', 'c2', NINE + 120_000, { waitSec: 45 }),
  call('sales', 'c3', NINE + 180_000, { outcome: 'abandoned', waitSec: 3 }),
  call('sales', 'c4', NINE + 240_000, { outcome: 'abandoned', waitSec: 30 }),
  call('sales', 'c5', NINE + 300_000, { outcome: 'timedOut', waitSec: 300 }),
  call('support', 'c6', NINE + 600_000, { waitSec: 5 }),
  // The same Uniqueid re-entering another queue (blind transfer) is another queue call.
  call('support', 'c1', NINE + 700_000, { waitSec: 8 }),
];

describe('history writer on Postgres', () => {
  it('keeps one row per call, span and ticket however often the same facts arrive', async () => {
    const { history, db } = await startService();
    const spans = [span('PJSIP/1001', 'available', NINE, NINE + QUARTER, [{ queueId: 'sales', paused: false }])];
    const tickets = [ticket('T-1', { createdAt: NINE + 1000 })];
    history.writer.record([...facts, ...spans, ...tickets]);
    history.writer.record([...facts, ...spans, ...tickets]);
    await history.writer.settled();
    history.writer.record([...facts, ...spans, ...tickets]);
    await history.writer.settled();

    expect(await count(db, 'call_history')).toBe(facts.length);
    expect(await count(db, 'agent_state_spans')).toBe(1);
    expect(await count(db, 'ticket_history')).toBe(1);
    const stats = await readIntervalStats(db, SITE, 'sales', [{ from: NINE, to: NINE + QUARTER }]);
    expect(stats.get(NINE)?.counters.offered).toBe(5);
  });

  it('rolls calls up into their entry interval with the live store counters, per queue and for the site', async () => {
    const { history, db } = await startService();
    history.writer.record(facts);
    await history.writer.settled();

    const sales = await readIntervalStats(db, SITE, 'sales', [{ from: NINE, to: NINE + QUARTER }]);
    expect(sales.get(NINE)?.counters).toEqual({
      offered: 5,
      answered: 2,
      answeredWithinSl: 1,
      abandoned: 2,
      shortAbandoned: 1,
      timedOut: 1,
      handled: 2,
      holdSec: 57,
      talkSec: 240,
      wrapSec: 60,
    });
    expect(sales.get(NINE)?.waitSec).toBe(12 + 45 + 3 + 30 + 300);
    const site = await readIntervalStats(db, SITE, SITE_QUEUE, [{ from: NINE, to: NINE + QUARTER }]);
    expect(site.get(NINE)?.counters).toMatchObject({ offered: 7, answered: 4, handled: 4, holdSec: 70 });
  });

  it('counts staffed time per queue while a member and not paused, for the site while not paused somewhere, and occupancy from busy and wrap-up', async () => {
    const { history, db } = await startService();
    const both = [
      { queueId: 'sales', paused: false },
      { queueId: 'support', paused: false },
    ];
    history.writer.record([
      // Agent 1: available 09:00-09:05, busy 09:05-09:10, wrap-up 09:10-09:12, paused in sales only 09:12-09:15.
      span('PJSIP/1001', 'available', NINE, NINE + 5 * 60_000, both),
      span('PJSIP/1001', 'busy', NINE + 5 * 60_000, NINE + 10 * 60_000, both),
      span('PJSIP/1001', 'wrapup', NINE + 10 * 60_000, NINE + 12 * 60_000, both),
      span('PJSIP/1001', 'available', NINE + 12 * 60_000, NINE + 15 * 60_000, [
        { queueId: 'sales', paused: true },
        { queueId: 'support', paused: false },
      ]),
      // Agent 2: paused everywhere 08:50-09:20 (not staffed), then logged out.
      span('PJSIP/1002', 'paused', NINE - 10 * 60_000, NINE + 20 * 60_000, [{ queueId: 'sales', paused: true }]),
      span('PJSIP/1002', 'loggedOut', NINE + 20 * 60_000, NINE + 60 * 60_000, []),
      // Agent 3: available in sales across two intervals, 09:10-09:25.
      span('PJSIP/1003', 'available', NINE + 10 * 60_000, NINE + 25 * 60_000, [{ queueId: 'sales', paused: false }]),
    ]);
    await history.writer.settled();

    const range = [{ from: NINE, to: NINE + 2 * QUARTER }];
    const sales = await readIntervalStats(db, SITE, 'sales', range);
    expect(sales.get(NINE)).toMatchObject({ staffedSec: 12 * 60 + 5 * 60, occupiedSec: 7 * 60 });
    expect(sales.get(NINE + QUARTER)).toMatchObject({ staffedSec: 10 * 60, occupiedSec: 0 });
    const support = await readIntervalStats(db, SITE, 'support', range);
    expect(support.get(NINE)).toMatchObject({ staffedSec: 15 * 60, occupiedSec: 7 * 60 });
    const site = await readIntervalStats(db, SITE, SITE_QUEUE, range);
    expect(site.get(NINE)).toMatchObject({ staffedSec: 15 * 60 + 5 * 60, occupiedSec: 7 * 60 });
    expect(site.get(NINE + QUARTER)).toMatchObject({ staffedSec: 10 * 60 });
  });

  it('keeps the newest state of a ticket, and counts tickets by the interval of each fact', async () => {
    const { history, db } = await startService();
    const created = NINE + 60_000;
    const answered = NINE + QUARTER + 60_000;
    history.writer.record([
      ticket('T-1', { createdAt: created, firstResponseAt: answered, firstResponseMet: true, solvedAt: NINE + 2 * QUARTER }),
      ticket('T-2', { createdAt: created, firstResponseAt: answered, firstResponseMet: false }),
    ]);
    await history.writer.settled();
    // An older state of T-1 arriving late must not roll it back.
    history.writer.record([ticket('T-1', { createdAt: created })]);
    await history.writer.settled();

    const byInterval = await readTicketIntervals(db, SITE, [{ from: NINE, to: NINE + 3 * QUARTER }]);
    expect(byInterval.get(NINE)).toEqual({ created: 2, solved: 0, firstResponded: 0, firstRespondedWithinSla: 0 });
    expect(byInterval.get(NINE + QUARTER)).toEqual({ created: 0, solved: 0, firstResponded: 2, firstRespondedWithinSla: 1 });
    expect(byInterval.get(NINE + 2 * QUARTER)).toEqual({ created: 0, solved: 1, firstResponded: 0, firstRespondedWithinSla: 0 });
  });

  it('pools a fall-back day by wall clock the same way in SQL as the site grid: the repeated hour counts twice in one day', async () => {
    const { history, db } = await startService();
    const berlin = 'Europe/Berlin';
    const day = '2026-10-25';
    const grid = dayGrid(berlin, day);
    expect(grid).toHaveLength(100);
    history.writer.record(grid.map((interval, i) => call('sales', `d${i}`, interval.start + 60_000)));
    await history.writer.settled();

    const pooled = await readWeekdayStats(db, SITE, 'sales', [daysRange(berlin, day, 1)], berlin);
    expect([...pooled.keys()].sort()).toEqual([...new Set(grid.map((interval) => `7 ${interval.time}`))].sort());
    expect(pooled.get('7 02:15')?.stored.counters.offered).toBe(2);
    expect(pooled.get('7 03:15')).toMatchObject({ days: 1, intervals: 1 });
    expect(pooled.get('7 03:15')?.stored.counters.offered).toBe(1);
    const slot = poolByWeekday(berlin, [day], pooled).find((s) => s.time === '02:15')!;
    expect(slot).toMatchObject({ weekday: 7, days: 1, intervals: 2 });
  });
});
