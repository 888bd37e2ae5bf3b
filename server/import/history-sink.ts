import path from 'node:path';
import { Registry } from 'prom-client';
import type { WallboardConfig } from '../config/env-config';
import type { HistoryOp } from '../domain/live-state';
import { startEmbeddedPostgres } from '../history/embedded-postgres';
import { factsFromOps } from '../history/history-facts';
import { HistoryService } from '../history/history-service';
import type { Logger } from '../observability/logger';

/**
 * Where an import's history facts go: the history service's bulk writer
 * (COPY in chunks, set-based upserts, the interval rollup once per flush for
 * what the chunks touched). `record` resolves once the writer has room (the
 * importer is paced by Postgres); `flush` resolves once every fact recorded so
 * far is committed and rolled up, and rejects with the reason when the import
 * cannot go on (HistoryImportError).
 */
export interface HistorySink {
  record(ops: readonly HistoryOp[]): Promise<void>;
  /** resolves once every fact recorded so far is in Postgres, interval rollups included */
  flush(): Promise<void>;
}

export function historySink(history: HistoryService, options: Parameters<HistoryService['bulkWriter']>[0] = {}): HistorySink {
  const writer = history.bulkWriter(options);
  return {
    record: (ops) => (ops.length === 0 ? Promise.resolve() : writer.record(factsFromOps(ops))),
    flush: () => writer.flush(),
  };
}

export interface OpenHistory {
  history: HistoryService;
  /** the database the facts go to, without credentials (for the summary) */
  target: string;
  close(): Promise<void>;
}

/**
 * The history database the server uses: DATABASE_URL, or without it the
 * embedded Postgres with its data under DATA_DIR (started here, stopped on
 * close). Fails at once, with the reason, when the database cannot be reached
 * or migrated: an import has nowhere else to put its rows.
 */
export async function openHistory(config: WallboardConfig, site: string, logger: Logger): Promise<OpenHistory> {
  let databaseUrl = config.databaseUrl;
  let stopEmbedded = async (): Promise<void> => undefined;
  let target: string;
  if (databaseUrl) {
    const url = new URL(databaseUrl);
    target = `${url.hostname || 'localhost'}${url.port ? `:${url.port}` : ''}${url.pathname}`;
  } else {
    const dataDir = path.join(config.dataDir ?? 'data', 'postgres');
    try {
      const embedded = await startEmbeddedPostgres({ dataDir, logger });
      databaseUrl = embedded.url;
      stopEmbedded = () => embedded.stop();
    } catch (error) {
      throw new Error(
        `${(error as Error).message}\n(the embedded Postgres in ${dataDir} may be running already, inside the wallboard server: ` +
          'stop the server first, or set DATABASE_URL)',
        { cause: error },
      );
    }
    target = `embedded Postgres in ${dataDir}`;
  }
  const history = new HistoryService({ databaseUrl, site, logger, registry: new Registry() });
  try {
    // reader() migrates the schema or throws: the check that the database is there.
    await history.reader();
  } catch (error) {
    await history.close();
    await stopEmbedded();
    throw new Error(`history database (${target}) unavailable: ${(error as Error).message}`, { cause: error });
  }
  return {
    history,
    target,
    async close() {
      await history.close();
      await stopEmbedded();
    },
  };
}
