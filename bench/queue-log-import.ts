/**
 * queue_log import throughput: a large generated queue_log (the simulator's
 * demo site, a simulated week repeated with shifted times and fresh call ids)
 * through the import as `npm run import -- queue_log FILE` runs it: the
 * member-pairing pass, then read -> split -> parse -> map -> reduce -> facts.
 * Without a database the facts are counted and dropped (the importer's own
 * speed); with one (`--postgres`: a private embedded Postgres in a temp dir, as
 * the server runs without DATABASE_URL; or `--database-url`) they go through
 * the import's history sink into Postgres, and the time runs from opening the
 * file to the last rollup committed. The same file can be read as
 * `--follow` reads it (the catch-up: read to its end, committed and rolled
 * up, then following stops), and the same weeks' calls as a calls CSV
 * (`npm run import -- calls`: one line per call, no agent states).
 *
 * The files are made in one child process and each import is timed in another,
 * which has run nothing else, as `npm run import` runs it: the reducer's
 * compiled code, shaped by the queue_log import that makes the calls CSV, made
 * the CSV import half as fast again when it ran in the same process.
 *
 * `npx tsx bench/queue-log-import.ts [--weeks N] [--postgres | --database-url URL] [--importer queue_log|follow|csv|all]`
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Registry } from 'prom-client';
import { z } from 'zod';
import { importCallsCsv } from '../server/import/calls-csv-import';
import { parseMapping } from '../server/import/calls-csv-mapping';
import { startEmbeddedPostgres, type RunningEmbeddedPostgres } from '../server/history/embedded-postgres';
import { HistoryService } from '../server/history/history-service';
import { historySink, type HistorySink } from '../server/import/history-sink';
import { MemberDirectory } from '../server/import/member-directory';
import { importQueueLog, learnMembers } from '../server/import/queue-log-import';
import { createLogger } from '../server/observability/logger';
import { ChildProcessRpc } from './support/child-rpc';
import { callsCsvFile, IMPORT_BENCH_RULES, queueLogFile } from './support/import-bench-files';
import { postmasterPid, processTreeCpuSeconds } from './support/process-tree-cpu';

/** Which importer reads the file: a queue_log read to its end, a queue_log followed until caught up, a calls CSV. */
export const IMPORTERS = ['queue_log', 'follow', 'csv'] as const;
export type ImporterUnderTest = (typeof IMPORTERS)[number];

export const queueLogImportBenchResultSchema = z.object({
  importer: z.enum(IMPORTERS),
  /** lines (CSV: records) imported per wall-clock second, member pass included */
  linesPerSec: z.number(),
  /** the same per CPU second of the importing process (steadier on a shared machine) */
  linesPerCpuSec: z.number(),
  /** CPU seconds of the importing process (the importer, and the writer's side of COPY) */
  importerCpuSeconds: z.number(),
  lines: z.number(),
  megabytes: z.number(),
  seconds: z.number(),
  calls: z.number(),
  /** where the facts went */
  sink: z.enum(['counted only', 'Postgres']),
  /** CPU seconds Postgres (postmaster and backends) spent on the import; null without the embedded one */
  postgresCpuSeconds: z.number().nullable(),
  /** lines per CPU second of the importer and Postgres together */
  linesPerTotalCpuSec: z.number().nullable(),
  /** rows in call_history and agent_state_spans after the import (0 without Postgres) */
  callRows: z.number(),
  spanRows: z.number(),
});
export type QueueLogImportBenchResult = z.infer<typeof queueLogImportBenchResultSchema>;

export interface QueueLogImportBenchOptions {
  weeks?: number;
  /** the facts into this database */
  databaseUrl?: string;
  /** the facts into a private embedded Postgres (ignored with databaseUrl) */
  postgres?: boolean;
  /** queue_log by default */
  importer?: ImporterUnderTest;
}

const CHILD = fileURLToPath(new URL('./support/import-bench-child.ts', import.meta.url));
/** making 26 weeks, or importing them into a slow database */
const CHILD_CALL_TIMEOUT_MS = 15 * 60_000;

export async function runQueueLogImportBench(options: QueueLogImportBenchOptions = {}): Promise<QueueLogImportBenchResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'queue-log-bench-'));
  const importer = options.importer ?? 'queue_log';
  try {
    await inChildProcess('import-bench-files', (child) =>
      child.call('files', { dir, weeks: options.weeks ?? 26, csv: importer === 'csv' }, z.unknown(), CHILD_CALL_TIMEOUT_MS),
    );
    return await inChildProcess(`import-bench-${importer}`, (child) =>
      child.call('time', { ...options, dir, importer }, queueLogImportBenchResultSchema, CHILD_CALL_TIMEOUT_MS),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function inChildProcess<T>(name: string, work: (child: ChildProcessRpc) => Promise<T>): Promise<T> {
  const child = ChildProcessRpc.spawn(name, CHILD);
  try {
    return await work(child);
  } finally {
    await child.stop();
  }
}

const CSV_MAPPING = parseMapping('callid=callid,queue=queue,entered=entered,answered=answered,ended=ended,outcome=outcome,agent=agent');

/** Imports the files made in `dir` (import-bench-files.ts), timed: in a process of its own (import-bench-child.ts). */
export async function timeImport(options: QueueLogImportBenchOptions & { dir: string; importer: ImporterUnderTest }): Promise<QueueLogImportBenchResult> {
  const { dir, importer } = options;
  const site = `bench-${process.pid}`;
  // Under root Postgres runs as another user: its data dir is chowned to it, and must not lie inside `dir` (mode 0700).
  const dataDir = options.postgres && !options.databaseUrl ? mkdtempSync(path.join(tmpdir(), 'queue-log-bench-pg-')) : null;
  let postgres: RunningEmbeddedPostgres | null = null;
  let history: HistoryService | null = null;
  const rules = IMPORT_BENCH_RULES;
  try {
    let sink: HistorySink = { record: async () => undefined, flush: async () => undefined };
    let databaseUrl = options.databaseUrl;
    if (dataDir) {
      postgres = await startEmbeddedPostgres({ dataDir, logger: createLogger('silent') });
      databaseUrl = postgres.url;
    }
    if (databaseUrl) {
      history = new HistoryService({ databaseUrl, site, logger: createLogger('silent'), registry: new Registry() });
      await history.reader();
      sink = historySink(history);
    }
    const pgPid = dataDir ? postmasterPid(path.join(dataDir, 'cluster')) : null;
    const pgCpuBefore = pgPid === null ? 0 : processTreeCpuSeconds(pgPid);
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    let result: { lines: number; bytes: number; calls: number };
    if (importer === 'csv') {
      const file = callsCsvFile(dir);
      const csv = await importCallsCsv({ file, mapping: CSV_MAPPING, rules, sink });
      result = { lines: csv.records, bytes: statSync(file).size, calls: csv.tally.totalCalls };
    } else {
      const file = queueLogFile(dir);
      const members = new MemberDirectory();
      await learnMembers(file, members);
      // Following: stopped once the first catch-up is committed and rolled up.
      const caughtUp = new AbortController();
      const followed: HistorySink = { record: (ops) => sink.record(ops), flush: () => sink.flush().then(() => caughtUp.abort()) };
      const log =
        importer === 'follow'
          ? await importQueueLog({ file, rules, members, sink: followed, follow: true, signal: caughtUp.signal })
          : await importQueueLog({ file, rules, members, sink });
      result = { lines: log.lines, bytes: log.bytes, calls: log.tally.totalCalls };
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    let callRows = 0;
    let spanRows = 0;
    if (history) {
      const db = await history.reader();
      const { rows } = await db.query<{ calls: number; spans: number }>(
        `SELECT (SELECT count(*) FROM call_history WHERE site = $1)::int AS calls, (SELECT count(*) FROM agent_state_spans WHERE site = $1)::int AS spans`,
        [site],
      );
      callRows = rows[0]?.calls ?? 0;
      spanRows = rows[0]?.spans ?? 0;
    }
    let postgresCpuSeconds: number | null = null;
    if (pgPid !== null && history) {
      // Closing the connections ends their backends, whose CPU then shows in the postmaster's figures.
      await history.close();
      history = null;
      postgresCpuSeconds = Math.round((processTreeCpuSeconds(pgPid) - pgCpuBefore) * 100) / 100;
    }
    return {
      importer,
      linesPerSec: Math.round(result.lines / seconds),
      linesPerCpuSec: Math.round(result.lines / cpuSeconds),
      importerCpuSeconds: Math.round(cpuSeconds * 100) / 100,
      lines: result.lines,
      megabytes: Math.round(result.bytes / 1e5) / 10,
      seconds: Math.round(seconds * 100) / 100,
      calls: result.calls,
      sink: callRows > 0 ? 'Postgres' : 'counted only',
      postgresCpuSeconds,
      linesPerTotalCpuSec: postgresCpuSeconds === null ? null : Math.round(result.lines / (cpuSeconds + postgresCpuSeconds)),
      callRows,
      spanRows,
    };
  } finally {
    if (history) {
      if (!postgres) {
        const db = await history.reader();
        for (const table of ['call_history', 'agent_state_spans', 'interval_stats']) {
          await db.query(`DELETE FROM ${table} WHERE site = $1`, [site]).catch(() => undefined);
        }
      }
      await history.close();
    }
    await postgres?.stop().catch(() => undefined);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: {
      weeks: { type: 'string', default: '26' },
      postgres: { type: 'boolean', default: false },
      'database-url': { type: 'string' },
      importer: { type: 'string', default: 'queue_log' },
    },
  });
  const importers = values.importer === 'all' ? IMPORTERS : [values.importer as ImporterUnderTest];
  for (const importer of importers) {
    if (!IMPORTERS.includes(importer)) throw new Error(`--importer: queue_log, follow, csv or all, not ${importer}`);
    const result = await runQueueLogImportBench({
      weeks: Number(values.weeks),
      postgres: values.postgres,
      importer,
      ...(values['database-url'] ? { databaseUrl: values['database-url'] } : {}),
    });
    console.log(result);
  }
}
