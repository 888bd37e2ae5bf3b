import type { CredentialStore, TokenRecord, UserRecord } from './credential-store';
import { hashPassword } from './password-hash';
import type { PersonRole, TokenRole } from '../../shared/roles';
import { generatedPassword, hashSecret, newSecret } from './secret-token';

/** Token secrets start so: a leaked one is recognisable (secret scanners), and told from a session id. */
export const TOKEN_PREFIX = 'wbt_';

const NAME = /^[A-Za-z0-9._@-]{1,64}$/;

export class AccountError extends Error {}

/** Who made a change, for the audit log. */
export interface Actor {
  name: string | null;
  address: string | null;
}

/**
 * Users and tokens as the CLI and the admin pages change them: the one place
 * that hashes what is stored, ends sessions a change must end, and writes the
 * audit entry of every change.
 */
export class Accounts {
  constructor(private readonly store: CredentialStore) {}

  /** Adds a person; returns the password (the one given, or a generated one to show once). */
  async addUser(actor: Actor, name: string, role: PersonRole, password?: string): Promise<string> {
    checkName(name);
    const chosen = password ?? generatedPassword();
    checkPassword(chosen);
    if (!(await this.store.addUser({ name, role, passwordHash: await hashPassword(chosen), source: 'local' }))) {
      throw new AccountError(`a user named "${name}" exists already`);
    }
    await this.audit(actor, 'user-added', name, `role ${role}`);
    return chosen;
  }

  listUsers(): Promise<UserRecord[]> {
    return this.store.listUsers();
  }

  async removeUser(actor: Actor, name: string): Promise<void> {
    if (!(await this.store.removeUser(name))) throw new AccountError(`no user named "${name}"`);
    await this.audit(actor, 'user-removed', name);
  }

  /** Sets a new password (given or generated, returned) and ends the user's sessions. */
  async setPassword(actor: Actor, name: string, password?: string): Promise<string> {
    const chosen = password ?? generatedPassword();
    checkPassword(chosen);
    if (!(await this.store.setPassword(name, await hashPassword(chosen)))) throw new AccountError(`no user named "${name}"`);
    await this.store.removeSessionsOf(name);
    await this.audit(actor, 'password-set', name);
    return chosen;
  }

  /** Creates a token; returns its secret, shown once (only its hash is kept). */
  async createToken(actor: Actor, name: string, role: TokenRole, board: string | null): Promise<string> {
    checkName(name);
    if (board !== null && role !== 'viewer') throw new AccountError('only a viewer token can be limited to a board');
    const secret = newSecret(TOKEN_PREFIX);
    if (!(await this.store.addToken({ name, role, board }, hashSecret(secret)))) {
      throw new AccountError(`a token named "${name}" exists already`);
    }
    await this.audit(actor, 'token-created', name, `role ${role}${board ? `, board ${board}` : ''}`);
    return secret;
  }

  listTokens(): Promise<TokenRecord[]> {
    return this.store.listTokens();
  }

  /** Revokes a token: REST refuses it at once, its sockets are closed within seconds (socket-auth.ts). */
  async revokeToken(actor: Actor, name: string): Promise<void> {
    if (!(await this.store.revokeToken(name))) throw new AccountError(`no token named "${name}"`);
    await this.audit(actor, 'token-revoked', name);
  }

  private audit(actor: Actor, action: string, target: string, detail: string | null = null): Promise<void> {
    return this.store.audit({ actor: actor.name, address: actor.address, action, target, detail });
  }
}

function checkName(name: string): void {
  if (!NAME.test(name)) throw new AccountError(`"${name}" is not a name: 1-64 letters, digits, . _ @ -`);
}

function checkPassword(password: string): void {
  if (password.length < 10) throw new AccountError('a password needs at least 10 characters');
  if (password.length > 1024) throw new AccountError('a password of more than 1024 characters is refused');
}
