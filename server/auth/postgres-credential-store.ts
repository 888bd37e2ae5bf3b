import pg from 'pg';
import { migrate } from '../history/migrate';
import type { AuditEntry, CredentialStore, SessionRecord, TokenRecord, UserRecord } from './credential-store';
import type { PersonRole, TokenRole } from '../../shared/roles';

interface UserRow {
  name: string;
  role: PersonRole;
  password_hash: string | null;
  source: 'local' | 'oidc';
  created_at: Date;
}

interface TokenRow {
  name: string;
  role: TokenRole;
  board: string | null;
  created_at: Date;
}

const userOf = (row: UserRow): UserRecord => ({
  name: row.name,
  role: row.role,
  passwordHash: row.password_hash,
  source: row.source,
  createdAt: row.created_at.getTime(),
});

const tokenOf = (row: TokenRow): TokenRecord => ({ name: row.name, role: row.role, board: row.board, createdAt: row.created_at.getTime() });

/** Users, sessions, tokens and the audit log in the history database (migration 6), on a small pool of its own. */
export class PostgresCredentialStore implements CredentialStore {
  private readonly pool: pg.Pool;
  private schema: Promise<unknown> | null = null;

  constructor(databaseUrl: string) {
    this.pool = new pg.Pool({ connectionString: databaseUrl, max: 3, connectionTimeoutMillis: 5_000, statement_timeout: 5_000 });
    // an idle client lost with the database: the next query opens another
    this.pool.on('error', () => undefined);
  }

  private async query<R extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<pg.QueryResult<R>> {
    this.schema ??= migrate(this.pool).catch((error: unknown) => {
      this.schema = null;
      throw error;
    });
    await this.schema;
    return this.pool.query<R>(sql, values);
  }

  async countUsers(): Promise<number> {
    const { rows } = await this.query<{ n: number }>('SELECT count(*)::int AS n FROM auth_users');
    return rows[0]?.n ?? 0;
  }

  async findUser(name: string): Promise<UserRecord | null> {
    const { rows } = await this.query<UserRow>('SELECT * FROM auth_users WHERE name = $1', [name]);
    return rows[0] ? userOf(rows[0]) : null;
  }

  async listUsers(): Promise<UserRecord[]> {
    return (await this.query<UserRow>('SELECT * FROM auth_users ORDER BY name')).rows.map(userOf);
  }

  async addUser(user: Omit<UserRecord, 'createdAt'>): Promise<boolean> {
    const { rowCount } = await this.query(
      'INSERT INTO auth_users (name, role, password_hash, source) VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO NOTHING',
      [user.name, user.role, user.passwordHash, user.source],
    );
    return rowCount === 1;
  }

  async upsertOidcUser(name: string, role: PersonRole): Promise<UserRecord | null> {
    const { rows } = await this.query<UserRow>(
      `INSERT INTO auth_users (name, role, source) VALUES ($1, $2, 'oidc')
       ON CONFLICT (name) DO UPDATE SET role = EXCLUDED.role WHERE auth_users.source = 'oidc' RETURNING *`,
      [name, role],
    );
    return rows[0] ? userOf(rows[0]) : null;
  }

  async setPassword(name: string, passwordHash: string): Promise<boolean> {
    const { rowCount } = await this.query('UPDATE auth_users SET password_hash = $2 WHERE name = $1', [name, passwordHash]);
    return rowCount === 1;
  }

  async removeUser(name: string): Promise<boolean> {
    const { rowCount } = await this.query('DELETE FROM auth_users WHERE name = $1', [name]);
    return rowCount === 1;
  }

  async addSession(idHash: string, user: string, expiresAt: number): Promise<void> {
    await this.query('INSERT INTO auth_sessions (id_hash, user_name, expires_at) VALUES ($1, $2, $3)', [idHash, user, new Date(expiresAt)]);
  }

  async findSession(idHash: string, now: number): Promise<SessionRecord | null> {
    const { rows } = await this.query<UserRow & { expires_at: Date }>(
      `SELECT u.*, s.expires_at FROM auth_sessions s JOIN auth_users u ON u.name = s.user_name
       WHERE s.id_hash = $1 AND s.expires_at > $2`,
      [idHash, new Date(now)],
    );
    return rows[0] ? { user: userOf(rows[0]), expiresAt: rows[0].expires_at.getTime() } : null;
  }

  async removeSession(idHash: string): Promise<void> {
    await this.query('DELETE FROM auth_sessions WHERE id_hash = $1', [idHash]);
  }

  async removeSessionsOf(user: string): Promise<void> {
    await this.query('DELETE FROM auth_sessions WHERE user_name = $1', [user]);
  }

  async addToken(token: Omit<TokenRecord, 'createdAt'>, tokenHash: string): Promise<boolean> {
    const { rowCount } = await this.query(
      'INSERT INTO auth_tokens (name, token_hash, role, board) VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO NOTHING',
      [token.name, tokenHash, token.role, token.board],
    );
    return rowCount === 1;
  }

  async findToken(tokenHash: string): Promise<TokenRecord | null> {
    const { rows } = await this.query<TokenRow>('SELECT * FROM auth_tokens WHERE token_hash = $1', [tokenHash]);
    return rows[0] ? tokenOf(rows[0]) : null;
  }

  async listTokens(): Promise<TokenRecord[]> {
    return (await this.query<TokenRow>('SELECT * FROM auth_tokens ORDER BY name')).rows.map(tokenOf);
  }

  async revokeToken(name: string): Promise<boolean> {
    const { rowCount } = await this.query('DELETE FROM auth_tokens WHERE name = $1', [name]);
    return rowCount === 1;
  }

  async stillValid(hashes: readonly string[], now: number): Promise<Set<string>> {
    if (hashes.length === 0) return new Set();
    const { rows } = await this.query<{ hash: string }>(
      `SELECT token_hash AS hash FROM auth_tokens WHERE token_hash = ANY($1)
       UNION ALL SELECT id_hash FROM auth_sessions WHERE id_hash = ANY($1) AND expires_at > $2`,
      [hashes, new Date(now)],
    );
    return new Set(rows.map((row) => row.hash));
  }

  async audit(entry: Omit<AuditEntry, 'at'>): Promise<void> {
    await this.query('INSERT INTO auth_audit (actor, action, target, address, detail) VALUES ($1, $2, $3, $4, $5)', [
      entry.actor,
      entry.action,
      entry.target,
      entry.address,
      entry.detail,
    ]);
  }

  async auditLog(limit: number): Promise<AuditEntry[]> {
    const { rows } = await this.query<Omit<AuditEntry, 'at'> & { at: Date }>(
      'SELECT at, actor, action, target, address, detail FROM auth_audit ORDER BY id DESC LIMIT $1',
      [limit],
    );
    return rows.map((row) => ({ ...row, at: row.at.getTime() }));
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
