import pg from 'pg';
import type { Registry } from 'prom-client';
import type { HistoryOp } from '../domain/live-state';
import type { EscalationRecord } from '../domain/escalations/escalation-record';
import type { TicketState } from '../domain/sla/ticket-state';
import type { Logger } from '../observability/logger';
import { insertDeadLetter } from './history-dead-letters';
import { RateLimitedLog } from '../observability/rate-limited-log';
import { retry } from '../resilience/retry';
import { factsFromEscalations, factsFromOps, factsFromTickets } from './history-facts';
import { createHistoryMetrics } from './history-metrics';
import type { Queryable } from './history-queries';
import { HistoryWriter, type HistoryWriterStatus } from './history-writer';
import { migrate } from './migrate';
import { withClient } from './pg-client';
import { BulkHistoryWriter, type BulkHistoryWriterOptions } from './bulk-history-writer';
import { writeBatch } from './write-batch';

export interface HistoryServiceOptions {
  databaseUrl: string;
  site: string;
  logger: Logger;
  /** the server's Prometheus registry */
  registry: Registry;
  /** facts held while Postgres is unreachable (default 200,000) */
  maxBuffered?: number;
  /** longest pause between write attempts during an outage (default 5 s) */
  retryMaxMs?: number;
  /** told of each fact Postgres refused and the writer set aside (history_dead_letters) */
  onDeadLetter?: (error: unknown) => void;
  /** a history query running longer is cancelled by Postgres (HISTORY_QUERY_TIMEOUT_MS; default 10 s) */
  queryTimeoutMs?: number;
  /** connections for history queries, apart from the writer's (default 2) */
  queryConnections?: number;
}

const DEFAULT_QUERY_TIMEOUT_MS = 10_000;

/**
 * History in Postgres for one site: the schema (migrated on first use), the
 * writer the aggregator feeds, and the connections the REST queries read with.
 * Postgres being down at start or later never stops the live board: writes
 * wait in the writer's buffer, queries answer 503, and the schema is migrated
 * once it is back.
 *
 * Queries have a pool of their own, small and with a statement timeout: a
 * burst of year-long reports waits for its few connections and cannot take
 * the writer's, and none runs for longer than the timeout.
 */
export class HistoryService {
  readonly writer: HistoryWriter;
  /** the writer's and the migrations' */
  private readonly pool: pg.Pool;
  /** the REST queries' */
  private readonly queryPool: pg.Pool;
  private readonly closing = new AbortController();
  private schemaRetry: Promise<void> | null = null;
  private schema: Promise<void> | null = null;
  /** why the schema could not be checked last time; null once it is in place */
  private schemaError: string | null = null;

  constructor(private readonly options: HistoryServiceOptions) {
    this.pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: 4,
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
      statement_timeout: 30_000,
      application_name: 'wallboard-history',
    });
    const queryTimeoutMs = options.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS;
    this.queryPool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.queryConnections ?? 2,
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
      statement_timeout: queryTimeoutMs,
      // a server that stops answering altogether: give up a little after Postgres would have
      query_timeout: queryTimeoutMs + 5_000,
      application_name: 'wallboard-history-queries',
    });
    // An idle connection dropped by the server (restart, outage) must not crash the process.
    const warnings = new RateLimitedLog(options.logger);
    for (const pool of [this.pool, this.queryPool]) {
      pool.on('error', (error) => warnings.warn('history-connection-lost', { err: error }, 'history database connection lost'));
    }
    this.writer = new HistoryWriter({
      write: async (facts) => {
        await this.ensureSchema();
        await withClient(this.pool, (client) => writeBatch(client, options.site, facts));
      },
      deadLetter: (fact, error) => insertDeadLetter(this.pool, options.site, fact, error),
      ...(options.onDeadLetter ? { onDeadLetter: options.onDeadLetter } : {}),
      logger: options.logger,
      metrics: createHistoryMetrics(options.registry),
      ...(options.maxBuffered !== undefined ? { maxBuffered: options.maxBuffered } : {}),
      ...(options.retryMaxMs !== undefined ? { retryMaxMs: options.retryMaxMs } : {}),
    });
  }

  /** Tries the schema now, so a healthy start is ready at once; on failure it is retried in the background until it is in place. */
  async start(): Promise<void> {
    try {
      await this.ensureSchema();
    } catch (error) {
      this.options.logger.error({ err: error }, 'history database unavailable at start; facts are held until it is back');
      this.schemaRetry = retry(() => this.ensureSchema(), {
        initialDelayMs: 500,
        maxDelayMs: 10_000,
        delayFirstAttempt: true,
        signal: this.closing.signal,
      }).catch(() => undefined);
    }
  }

  recordOps(ops: readonly HistoryOp[]): void {
    this.writer.record(factsFromOps(ops));
  }

  recordEscalations(escalations: readonly EscalationRecord[]): void {
    this.writer.record(factsFromEscalations(escalations));
  }

  recordTickets(tickets: readonly TicketState[]): void {
    this.writer.record(factsFromTickets(tickets));
  }

  /**
   * A writer for an import's many facts (COPY, one rollup at the end), on the
   * writer's connections; a chunk Postgres refuses for its data goes through
   * the live writer, which sets the refused facts aside.
   */
  bulkWriter(options: Pick<BulkHistoryWriterOptions, 'chunkFacts' | 'statementTimeoutMs' | 'maxAttempts'> = {}): BulkHistoryWriter {
    return new BulkHistoryWriter({
      ...options,
      pool: this.pool,
      site: this.options.site,
      ready: () => this.ensureSchema(),
      refused: async (facts) => {
        this.writer.record(facts);
        await this.writer.settled();
      },
    });
  }

  /** The database for queries, once the schema is in place; throws while Postgres is unreachable. */
  async reader(): Promise<Queryable> {
    await this.ensureSchema();
    return this.queryPool;
  }

  /** The `history` check of /api/health: degraded while facts are held back by an outage. */
  health(): { ok: boolean; detail: string } {
    const status: HistoryWriterStatus = this.writer.status();
    const lastWrite = status.lastWriteAt === null ? 'none yet' : new Date(status.lastWriteAt).toISOString();
    const dropped = status.dropped > 0 ? `, ${status.dropped} dropped` : '';
    const error = status.lastError ?? this.schemaError;
    if (error !== null) {
      return { ok: false, detail: `unreachable (${error}); holding ${status.buffered} facts${dropped}; last write ${lastWrite}` };
    }
    return { ok: true, detail: `${status.buffered} facts buffered${dropped}; last write ${lastWrite}` };
  }

  /** Gives the writer `graceMs` to write what it holds (see HistoryWriter.close), then closes the pools. */
  async close(graceMs?: number): Promise<void> {
    this.closing.abort();
    await this.schemaRetry;
    await this.writer.close(graceMs);
    await Promise.all([this.pool.end(), this.queryPool.end()]);
  }

  private ensureSchema(): Promise<void> {
    this.schema ??= migrate(this.pool).then(
      (applied) => {
        this.schemaError = null;
        if (applied.length > 0) this.options.logger.info({ applied }, 'history schema migrated');
      },
      (error: unknown) => {
        this.schema = null;
        this.schemaError = (error as Error).message || String(error);
        throw error;
      },
    );
    return this.schema;
  }
}

