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
 * `npx tsx bench/queue-log-import.ts [--weeks N] [--postgres | --database-url URL] [--importer queue_log|follow|csv|all]`
 */
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Registry } from 'prom-client';
import { QueueSettingsBook } from '../server/config/queue-settings';
import type { CallRecord } from '../server/domain/live-state';
import { importCallsCsv } from '../server/import/calls-csv-import';
import { parseMapping } from '../server/import/calls-csv-mapping';
import { startEmbeddedPostgres, type RunningEmbeddedPostgres } from '../server/history/embedded-postgres';
import { HistoryService } from '../server/history/history-service';
import { historySink, type HistorySink } from '../server/import/history-sink';
import { queueRulesFor } from '../server/config/queue-rules';
import { MemberDirectory } from '../server/import/member-directory';
import { importQueueLog, learnMembers } from '../server/import/queue-log-import';
import { createLogger } from '../server/observability/logger';
import { CallCenterModel } from '../server/simulator/call-center-model';
import { QueueLogWriter } from '../server/simulator/queue-log-writer';
import { DEMO_CONFIG, parseSimulatorConfig } from '../server/simulator/simulator-config';
import { utcOffsetMs } from '../shared/site-time';
import { postmasterPid, processTreeCpuSeconds } from './support/process-tree-cpu';

/** Which importer reads the file: a queue_log read to its end, a queue_log followed until caught up, a calls CSV. */
export type ImporterUnderTest = 'queue_log' | 'follow' | 'csv';

export interface QueueLogImportBenchResult {
  importer: ImporterUnderTest;
  /** lines (CSV: records) imported per wall-clock second, member pass included */
  linesPerSec: number;
  /** the same per CPU second of this process (steadier on a shared machine) */
  linesPerCpuSec: number;
  /** CPU seconds of this process (the importer, and the writer's side of COPY) */
  importerCpuSeconds: number;
  lines: number;
  megabytes: number;
  seconds: number;
  calls: number;
  /** where the facts went */
  sink: 'counted only' | 'Postgres';
  /** CPU seconds Postgres (postmaster and backends) spent on the import; null without the embedded one */
  postgresCpuSeconds: number | null;
  /** lines per CPU second of this process and Postgres together */
  linesPerTotalCpuSec: number | null;
  /** rows in call_history and agent_state_spans after the import (0 without Postgres) */
  callRows: number;
  spanRows: number;
}

const WEEK_MS = 7 * 86_400_000;
/** Monday 2026-03-02 00:00 in Moscow */
const START = Date.parse('2026-03-01T21:00:00Z');

/** A simulated week of the demo site's queue_log, written `weeks` times with times and call ids shifted. */
export async function generateQueueLog(file: string, weeks: number): Promise<{ lines: number; members: Map<string, string> }> {
  const config = parseSimulatorConfig(DEMO_CONFIG);
  const writer = new QueueLogWriter();
  const model = new CallCenterModel(config, START, writer);
  const week: string[] = [];
  for (let at = START; at < START + WEEK_MS; at += 3_600_000) {
    model.advanceTo(at + 3_600_000);
    model.takeEvents();
    week.push(...writer.takeLines());
  }
  const out = createWriteStream(file);
  for (let w = 0; w < weeks; w++) {
    const shiftSec = (w * WEEK_MS) / 1000;
    let text = '';
    for (const line of week) {
      const bar = line.indexOf('|');
      const second = line.indexOf('|', bar + 1);
      const callId = line.slice(bar + 1, second);
      // Uniqueids are `<epoch>.<n>`: shift the epoch part too, so each week's calls are new calls.
      const shifted = callId.includes('.') ? `${Number(callId.slice(0, callId.indexOf('.'))) + shiftSec}${callId.slice(callId.indexOf('.'))}` : callId;
      text += `${Number(line.slice(0, bar)) + shiftSec}|${shifted}${line.slice(second)}\n`;
    }
    if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return { lines: week.length * weeks, members: new Map(config.agents.map((a) => [a.name, a.interface])) };
}

export interface QueueLogImportBenchOptions {
  weeks?: number;
  /** the facts into this database */
  databaseUrl?: string;
  /** the facts into a private embedded Postgres (ignored with databaseUrl) */
  postgres?: boolean;
  /** queue_log by default */
  importer?: ImporterUnderTest;
}

/**
 * The weeks' calls as a calls CSV with every column the importer maps, times
 * in site time without an offset as exports write them (generated before the
 * clock starts).
 */
async function writeCallsCsv(file: string, calls: readonly CallRecord[], timeZone: string): Promise<void> {
  const iso = (ms: number | null): string => (ms === null ? '' : new Date(ms + utcOffsetMs(timeZone, ms)).toISOString().slice(0, 23).replace('T', ' '));
  const out = createWriteStream(file);
  let text = 'callid,queue,entered,answered,ended,outcome,agent\n';
  for (const call of calls) {
    text += `${call.callId},${call.queueId},${iso(call.enteredAt)},${iso(call.answeredAt)},${iso(call.endedAt)},${call.outcome},${call.agentId ?? ''}\n`;
    if (text.length > 1 << 20) {
      if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      text = '';
    }
  }
  out.write(text);
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

const CSV_MAPPING = parseMapping('callid=callid,queue=queue,entered=entered,answered=answered,ended=ended,outcome=outcome,agent=agent');

export async function runQueueLogImportBench(options: QueueLogImportBenchOptions = {}): Promise<QueueLogImportBenchResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'queue-log-bench-'));
  const file = path.join(dir, 'queue_log');
  const site = `bench-${process.pid}`;
  // Under root Postgres runs as another user: its data dir is chowned to it, and must not lie inside `dir` (mode 0700).
  const dataDir = options.postgres && !options.databaseUrl ? mkdtempSync(path.join(tmpdir(), 'queue-log-bench-pg-')) : null;
  let postgres: RunningEmbeddedPostgres | null = null;
  let history: HistoryService | null = null;
  try {
    await generateQueueLog(file, options.weeks ?? 26);
    const rules = queueRulesFor({ timeZone: 'Europe/Moscow', shortAbandonSec: 5 }, QueueSettingsBook.load('config/queues.json'));
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
    const importer = options.importer ?? 'queue_log';
    const csvFile = path.join(dir, 'calls.csv');
    if (importer === 'csv') {
      const calls: CallRecord[] = [];
      const members = new MemberDirectory();
      await learnMembers(file, members);
      const collect: HistorySink = {
        record: async (ops) => {
          for (const op of ops) if (op.op === 'history.call') calls.push(op.call);
        },
        flush: async () => undefined,
      };
      await importQueueLog({ file, rules, members, sink: collect });
      await writeCallsCsv(csvFile, calls, rules.timeZone);
    }
    const pgPid = dataDir ? postmasterPid(path.join(dataDir, 'cluster')) : null;
    const pgCpuBefore = pgPid === null ? 0 : processTreeCpuSeconds(pgPid);
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    let result: { lines: number; bytes: number; calls: number };
    if (importer === 'csv') {
      const csv = await importCallsCsv({ file: csvFile, mapping: CSV_MAPPING, rules, sink });
      result = { lines: csv.records, bytes: statSync(csvFile).size, calls: csv.tally.totalCalls };
    } else {
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
    for (const made of [dir, dataDir]) if (made) rmSync(made, { recursive: true, force: true });
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
  const importers: ImporterUnderTest[] = values.importer === 'all' ? ['queue_log', 'follow', 'csv'] : [values.importer as ImporterUnderTest];
  for (const importer of importers) {
    if (!['queue_log', 'follow', 'csv'].includes(importer)) throw new Error(`--importer: queue_log, follow, csv or all, not ${importer}`);
    const result = await runQueueLogImportBench({
      weeks: Number(values.weeks),
      postgres: values.postgres,
      importer,
      ...(values['database-url'] ? { databaseUrl: values['database-url'] } : {}),
    });
    console.log(result);
  }
}
