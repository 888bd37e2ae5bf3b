import pg from 'pg';
import type { Registry } from 'prom-client';
import type { HistoryOp } from '../domain/live-state';
import type { TicketState } from '../domain/sla/ticket-state';
import type { Logger } from '../observability/logger';
import { insertDeadLetter } from './history-dead-letters';
import { factsFromOps, factsFromTickets } from './history-facts';
import { createHistoryMetrics } from './history-metrics';
import type { Queryable } from './history-queries';
import { HistoryWriter, type HistoryWriterStatus } from './history-writer';
import { migrate } from './migrate';
import { withClient } from './pg-client';
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
}

/**
 * History in Postgres for one site: the schema (migrated on first use), the
 * writer the aggregator feeds, and the connection the REST queries read with.
 * Postgres being down at start or later never stops the live board: writes
 * wait in the writer's buffer, queries answer 503.
 */
export class HistoryService {
  readonly writer: HistoryWriter;
  private readonly pool: pg.Pool;
  private schema: Promise<void> | null = null;

  constructor(private readonly options: HistoryServiceOptions) {
    this.pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: 4,
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
      statement_timeout: 30_000,
      application_name: 'wallboard-history',
    });
    // An idle connection dropped by the server (restart, outage) must not crash the process.
    this.pool.on('error', (error) => options.logger.warn({ err: error }, 'history database connection lost'));
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

  /** Tries the schema now, so a healthy start is ready at once; a failure is logged and retried on use. */
  async start(): Promise<void> {
    try {
      await this.ensureSchema();
    } catch (error) {
      this.options.logger.error({ err: error }, 'history database unavailable at start; facts are held until it is back');
    }
  }

  recordOps(ops: readonly HistoryOp[]): void {
    this.writer.record(factsFromOps(ops));
  }

  recordTickets(tickets: readonly TicketState[]): void {
    this.writer.record(factsFromTickets(tickets));
  }

  /** The database for queries, once the schema is in place; throws while Postgres is unreachable. */
  async reader(): Promise<Queryable> {
    await this.ensureSchema();
    return this.pool;
  }

  /** The `history` check of /api/health: degraded while facts are held back by an outage. */
  health(): { ok: boolean; detail: string } {
    const status: HistoryWriterStatus = this.writer.status();
    const lastWrite = status.lastWriteAt === null ? 'none yet' : new Date(status.lastWriteAt).toISOString();
    const dropped = status.dropped > 0 ? `, ${status.dropped} dropped` : '';
    if (status.lastError !== null) {
      return { ok: false, detail: `unreachable (${status.lastError}); holding ${status.buffered} facts${dropped}; last write ${lastWrite}` };
    }
    return { ok: true, detail: `${status.buffered} facts buffered${dropped}; last write ${lastWrite}` };
  }

  /** Gives the writer `graceMs` to write what it holds (see HistoryWriter.close), then closes the pool. */
  async close(graceMs?: number): Promise<void> {
    await this.writer.close(graceMs);
    await this.pool.end();
  }

  private ensureSchema(): Promise<void> {
    this.schema ??= migrate(this.pool).then(
      (applied) => {
        if (applied.length > 0) this.options.logger.info({ applied }, 'history schema migrated');
      },
      (error: unknown) => {
        this.schema = null;
        throw error;
      },
    );
    return this.schema;
  }
}

