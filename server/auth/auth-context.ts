import type { AuthConfig } from '../config/env-config';
import type { Accounts } from './accounts';
import type { Authenticator } from './authenticator';
import type { CredentialStore } from './credential-store';

/** What the guard, the routes and the socket check share on a server with access control on. */
export interface AuthContext {
  config: AuthConfig;
  store: CredentialStore;
  authenticator: Authenticator;
  accounts: Accounts;
  clock: () => number;
}
