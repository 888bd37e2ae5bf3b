import path from 'node:path';
import { loadConfig } from '../config/env-config';
import { runningEmbeddedPostgresUrl, startEmbeddedPostgres } from '../history/embedded-postgres';
import { createLogger } from '../observability/logger';
import { UsageError } from '../import/cli-support';
import { AccountError, Accounts, type Actor } from './accounts';
import { PostgresCredentialStore } from './postgres-credential-store';

export interface CommandCredentials {
  accounts: Accounts;
  store: PostgresCredentialStore;
  /** who the audit log says made the change */
  actor: Actor;
  close(): Promise<void>;
}

/**
 * The database the server keeps credentials in: DATABASE_URL; else the
 * embedded Postgres under DATA_DIR, through the socket of the server running
 * it, or started here when no server runs. A change is seen by running servers
 * at their next request (REST) or socket recheck (socket-auth.ts).
 */
export async function openCommandCredentials(): Promise<CommandCredentials> {
  const config = loadConfig(process.env, { LOG_LEVEL: 'warn' });
  const logger = createLogger(config.logLevel);
  const dataDir = path.join(config.dataDir ?? 'data', 'postgres');
  let stopEmbedded = async (): Promise<void> => undefined;
  let databaseUrl = config.databaseUrl ?? runningEmbeddedPostgresUrl(dataDir);
  if (databaseUrl === null) {
    const embedded = await startEmbeddedPostgres({ dataDir, logger });
    databaseUrl = embedded.url;
    stopEmbedded = () => embedded.stop();
  }
  const store = new PostgresCredentialStore(databaseUrl);
  return {
    accounts: new Accounts(store),
    store,
    actor: { name: `cli:${process.env.USER ?? 'unknown'}`, address: 'command line' },
    async close() {
      await store.close();
      await stopEmbedded();
    },
  };
}

/** Runs `work` on the server's credentials, then closes them; an account's refusal (a taken name) is a usage error. */
export async function withCommandCredentials(work: (open: CommandCredentials) => Promise<void>): Promise<void> {
  const open = await openCommandCredentials();
  try {
    await work(open);
  } catch (error) {
    if (error instanceof AccountError) throw new UsageError(error.message);
    throw error;
  } finally {
    await open.close();
  }
}

/** A password from stdin (`--password-stdin`): the first line, without its line ending. */
export async function passwordFromStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}
