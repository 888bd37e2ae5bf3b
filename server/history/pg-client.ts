import type pg from 'pg';

/**
 * Runs work on one pooled client. A connection that dies between two queries
 * makes pg emit 'error' on the client, which would end the process unheard:
 * the failure surfaces through the next query instead. A client whose work
 * failed may have lost its connection, so it is discarded, not reused.
 */
export async function withClient<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  const ignore = (): void => undefined;
  client.on('error', ignore);
  let failure: Error | undefined;
  try {
    return await work(client);
  } catch (error) {
    failure = error instanceof Error ? error : new Error(String(error));
    throw error;
  } finally {
    client.off('error', ignore);
    client.release(failure);
  }
}
