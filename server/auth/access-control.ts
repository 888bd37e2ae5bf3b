import type { AuthConfig } from '../config/env-config';
import type { Logger } from '../observability/logger';
import { Accounts } from './accounts';
import type { AuthContext } from './auth-context';
import { Authenticator } from './authenticator';
import type { CredentialStore } from './credential-store';
import { MemoryCredentialStore } from './memory-credential-store';
import { PostgresCredentialStore } from './postgres-credential-store';

/**
 * Access control for a server: null with AUTH=off (said loudly), else the
 * credentials in the history database, or in the process without one.
 */
export function accessControl(config: AuthConfig, databaseUrl: string | null, logger: Logger, clock: () => number = Date.now): AuthContext | null {
  if (!config.enabled) {
    logger.warn('AUTH=off: ACCESS CONTROL IS OFF. Anyone who reaches this port sees the board, history and plan and can change settings. For a private demo only.');
    return null;
  }
  if (databaseUrl === null) {
    logger.warn('no database: users, sessions and tokens are kept in this process only and are lost at restart');
  }
  const store: CredentialStore = databaseUrl ? new PostgresCredentialStore(databaseUrl) : new MemoryCredentialStore();
  return {
    config,
    store,
    authenticator: new Authenticator(store, config.sessionTtlMs, clock),
    accounts: new Accounts(store),
    clock,
  };
}
