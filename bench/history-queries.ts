/**
 * History query latency: a private Postgres (the embedded one the server runs
 * without DATABASE_URL), the real migrations, `interval_stats` filled with a
 * year of 15-minute rows for 50 queues plus the site row (about 1.8 million
 * rows, generated in SQL), then the real history and plan routers over HTTP on
 * 127.0.0.1: the day view against 4 earlier same weekdays and the 8-week
 * heatmap. Target: p95 under 50 ms.
 *
 * `npx tsx bench/history-queries.ts`
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import express from 'express';
import pg from 'pg';
import { Registry } from 'prom-client';
import { HistoryService } from '../server/history/history-service';
import { startEmbeddedPostgres, type RunningEmbeddedPostgres } from '../server/history/embedded-postgres';
import { historyRouter } from '../server/http/history-routes';
import { planRouter } from '../server/http/plan-routes';
import { createLogger } from '../server/observability/logger';
import { createMetrics } from '../server/observability/metrics';

export interface HistoryQueryTiming {
  name: string;
  path: string;
  p50Ms: number;
  p95Ms: number;
  requests: number;
}

export interface HistoryQueriesBenchResult {
  rows: number;
  queues: number;
  fillSeconds: number;
  timings: HistoryQueryTiming[];
}

const SITE = 'bench';
const TZ = 'Europe/Moscow';
/** the filled year ends before this site day; the heatmap's "today" */
const END_DAY = '2026-11-23';
/** a Monday inside the year, with 4 earlier Mondays also inside it */
const DAY = '2026-11-16';
const WARM_UPS = 5;
const REQUESTS = 50;

/** Every queue's 15-minute rows for a year, interval by interval with all queues together, as the writer lays them down. */
function fillSql(queues: number): string {
  return `
    INSERT INTO interval_stats (site, queue_id, interval_start, offered, answered, answered_within_sl, abandoned,
      short_abandoned, timed_out, handled, hold_sec, talk_sec, wrap_sec, wait_sec, staffed_sec, occupied_sec)
    SELECT $1, q.id, t, c.offered, c.answered, (c.answered * 0.8)::int, c.offered - c.answered, (c.offered - c.answered) / 3,
      0, c.answered, c.answered * 25.0, c.answered * 240.0, c.answered * 30.0, c.offered * 30.0,
      c.agents * 900.0, least(c.agents * 900.0, c.answered * 270.0)
    FROM generate_series($2::timestamptz - interval '365 days', $2::timestamptz - interval '15 minutes', interval '15 minutes') AS t
    CROSS JOIN (SELECT '' AS id, 20 AS scale UNION ALL SELECT 'q' || lpad(n::text, 2, '0'), 1 FROM generate_series(1, ${queues}) AS n) AS q
    CROSS JOIN LATERAL (
      SELECT o AS offered, (o * (0.75 + random() * 0.2))::int AS answered, 1 + o / 3 AS agents
      FROM (SELECT (random() * 12 * q.scale)::int AS o) AS r
    ) AS c
    ORDER BY t, q.id`;
}

async function timeGets(base: string, name: string, urlPath: string): Promise<HistoryQueryTiming> {
  const once = async (): Promise<number> => {
    const started = performance.now();
    const response = await fetch(`${base}${urlPath}`);
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${urlPath}: HTTP ${response.status}`);
    return performance.now() - started;
  };
  for (let i = 0; i < WARM_UPS; i++) await once();
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i++) times.push(await once());
  times.sort((a, b) => a - b);
  const rank = (q: number): number => times[Math.ceil(q * times.length) - 1]!;
  return { name, path: urlPath, p50Ms: rank(0.5), p95Ms: rank(0.95), requests: REQUESTS };
}

export async function runHistoryQueriesBench(options: { queues?: number } = {}): Promise<HistoryQueriesBenchResult> {
  const queues = options.queues ?? 50;
  // Under root Postgres runs as another user: the data dir is chowned to it; /tmp above stays searchable.
  const dataDir = mkdtempSync(path.join(tmpdir(), 'history-bench-'));
  const logger = createLogger('silent');
  let postgres: RunningEmbeddedPostgres | null = null;
  let history: HistoryService | null = null;
  let server: Server | null = null;
  try {
    postgres = await startEmbeddedPostgres({ dataDir, logger });
    history = new HistoryService({ databaseUrl: postgres.url, site: SITE, logger, registry: new Registry() });
    await history.start();
    const endAt = new Date(`${END_DAY}T00:00:00+03:00`).toISOString();
    const fillStarted = performance.now();
    // Its own connection: the history pool's 30 s statement timeout is for queries, not a bulk fill.
    const filler = new pg.Client({ connectionString: postgres.url });
    await filler.connect();
    let rows: number;
    try {
      await filler.query("SET work_mem = '256MB'");
      await filler.query('SET synchronous_commit = off');
      rows = (await filler.query(fillSql(queues), [SITE, endAt])).rowCount ?? 0;
      await filler.query('ANALYZE interval_stats');
    } finally {
      await filler.end();
    }
    const fillSeconds = (performance.now() - fillStarted) / 1000;
    const db = await history.reader();

    const metrics = createMetrics();
    const reader = (): Promise<typeof db> => history!.reader();
    const app = express();
    app.use(historyRouter({ reader, site: SITE, timeZone: TZ, metrics }));
    app.use(planRouter({ reader, site: SITE, timeZone: TZ, clock: () => Date.parse(endAt), metrics }));
    server = createServer(app);
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const timings = [
      await timeGets(base, 'day vs 4 earlier weeks, one queue', `/api/history/day?date=${DAY}&queue=q07&compare=4`),
      await timeGets(base, 'day vs 4 earlier weeks, site-wide', `/api/history/day?date=${DAY}&compare=4`),
      await timeGets(base, '8-week heatmap, one queue', `/api/plan/heatmap?weeks=8&queue=q07&metric=offered`),
    ];
    return { rows, queues, fillSeconds, timings };
  } finally {
    if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
    await history?.close().catch(() => undefined);
    await postgres?.stop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await runHistoryQueriesBench();
  console.log(JSON.stringify(result, null, 2));
}
