import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { countersOf } from '../../shared/call-counters';
import { DAY_MS, INTERVAL_MS } from '../../shared/site-time';
import { progressOfRecord } from '../domain/call-tracking';
import type { AgentStateSpan, CallRecord, RingNoAnswer } from '../domain/live-state';
import { PermanentError, retry } from '../resilience/retry';
import { COUNTER_COLUMNS } from './counter-columns';
import { isDatabaseUnreachable, isQueryTimeout } from './database-failure';
import type { HistoryFact } from './history-facts';
import { intervalRanges, rollUpRange, type IntervalRange } from './interval-rollup';
import { withClient } from './pg-client';
import { isRefusedData } from './refused-data';
import { staffedQueuesOf, textArrayLiteral } from './staffed-queues';
import { insertRingsFrom, inSiteTransaction, ringKey, touchedIntervals, upsertCallsFrom, upsertSpansFrom } from './write-batch';

/**
 * History for an import (a queue_log, a calls CSV, simulated weeks): many
 * facts at once, at the speed of the disk.
 *
 * Facts gather into chunks; each chunk is copied (COPY FROM STDIN) into
 * session staging tables and upserted from there in one statement per table,
 * in one transaction, while the next chunk is being made (one chunk in
 * flight: memory stays bounded and the importer waits when Postgres is the
 * slower). The interval rollup is not redone per chunk: `flush` computes it
 * once for every interval the chunks touched, a run of at most a day per
 * statement and transaction (interval-rollup.ts), so a long import never
 * meets the statement timeout in one giant statement.
 *
 * Failures end the import with the reason instead of being retried forever:
 * only an unreachable database is retried (for about a minute). A statement
 * timeout says so. Chunks written before stay (upserts keyed by call and span,
 * unchanged rows untouched): running the import again completes it without
 * doubling anything. A chunk Postgres refuses for its data goes to `refused`,
 * the live writer's way of setting such facts aside one by one.
 */
export interface BulkHistoryWriterOptions {
  pool: pg.Pool;
  site: string;
  /** before the first write: the schema in place */
  ready: () => Promise<void>;
  /** writes facts of a chunk Postgres refused for their data, setting the refused ones aside */
  refused: (facts: readonly HistoryFact[]) => Promise<void>;
  /** facts per chunk (default 25,000) */
  chunkFacts?: number;
  /** Postgres' statement_timeout for the import's statements; the pool's (30 s) without it */
  statementTimeoutMs?: number;
  /** attempts while the database is unreachable (default 8: about a minute of waits) */
  maxAttempts?: number;
}

/** Why an import's write stopped: the step, what Postgres said, and what to do about it. */
export class HistoryImportError extends Error {
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
    this.name = 'HistoryImportError';
  }
}

const DEFAULT_CHUNK_FACTS = 25_000;

/** One chunk's facts by table. */
interface Chunk {
  calls: CallRecord[];
  spans: AgentStateSpan[];
  rings: RingNoAnswer[];
}

/**
 * Intervals older than the oldest one a chunk touches by more than this are
 * rolled up while the import goes on: a log is written in time order, so
 * later chunks rarely touch them again (an interval touched again is owed
 * again, and rolled up again at the flush, so this is about speed only).
 */
const SETTLED_BEHIND_MS = DAY_MS;

export class BulkHistoryWriter {
  private calls = new Map<string, CallRecord>();
  private spans = new Map<string, AgentStateSpan>();
  private rings = new Map<string, RingNoAnswer>();
  /** intervals whose rollup is owed: touched by chunks written or in flight since they were last rolled up */
  private readonly owed = new Set<number>();
  private inFlight: Promise<void> = Promise.resolve();
  private readonly chunkFacts: number;

  constructor(private readonly options: BulkHistoryWriterOptions) {
    this.chunkFacts = options.chunkFacts ?? DEFAULT_CHUNK_FACTS;
  }

  /** Takes facts; resolves at once, or once the chunk before is written when a new one is full. */
  async record(facts: readonly HistoryFact[]): Promise<void> {
    for (const fact of facts) {
      // Within one chunk a key is written once (ON CONFLICT cannot touch a row twice): the latest fact wins.
      if (fact.kind === 'call') this.calls.set(`${fact.call.queueId}\n${fact.call.callId}\n${fact.call.enteredAt}`, fact.call);
      else if (fact.kind === 'agentState') this.spans.set(`${fact.span.agentId}\n${fact.span.from}`, fact.span);
      else if (fact.kind === 'ringNoAnswer') this.rings.set(ringKey(fact.ring), fact.ring);
      else throw new TypeError('tickets are not imported');
    }
    if (this.calls.size + this.spans.size + this.rings.size >= this.chunkFacts) await this.sendChunk();
  }

  /** Writes what is held and rolls up every interval owed; resolves once all of it is committed. */
  async flush(): Promise<void> {
    await this.sendChunk();
    await this.inFlight;
    await this.rollUpOwed(Number.POSITIVE_INFINITY);
  }

  /**
   * Waits for the chunk in flight, then starts writing the facts held as the
   * next one, followed by the rollup of the owed intervals it leaves behind.
   */
  private async sendChunk(): Promise<void> {
    await this.inFlight;
    if (this.calls.size === 0 && this.spans.size === 0 && this.rings.size === 0) return;
    const chunk: Chunk = { calls: [...this.calls.values()], spans: [...this.spans.values()], rings: [...this.rings.values()] };
    const { calls, spans } = chunk;
    this.calls = new Map();
    this.spans = new Map();
    this.rings = new Map();
    const touched = touchedIntervals(calls, spans);
    for (const start of touched) this.owed.add(start);
    const behind = (touched[0] ?? Number.NEGATIVE_INFINITY) - SETTLED_BEHIND_MS;
    this.inFlight = this.writeChunk(chunk).then(() => this.rollUpOwed(behind));
    // Its failure is reported by the next record or flush, which await it; until then it must not count as unhandled.
    this.inFlight.catch(() => undefined);
  }

  /**
   * Rolls up the owed intervals before `before` in one transaction, a run of at
   * most a day per statement (so each statement's work, and its timeout, is a
   * day's whatever the span of the import).
   */
  private async rollUpOwed(before: number): Promise<void> {
    const due = [...this.owed].filter((start) => start < before);
    if (due.length === 0) return;
    const ranges = intervalRanges(due);
    const first = ranges[0] as IntervalRange;
    const last = ranges[ranges.length - 1] as IntervalRange;
    await this.attempt(`rolling up the intervals from ${iso(first.from)} to ${iso(last.to)}`, async (client) => {
      for (const range of ranges) await rollUpRange(client, this.options.site, range);
    });
    for (const start of due) this.owed.delete(start);
  }

  private async writeChunk(chunk: Chunk): Promise<void> {
    const { calls, spans, rings } = chunk;
    const n = (count: number): string => count.toLocaleString('en-US');
    const step = `writing ${n(calls.length)} calls, ${n(spans.length)} agent state spans and ${n(rings.length)} rings not answered`;
    try {
      await this.attempt(step, (client) => this.copyAndUpsert(client, chunk));
    } catch (error) {
      if (!isRefusedData(error instanceof HistoryImportError ? error.cause : error)) throw error;
      await this.options.refused([
        ...calls.map((call) => ({ kind: 'call' as const, call })),
        ...spans.map((span) => ({ kind: 'agentState' as const, span })),
        ...rings.map((ring) => ({ kind: 'ringNoAnswer' as const, ring })),
      ]);
    }
  }

  private async copyAndUpsert(client: pg.PoolClient, { calls, spans, rings }: Chunk): Promise<void> {
    // A client whose transaction failed is discarded (withClient), so one listed here still has its tables.
    if (!staged.has(client)) {
      await client.query(STAGING_TABLES);
      staged.add(client);
    }
    if (calls.length > 0) {
      await copyIn(client, `COPY import_calls FROM STDIN`, calls, callLine);
      await client.query(upsertCallsFrom(CALLS_FROM_STAGING), [this.options.site]);
    }
    if (spans.length > 0) {
      await copyIn(client, `COPY import_spans FROM STDIN`, spans, spanLine);
      await client.query(upsertSpansFrom(SPANS_FROM_STAGING), [this.options.site]);
    }
    if (rings.length > 0) {
      await copyIn(client, `COPY import_rings FROM STDIN`, rings, ringLine);
      await client.query(insertRingsFrom(RINGS_FROM_STAGING), [this.options.site]);
    }
  }

  /**
   * Runs `work` in one site transaction; retries only while the database is
   * unreachable, and turns every failure into a HistoryImportError naming the step.
   */
  private async attempt(step: string, work: (client: pg.PoolClient) => Promise<void>): Promise<void> {
    const { pool, site, statementTimeoutMs } = this.options;
    try {
      await retry(
        async () => {
          try {
            await this.options.ready();
            await withClient(pool, (client) =>
              inSiteTransaction(client, site, () => work(client), {
                // A commit lost to a crash is redone by running the import again: no need to wait for the disk.
                synchronous_commit: 'off',
                ...(statementTimeoutMs !== undefined ? { statement_timeout: Math.max(1, statementTimeoutMs) } : {}),
              }),
            );
          } catch (error) {
            if (isDatabaseUnreachable(error)) throw error;
            throw new PermanentError('not retried', { cause: error });
          }
        },
        { initialDelayMs: 500, maxDelayMs: 10_000, maxAttempts: this.options.maxAttempts ?? 8 },
      );
    } catch (error) {
      const cause = error instanceof PermanentError ? error.cause : error;
      throw new HistoryImportError(explain(step, cause), { cause });
    }
  }
}

function explain(step: string, error: unknown): string {
  const said = error instanceof Error ? error.message : String(error);
  const again = 'What was written before stays; running the import again completes it without doubling anything.';
  if (isQueryTimeout(error)) {
    return `history import stopped: ${step} ran past Postgres' statement timeout and was cancelled (${said}). ${again}`;
  }
  if (isDatabaseUnreachable(error)) return `history import stopped: the history database is unreachable (${said}) while ${step}. ${again}`;
  return `history import stopped: ${step} failed: ${said}. ${again}`;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * The chunk's rows as COPY sees them: epoch milliseconds rather than
 * timestamps (cheaper to print, exact), turned into timestamptz by the upsert.
 * ON COMMIT DELETE ROWS: empty again after every chunk's transaction.
 */
const STAGING_TABLES = `
  CREATE TEMP TABLE IF NOT EXISTS import_calls (
    queue_id text, call_id text, entered_ms bigint, answered_ms bigint, ended_ms bigint, outcome text,
    wait_sec float8, talk_sec float8, wrap_sec float8, agent_id text, answered_within_sl boolean, short_abandon boolean,
    day date, interval_ms bigint, ${COUNTER_COLUMNS.map((c) => `${c.callColumn} ${c.sqlType}`).join(', ')}, caller_id text
  ) ON COMMIT DELETE ROWS;
  CREATE TEMP TABLE IF NOT EXISTS import_spans (
    agent_id text, state text, from_ms bigint, to_ms bigint, queues jsonb, pause_reason text, staffed_queues text[]
  ) ON COMMIT DELETE ROWS;
  CREATE TEMP TABLE IF NOT EXISTS import_rings (
    agent_id text, queue_id text, call_id text, at_ms bigint, ring_ms bigint
  ) ON COMMIT DELETE ROWS;`;

/** Connections that have the staging tables (temporary tables live as long as their session). */
const staged = new WeakSet<pg.PoolClient>();

const at = (column: string): string => `timestamptz 'epoch' + ${column} * interval '1 millisecond'`;

const CALLS_FROM_STAGING = `SELECT $1::text, queue_id, call_id, ${at('entered_ms')}, ${at('answered_ms')}, ${at('ended_ms')}, outcome,
  wait_sec, talk_sec, wrap_sec, agent_id, answered_within_sl, short_abandon, day, ${at('interval_ms')},
  ${COUNTER_COLUMNS.map((c) => c.callColumn).join(', ')}, caller_id
  FROM import_calls`;

const SPANS_FROM_STAGING = `SELECT $1::text, agent_id, ${at('from_ms')}, state, ${at('to_ms')}, queues, pause_reason, staffed_queues FROM import_spans`;

const RINGS_FROM_STAGING = `SELECT $1::text, agent_id, queue_id, call_id, ${at('at_ms')}, ring_ms FROM import_rings`;

/** COPY text format: these four characters are escaped in a value; \N is null. */
const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function text(value: string | null): string {
  if (value === null) return '\\N';
  return NEEDS_ESCAPE.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c] as string) : value;
}

/** Whole milliseconds, as the timestamptz the live writer stores from a Date. */
const msOf = (ms: number | null): string => (ms === null ? '\\N' : String(Math.trunc(ms)));
const bool = (value: boolean): string => (value ? 't' : 'f');

function callLine(call: CallRecord): string {
  const adds = countersOf(progressOfRecord(call));
  let line =
    `${text(call.queueId)}\t${text(call.callId)}\t${msOf(call.enteredAt)}\t${msOf(call.answeredAt)}\t${msOf(call.endedAt)}\t${call.outcome}\t` +
    `${call.waitSec}\t${call.talkSec}\t${call.wrapSec}\t${text(call.agentId)}\t${bool(call.answeredWithinSl)}\t${bool(call.shortAbandon)}\t` +
    `${call.day}\t${msOf(call.intervalStart)}`;
  for (const { field } of COUNTER_COLUMNS) line += `\t${adds[field]}`;
  return `${line}\t${text(call.callerId)}\n`;
}

function spanLine(span: AgentStateSpan): string {
  return (
    `${text(span.agentId)}\t${text(span.state)}\t${msOf(span.from)}\t${msOf(span.to)}\t${text(JSON.stringify(span.queues))}\t` +
    `${text(span.pauseReason)}\t${text(textArrayLiteral(staffedQueuesOf(span)))}\n`
  );
}

function ringLine(ring: RingNoAnswer): string {
  return `${text(ring.agentId)}\t${text(ring.queueId)}\t${text(ring.callId)}\t${msOf(ring.at)}\t${Math.round(ring.ringMs)}\n`;
}

/** About 256 kB per write to the socket. */
const ROWS_PER_PIECE = 1_000;

async function copyIn<T>(client: pg.PoolClient, sql: string, rows: readonly T[], line: (row: T) => string): Promise<void> {
  function* pieces(): Generator<string> {
    for (let i = 0; i < rows.length; i += ROWS_PER_PIECE) {
      let piece = '';
      for (const row of rows.slice(i, i + ROWS_PER_PIECE)) piece += line(row);
      yield piece;
    }
  }
  await pipeline(Readable.from(pieces(), { objectMode: false }), client.query(copyFrom(sql)));
}
