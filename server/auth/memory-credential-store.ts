import type { AuditEntry, CredentialStore, SessionRecord, TokenRecord, UserRecord } from './credential-store';
import type { PersonRole } from '../../shared/roles';

/** The audit entries a process keeps; older ones are dropped. */
const AUDIT_KEPT = 10_000;

/**
 * Credentials of a server without a database: one node, gone at restart (the
 * first-start admin is then made again). Same meaning as the Postgres store.
 */
export class MemoryCredentialStore implements CredentialStore {
  private readonly users = new Map<string, UserRecord>();
  private readonly sessions = new Map<string, { user: string; expiresAt: number }>();
  private readonly tokens = new Map<string, { record: TokenRecord; hash: string }>();
  private readonly entries: AuditEntry[] = [];

  async countUsers(): Promise<number> {
    return this.users.size;
  }

  async findUser(name: string): Promise<UserRecord | null> {
    return this.users.get(name) ?? null;
  }

  async listUsers(): Promise<UserRecord[]> {
    return [...this.users.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  async addUser(user: Omit<UserRecord, 'createdAt'>): Promise<boolean> {
    if (this.users.has(user.name)) return false;
    this.users.set(user.name, { ...user, createdAt: Date.now() });
    return true;
  }

  async upsertOidcUser(name: string, role: PersonRole): Promise<UserRecord | null> {
    const existing = this.users.get(name);
    if (existing?.source === 'local') return null;
    const user: UserRecord = { ...(existing ?? { name, passwordHash: null, source: 'oidc', createdAt: Date.now() }), role };
    this.users.set(name, user);
    return user;
  }

  async setPassword(name: string, passwordHash: string): Promise<boolean> {
    const user = this.users.get(name);
    if (!user) return false;
    this.users.set(name, { ...user, passwordHash });
    return true;
  }

  async removeUser(name: string): Promise<boolean> {
    await this.removeSessionsOf(name);
    return this.users.delete(name);
  }

  async addSession(idHash: string, user: string, expiresAt: number): Promise<void> {
    this.sessions.set(idHash, { user, expiresAt });
  }

  async findSession(idHash: string, now: number): Promise<SessionRecord | null> {
    const session = this.sessions.get(idHash);
    const user = session && session.expiresAt > now ? this.users.get(session.user) : undefined;
    return session && user ? { user, expiresAt: session.expiresAt } : null;
  }

  async removeSession(idHash: string): Promise<void> {
    this.sessions.delete(idHash);
  }

  async removeSessionsOf(user: string): Promise<void> {
    for (const [hash, session] of this.sessions) if (session.user === user) this.sessions.delete(hash);
  }

  async addToken(token: Omit<TokenRecord, 'createdAt'>, tokenHash: string): Promise<boolean> {
    if (this.tokens.has(token.name)) return false;
    this.tokens.set(token.name, { record: { ...token, createdAt: Date.now() }, hash: tokenHash });
    return true;
  }

  async findToken(tokenHash: string): Promise<TokenRecord | null> {
    return [...this.tokens.values()].find((token) => token.hash === tokenHash)?.record ?? null;
  }

  async listTokens(): Promise<TokenRecord[]> {
    return [...this.tokens.values()].map((token) => token.record).sort((a, b) => a.name.localeCompare(b.name));
  }

  async revokeToken(name: string): Promise<boolean> {
    return this.tokens.delete(name);
  }

  async stillValid(hashes: readonly string[], now: number): Promise<Set<string>> {
    const tokenHashes = new Set([...this.tokens.values()].map((token) => token.hash));
    return new Set(hashes.filter((hash) => tokenHashes.has(hash) || (this.sessions.get(hash)?.expiresAt ?? 0) > now));
  }

  async audit(entry: Omit<AuditEntry, 'at'>): Promise<void> {
    this.entries.push({ ...entry, at: Date.now() });
    if (this.entries.length > AUDIT_KEPT) this.entries.shift();
  }

  async auditLog(limit: number): Promise<AuditEntry[]> {
    return this.entries.slice(-limit).reverse();
  }

  async close(): Promise<void> {}
}
