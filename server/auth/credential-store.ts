import type { PersonRole, TokenRole } from '../../shared/roles';

/**
 * Where users, sessions, tokens and the audit log are kept: Postgres
 * (postgres-credential-store.ts, the history database) or, for a server
 * without a database, the process (memory-credential-store.ts). Secrets arrive
 * here already hashed (secret-token.ts, password-hash.ts).
 */

export interface UserRecord {
  name: string;
  role: PersonRole;
  passwordHash: string | null;
  source: 'local' | 'oidc';
  createdAt: number;
}

export interface TokenRecord {
  name: string;
  role: TokenRole;
  board: string | null;
  createdAt: number;
}

export interface SessionRecord {
  user: UserRecord;
  expiresAt: number;
}

export interface AuditEntry {
  at: number;
  /** the user or token name; null when nobody was signed in */
  actor: string | null;
  action: string;
  target: string | null;
  /** the client's address as the server sees it (TRUST_PROXY) */
  address: string | null;
  detail: string | null;
}

export interface CredentialStore {
  countUsers(): Promise<number>;
  findUser(name: string): Promise<UserRecord | null>;
  listUsers(): Promise<UserRecord[]>;
  /** false when the name is taken */
  addUser(user: Omit<UserRecord, 'createdAt'>): Promise<boolean>;
  /** an OIDC person's role follows the IdP at each sign-in; null when a local user has the name */
  upsertOidcUser(name: string, role: PersonRole): Promise<UserRecord | null>;
  setPassword(name: string, passwordHash: string): Promise<boolean>;
  removeUser(name: string): Promise<boolean>;

  addSession(idHash: string, user: string, expiresAt: number): Promise<void>;
  findSession(idHash: string, now: number): Promise<SessionRecord | null>;
  removeSession(idHash: string): Promise<void>;
  /** sign-out everywhere, a password change, a removed user */
  removeSessionsOf(user: string): Promise<void>;

  /** false when the name is taken */
  addToken(token: Omit<TokenRecord, 'createdAt'>, tokenHash: string): Promise<boolean>;
  findToken(tokenHash: string): Promise<TokenRecord | null>;
  listTokens(): Promise<TokenRecord[]>;
  revokeToken(name: string): Promise<boolean>;

  audit(entry: Omit<AuditEntry, 'at'>): Promise<void>;
  /** newest first */
  auditLog(limit: number): Promise<AuditEntry[]>;

  /**
   * Which of these secret hashes (tokens, session ids) still open the board:
   * what open sockets are checked against every few seconds, on every node.
   */
  stillValid(hashes: readonly string[], now: number): Promise<Set<string>>;
  close(): Promise<void>;
}
