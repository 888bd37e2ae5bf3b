import { CSRF_HEADER, csrfTokenFor, SESSION_COOKIE } from '../../server/auth/auth-cookies';
import { Accounts } from '../../server/auth/accounts';
import type { AuthContext } from '../../server/auth/auth-context';
import { Authenticator } from '../../server/auth/authenticator';
import { DEFAULT_AUTH_CONFIG } from '../../server/config/env-config';
import { PostgresCredentialStore } from '../../server/auth/postgres-credential-store';
import type { Role } from '../../shared/roles';
import { registerSecrets } from './run-log';

export interface TestCredentials {
  /** HTTP headers that sign a request in: `fetch(url, { headers: creds.headers })` */
  headers: Record<string, string>;
  /** socket.io client options: `io(url, { ...creds.socket })` */
  socket: { auth?: { token: string }; extraHeaders?: Record<string, string> };
  /** the token's secret (viewer, metrics) or the session id (people) */
  secret: string;
  name: string;
}

let minted = 0;

/** A server started in the test (its credential store), or server processes sharing a test database. */
export type TestServer = { auth: AuthContext | null } | { databaseUrl: string };

/**
 * Credentials of `role` on a test server, minted in its credential store (the
 * test database, or the process's). viewer and metrics are tokens (Bearer);
 * manager and admin are people with a session (cookie and CSRF header), as a
 * browser would hold them. `board` limits a viewer token to one board.
 */
export async function credentialsFor(server: TestServer, role: Role, board: string | null = null): Promise<TestCredentials> {
  if ('databaseUrl' in server) {
    const store = new PostgresCredentialStore(server.databaseUrl);
    const auth = { store, accounts: new Accounts(store), authenticator: new Authenticator(store, DEFAULT_AUTH_CONFIG.sessionTtlMs) };
    try {
      return await mint(auth, role, board);
    } finally {
      await store.close();
    }
  }
  return server.auth ? mint(server.auth, role, board) : { headers: {}, socket: {}, secret: '', name: 'anyone' };
}

async function mint(auth: Pick<AuthContext, 'accounts' | 'authenticator'>, role: Role, board: string | null): Promise<TestCredentials> {
  const name = `test-${role}-${process.pid}-${++minted}`;
  const actor = { name: 'test', address: null };
  if (role === 'viewer' || role === 'metrics') {
    const token = await auth.accounts.createToken(actor, name, role, board);
    registerSecrets(token);
    return { headers: { authorization: `Bearer ${token}` }, socket: { auth: { token } }, secret: token, name };
  }
  await auth.accounts.addUser(actor, name, role, `password-of-${name}`);
  const { sessionId } = await auth.authenticator.startSession(name);
  registerSecrets(`password-of-${name}`, sessionId, csrfTokenFor(sessionId));
  const cookie = `${SESSION_COOKIE}=${sessionId}`;
  return { headers: { cookie, [CSRF_HEADER]: csrfTokenFor(sessionId) }, socket: { extraHeaders: { cookie } }, secret: sessionId, name };
}

const cached = new WeakMap<object, Map<string, Promise<TestCredentials>>>();

/**
 * `fetch` of a path on a test server signed in as `role` (admin unless told),
 * minting the credentials once per server and role: for tests about something
 * other than access control. Extra headers in `init` are kept.
 */
export async function signedFetch(server: TestServer & { url: string }, path: string, init: RequestInit = {}, role: Role = 'admin'): Promise<Response> {
  let byRole = cached.get(server);
  if (!byRole) cached.set(server, (byRole = new Map()));
  let credentials = byRole.get(role);
  if (!credentials) byRole.set(role, (credentials = credentialsFor(server, role)));
  const { headers } = await credentials;
  return fetch(`${server.url}${path}`, { ...init, headers: { ...headers, ...(init.headers as Record<string, string> | undefined) } });
}
