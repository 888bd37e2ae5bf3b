import type pg from 'pg';
import { DAY_MS } from '../../shared/site-time';
import { PermanentError, retry } from '../resilience/retry';
import { CALL_COLUMNS, copyPieces, RING_COLUMNS, SPAN_COLUMNS } from './copy-rows';
import { isDatabaseUnreachable, isQueryTimeout } from './database-failure';
import type { HistoryFact } from './history-facts';
import { ImportChunk, type CallProbe, type SpanProbe } from './import-chunk';
import { intervalRanges, rollUpRange, type IntervalRange } from './interval-rollup';
import { OwedIntervals } from './owed-intervals';
import { withClient } from './pg-client';
import { isRefusedData } from './refused-data';
import { insertRingsFrom, inSiteTransaction, raiseLongestSpan, upsertCallsFrom, upsertSpansFrom, type SiteHold } from './write-batch';

/**
 * History for an import (a queue_log, a calls CSV, simulated weeks): many
 * facts at once, at the speed of the disk.
 *
 * Facts gather into chunks, as the rows of binary COPYs from the moment they
 * come (import-chunk.ts); each chunk is written in one transaction while
 * the next chunk is being made: copied (COPY FROM STDIN) straight into the
 * history tables when none of its calls and spans is stored yet (the usual
 * case, a fresh import), otherwise into session staging tables and upserted
 * from there in one statement per table (two chunks in
 * flight, one written and one waiting: memory stays bounded and the importer
 * waits when Postgres is the slower). The interval rollup is not redone per
 * chunk: intervals the chunks touched are owed a rollup (owed-intervals.ts),
 * paid on a second connection beside the next chunks' writes once a day
 * behind them (a log is in time order), and at `flush` for the rest; a run
 * of at most a day per statement (interval-rollup.ts), so a long import
 * never meets the statement timeout in one giant statement.
 *
 * Failures end the import with the reason instead of being retried forever:
 * only an unreachable database is retried (for about a minute). A statement
 * timeout says so. Chunks written before stay (upserts keyed by call and span,
 * unchanged rows untouched): running the import again completes it without
 * doubling anything. A chunk Postgres refuses for its data goes to `refused`
 * (its facts read back from its rows), the live writer's way of setting such
 * facts aside one by one.
 */
export interface BulkHistoryWriterOptions {
  pool: pg.Pool;
  site: string;
  /** before the first write: the schema in place */
  ready: () => Promise<void>;
  /** writes facts of a chunk Postgres refused for their data (or no row could be written for), setting the refused ones aside */
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

/**
 * Intervals older than the oldest one a chunk touches by more than this are
 * rolled up while the import goes on: a log is written in time order, so
 * later chunks rarely touch them again (an interval touched again is owed
 * again, and rolled up again later, so this is about speed only).
 */
const SETTLED_BEHIND_MS = DAY_MS;

export class BulkHistoryWriter {
  private chunk: ImportChunk;
  /** intervals whose rollup is owed: touched by chunks written or being written since they were last rolled up */
  private readonly owed = new OwedIntervals();
  /** the last chunk's write, chained after every chunk's before it */
  private inFlight: Promise<void> = Promise.resolve();
  /** the write before the last one: a new chunk waits for it, so one chunk is written while the next waits */
  private beforeLast: Promise<void> = Promise.resolve();
  /** the rollups, one after another on their own connection */
  private rollups: Promise<void> = Promise.resolve();
  /** a rollup is queued and not started: a later chunk raises its bound instead of queueing another */
  private rollupQueued = false;
  /** the bound of the queued rollup */
  private rollUpBefore = Number.NEGATIVE_INFINITY;
  /** why a rollup failed, reported by the next record or flush */
  private rollupFailure: { error: unknown } | undefined;
  private wroteAChunk = false;
  private readonly chunkFacts: number;

  constructor(private readonly options: BulkHistoryWriterOptions) {
    this.chunkFacts = options.chunkFacts ?? DEFAULT_CHUNK_FACTS;
    this.chunk = new ImportChunk(options.site);
  }

  /** Takes facts; resolves at once, or, when a new chunk is full, once at most one chunk is left to write before it. */
  async record(facts: readonly HistoryFact[]): Promise<void> {
    // Kept as they come: a fact repeating a key in the chunk fails the straight COPY, and the upsert's way
    // keeps the latest of each key (a fresh import repeats none, so it pays nothing for that).
    for (const fact of facts) this.chunk.add(fact);
    if (this.chunk.size >= this.chunkFacts) await this.sendChunk();
  }

  /** Writes what is held and rolls up every interval owed; resolves once all of it is committed. */
  async flush(): Promise<void> {
    await this.sendChunk();
    await this.inFlight;
    // Joins the rollup the last chunk queued, if it has not started yet: one transaction fewer at the end.
    this.scheduleRollup(Number.POSITIVE_INFINITY);
    await this.rollups;
  }

  /**
   * Queues the facts held as the next chunk, written once the chunks before
   * it are, and followed by the rollup of the owed intervals it leaves behind.
   * Two deep (one written, one waiting): a pause of Postgres' (a rollup, the
   * first chunk's statistics) does not stop the importer at once.
   */
  private async sendChunk(): Promise<void> {
    await this.beforeLast;
    if (this.rollupFailure) throw this.rollupFailure.error;
    if (this.chunk.size === 0) return;
    const chunk = this.chunk.seal();
    this.chunk = new ImportChunk(this.options.site);
    const touched = [...chunk.touched].sort((a, b) => a - b);
    const behind = (touched[0] ?? Number.NEGATIVE_INFINITY) - SETTLED_BEHIND_MS;
    const first = !this.wroteAChunk;
    this.wroteAChunk = true;
    const previous = this.inFlight;
    this.beforeLast = previous;
    this.inFlight = previous.then(async () => {
      // Owed from when its write starts, and not due while it is uncommitted: a rollup beside it would miss its rows.
      this.owed.startWrite(touched);
      try {
        await this.writeChunk(chunk);
        if (first) await this.refreshStatistics(chunk);
      } finally {
        this.owed.endWrite(touched);
      }
      this.scheduleRollup(behind);
    });
    // Its failure is reported by the next record or flush, which await it; until then it must not count as unhandled.
    this.inFlight.catch(() => undefined);
  }

  /** Rolls up the intervals owed before `before` once the rollups queued before are done. */
  private scheduleRollup(before: number): void {
    this.rollUpBefore = Math.max(this.rollUpBefore, before);
    if (this.rollupQueued) return;
    this.rollupQueued = true;
    this.rollups = this.rollups.then(() => {
      // Taken and cleared: after a flush (`--follow` catching up) the next chunks' rollups keep a day behind again.
      const before = this.rollUpBefore;
      this.rollupQueued = false;
      this.rollUpBefore = Number.NEGATIVE_INFINITY;
      return this.rollUpOwed(before);
    });
    this.rollups.catch((error: unknown) => {
      this.rollupFailure ??= { error };
    });
  }

  /**
   * Rolls up the owed intervals before `before` in one transaction, a run of at
   * most a day per statement (so each statement's work, and its timeout, is a
   * day's whatever the span of the import).
   */
  private async rollUpOwed(before: number): Promise<void> {
    const due = this.owed.due(before);
    if (due.starts.length === 0) return;
    const ranges = intervalRanges(due.starts);
    const first = ranges[0] as IntervalRange;
    const last = ranges[ranges.length - 1] as IntervalRange;
    await this.attempt(
      `rolling up the intervals from ${iso(first.from)} to ${iso(last.to)}`,
      async (client) => {
        for (const range of ranges) await rollUpRange(client, this.options.site, range);
      },
      'rollups',
    );
    this.owed.paid(due);
  }

  /**
   * Statistics for the tables the first chunk wrote into, where Postgres has
   * none yet or took them when the table held fewer rows than the chunk
   * added (a first import into a new database). Without them every later
   * statement is planned for empty tables: the rollup of a day read all of
   * the site's calls by the key instead of that day's by the index by
   * interval, a cost growing with every chunk. Autovacuum would take them
   * only a minute later. Bigger tables keep theirs: their plans hold.
   */
  private async refreshStatistics({ calls, spans, rings }: ImportChunk): Promise<void> {
    const added: [string, number][] = [
      ['call_history', calls.rows],
      ['agent_state_spans', spans.rows],
      ['ring_no_answer', rings.rows],
    ];
    await this.attempt('taking statistics of the history tables', async (client) => {
      const { rows } = await client.query<{ table: string }>(
        `SELECT t.name AS table FROM unnest($1::text[], $2::int[]) AS t(name, added)
         JOIN pg_class c ON c.oid = t.name::regclass
         WHERE t.added > 0 AND c.reltuples < t.added`,
        [added.map(([table]) => table), added.map(([, rows]) => rows)],
      );
      if (rows.length === 0) return;
      // A tenth of the usual sample (3,000 rows a table): enough to plan by, at a tenth of the cost while the
      // import waits; autovacuum takes fuller statistics once the import has written more.
      await client.query('SET LOCAL default_statistics_target = 10');
      await client.query(`ANALYZE ${rows.map((r) => r.table).join(', ')}`);
    }, 'writes');
  }

  /**
   * Writes the chunk; when Postgres refuses it for its data, its facts are
   * read back from their rows and go to `refused`, as do facts no row could
   * be written for.
   */
  private async writeChunk(chunk: ImportChunk): Promise<void> {
    const { calls, spans, rings } = chunk;
    const n = (count: number): string => count.toLocaleString('en-US');
    const step = `writing ${n(calls.rows)} calls, ${n(spans.rows)} agent state spans and ${n(rings.rows)} rings not answered`;
    try {
      await this.attempt(step, (client) => this.copyAndUpsert(client, chunk), 'writes');
    } catch (error) {
      if (!isRefusedData(error instanceof HistoryImportError ? error.cause : error)) throw error;
      return this.options.refused(chunk.readFacts());
    }
    if (chunk.unwritable.length > 0) await this.options.refused(chunk.unwritable);
  }

  private async copyAndUpsert(client: pg.PoolClient, chunk: ImportChunk): Promise<void> {
    const { site } = this.options;
    // A client whose transaction failed is discarded (withClient), so one listed here still has its tables.
    if (!staged.has(client)) {
      await client.query(STAGING_TABLES);
      staged.add(client);
    }
    if (!(await this.copiedStraightIn(client, chunk))) await this.upsertByStaging(client, chunk);
  }

  /**
   * New calls and spans straight into the history tables: COPY inserts in
   * batches, at a fraction of the cost of staging them and upserting (no
   * second copy, no speculative insertion per row). Only for rows none of
   * which is stored yet: a key met again fails the COPY (unique violation),
   * which is undone, and false is returned for the upsert to do it.
   */
  private async copiedStraightIn(client: pg.PoolClient, chunk: ImportChunk): Promise<boolean> {
    const { site } = this.options;
    const { calls, spans, rings } = chunk;
    if (await storedAlready(client, site, chunk.probes())) return false;
    await client.query('SAVEPOINT straight_in');
    try {
      if (calls.rows > 0) await copyPieces(client, 'call_history', CALL_COLUMNS, calls.pieces);
      if (rings.rows > 0) await copyPieces(client, 'ring_no_answer', RING_COLUMNS, rings.pieces);
      if (spans.rows > 0) {
        await copyPieces(client, 'agent_state_spans', SPAN_COLUMNS, spans.pieces);
        await client.query(RAISE_LONGEST_SPAN, [site, chunk.longestSpanMs]);
      }
      await client.query('RELEASE SAVEPOINT straight_in');
      return true;
    } catch (error) {
      if ((error as { code?: unknown } | null)?.code !== UNIQUE_VIOLATION) throw error;
      await client.query('ROLLBACK TO SAVEPOINT straight_in');
      return false;
    }
  }

  private async upsertByStaging(client: pg.PoolClient, { calls, spans, rings }: ImportChunk): Promise<void> {
    const { site } = this.options;
    if (calls.rows > 0) {
      await copyPieces(client, 'import_calls', CALL_COLUMNS, calls.pieces);
      await client.query(upsertCallsFrom(CALLS_FROM_STAGING));
    }
    if (spans.rows > 0) {
      await copyPieces(client, 'import_spans', SPAN_COLUMNS, spans.pieces);
      await client.query(upsertSpansFrom(SPANS_FROM_STAGING), [site]);
    }
    if (rings.rows > 0) {
      await copyPieces(client, 'import_rings', RING_COLUMNS, rings.pieces);
      await client.query(insertRingsFrom(RINGS_FROM_STAGING));
    }
  }

  /**
   * Runs `work` in one site transaction; retries only while the database is
   * unreachable, and turns every failure into a HistoryImportError naming the step.
   */
  private async attempt(step: string, work: (client: pg.PoolClient) => Promise<void>, hold: SiteHold): Promise<void> {
    const { pool, site, statementTimeoutMs } = this.options;
    try {
      await retry(
        async () => {
          try {
            await this.options.ready();
            await withClient(pool, (client) =>
              inSiteTransaction(
                client,
                site,
                () => work(client),
                {
                  // A commit lost to a crash is redone by running the import again: no need to wait for the disk.
                  synchronous_commit: 'off',
                  ...(statementTimeoutMs !== undefined ? { statement_timeout: Math.max(1, statementTimeoutMs) } : {}),
                },
                hold,
              ),
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

/** Postgres' error code for a key stored already. */
const UNIQUE_VIOLATION = '23505';

/**
 * Staging tables for chunks that may hold rows stored already: the history
 * tables' columns, and `seq`, the order the COPY wrote the rows in. ON COMMIT
 * DELETE ROWS: empty again after every chunk's transaction.
 */
const STAGING_TABLES = `
  CREATE TEMP TABLE IF NOT EXISTS import_calls (LIKE call_history, seq bigint GENERATED ALWAYS AS IDENTITY) ON COMMIT DELETE ROWS;
  CREATE TEMP TABLE IF NOT EXISTS import_spans (LIKE agent_state_spans, seq bigint GENERATED ALWAYS AS IDENTITY) ON COMMIT DELETE ROWS;
  CREATE TEMP TABLE IF NOT EXISTS import_rings (LIKE ring_no_answer, seq bigint GENERATED ALWAYS AS IDENTITY) ON COMMIT DELETE ROWS;`;

/** Connections that have the staging tables (temporary tables live as long as their session). */
const staged = new WeakSet<pg.PoolClient>();

/**
 * The staged rows in the order the upserts take them: the site, the key, the
 * values (write-batch.ts); the latest row of each key, as ON CONFLICT may
 * touch a row once per statement.
 */
const CALLS_FROM_STAGING = `SELECT DISTINCT ON (site, queue_id, call_id, entered_at) ${CALL_COLUMNS.join(', ')} FROM import_calls
  ORDER BY site, queue_id, call_id, entered_at, seq DESC`;
const SPANS_FROM_STAGING = `SELECT DISTINCT ON (site, agent_id, from_at) site, agent_id, from_at, state, to_at, queues, pause_reason, staffed_queues FROM import_spans
  ORDER BY site, agent_id, from_at, seq DESC`;
const RINGS_FROM_STAGING = `SELECT DISTINCT ON (site, agent_id, queue_id, call_id, at) ${RING_COLUMNS.join(', ')} FROM import_rings
  ORDER BY site, agent_id, queue_id, call_id, at, seq DESC`;

/** The site's longest span (agent_span_bounds, which the rollup's search relies on) raised to $2 milliseconds. */
const RAISE_LONGEST_SPAN = raiseLongestSpan(`VALUES ($1, $2::bigint * interval '1 millisecond')`);

/**
 * Whether the chunk looks stored already, in part (a re-import, or a run after
 * an interrupted one): the first or last span of one of its agents stored, or
 * its first or last call. A guess that spares a re-import the failed COPY;
 * what it misses, the COPY's unique violation catches. Each probe is a LATERAL
 * lookup of its whole key, so it stays in the key's index even on tables
 * Postgres has no statistics of yet (a first import): a plain join with the
 * probes was planned as a scan of the site's rows then, 100 ms a chunk.
 */
async function storedAlready(client: pg.PoolClient, site: string, probes: { calls: CallProbe[]; spans: SpanProbe[] }): Promise<boolean> {
  const { calls: callProbes, spans: spanProbes } = probes;
  const time = (ms: number): string => new Date(Math.trunc(ms)).toISOString();
  const { rows } = await client.query<{ stored: boolean }>(
    `SELECT EXISTS (
       SELECT 1 FROM unnest($2::text[], $3::timestamptz[]) AS a(agent_id, from_at)
       CROSS JOIN LATERAL (SELECT 1 FROM agent_state_spans s WHERE s.site = $1 AND s.from_at = a.from_at AND s.agent_id = a.agent_id LIMIT 1) found
     ) OR EXISTS (
       SELECT 1 FROM unnest($4::text[], $5::text[], $6::timestamptz[]) AS k(queue_id, call_id, entered_at)
       CROSS JOIN LATERAL (
         SELECT 1 FROM call_history c WHERE c.site = $1 AND c.queue_id = k.queue_id AND c.call_id = k.call_id AND c.entered_at = k.entered_at LIMIT 1
       ) found
     ) AS stored`,
    [
      site,
      spanProbes.map((p) => p.agentId),
      spanProbes.map((p) => time(p.from)),
      callProbes.map((c) => c.queueId),
      callProbes.map((c) => c.callId),
      callProbes.map((c) => time(c.enteredAt)),
    ],
  );
  return rows[0]?.stored === true;
}

