import { Registry } from 'prom-client';
import { HistoryService } from '../../server/history/history-service';
import { createLogger } from '../../server/observability/logger';
import { freshDatabaseUrl } from './services';

/** A started history on a Postgres database of its own (named after the test), logging nothing. */
export async function startTestHistory(databaseName: string, site: string): Promise<HistoryService> {
  const history = new HistoryService({
    databaseUrl: await freshDatabaseUrl(databaseName),
    site,
    logger: createLogger('silent'),
    registry: new Registry(),
  });
  await history.start();
  return history;
}
