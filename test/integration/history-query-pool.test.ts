import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { HistoryService } from '../../server/history/history-service';
import { createLogger } from '../../server/observability/logger';
import { freshDatabaseUrl } from '../support/services';
import { call, moscow } from '../unit/history/history-test-kit';

/** History queries run on connections of their own: a burst of long reports cannot hold up the writer. */

let history: HistoryService | null = null;
afterEach(async () => {
  await history?.close();
  history = null;
});

describe('history queries apart from the writer', () => {
  it('writes facts while more long queries run than the query connections can take', async () => {
    history = new HistoryService({
      databaseUrl: await freshDatabaseUrl('history_pool'),
      site: 'pool',
      logger: createLogger('silent'),
      registry: new Registry(),
      queryConnections: 2,
    });
    await history.start();
    const db = await history.reader();
    let queriesDone = 0;
    // as many as the one shared pool of 4 had: the writer had to wait for them all
    const queries = Array.from({ length: 4 }, () => db.query('SELECT pg_sleep(2)').then(() => queriesDone++));

    history.writer.record([call('sales', 'during-reports', moscow('2026-11-23', '09:00'))]);
    await history.writer.settled();
    expect(history.writer.status().lastWriteAt).not.toBeNull();
    // written while every report was still running or waiting for a query connection
    expect(queriesDone).toBe(0);
    await Promise.all(queries);
  });

  it('cancels a query that runs past the timeout with SQLSTATE 57014', async () => {
    history = new HistoryService({
      databaseUrl: await freshDatabaseUrl('history_pool'),
      site: 'pool',
      logger: createLogger('silent'),
      registry: new Registry(),
      queryTimeoutMs: 200,
    });
    const db = await history.reader();
    await expect(db.query('SELECT pg_sleep(5)')).rejects.toMatchObject({ code: '57014' });
  });
});
