import type { CredentialStore, UserRecord } from './credential-store';
import { dummyHash, verifyPassword } from './password-hash';
import { CredentialRefused, type Principal } from './principal';
import { hashSecret, newSecret } from './secret-token';
import { accountKey, addressKey, SignInThrottle } from './sign-in-throttle';
import { TOKEN_PREFIX } from './accounts';

/** Session ids start so; a cookie that does not look like one was not made here. */
const SESSION_PREFIX = 'wbs_';
const SECRET_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export interface SignInResult {
  ok: boolean;
  /** for a refusal: what the sign-in page shows */
  message?: string;
  retryAfterMs?: number;
}

export interface StartedSession {
  /** the cookie's value */
  sessionId: string;
  expiresAt: number;
}

/**
 * Turns what a client presents (a password, a session cookie, a token) into a
 * Principal, and says clearly why when it cannot. Passwords are checked with
 * the sign-in throttle (per account and per address) in front.
 */
export class Authenticator {
  readonly throttle = new SignInThrottle();

  constructor(
    private readonly store: CredentialStore,
    private readonly sessionTtlMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  async checkPassword(name: string, password: string, address: string): Promise<SignInResult & { user?: UserRecord }> {
    const now = this.clock();
    const keys = [accountKey(name), addressKey(address)];
    const wait = this.throttle.waitMs(keys, now);
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      return { ok: false, retryAfterMs: wait, message: `too many failed sign-ins: try again in ${seconds} s, or ask an admin to set a new password` };
    }
    const user = await this.store.findUser(name);
    // an unknown name costs the same scrypt as a wrong password: timing does not tell which names exist
    const matches = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
    if (!user || !user.passwordHash || !matches) {
      this.throttle.failed(keys, now);
      return { ok: false, message: 'wrong user name or password' };
    }
    this.throttle.succeeded(accountKey(name));
    return { ok: true, user };
  }

  async startSession(user: string): Promise<StartedSession> {
    const sessionId = newSecret(SESSION_PREFIX);
    const expiresAt = this.clock() + this.sessionTtlMs;
    await this.store.addSession(hashSecret(sessionId), user, expiresAt);
    return { sessionId, expiresAt };
  }

  async endSession(sessionId: string): Promise<void> {
    await this.store.removeSession(hashSecret(sessionId));
  }

  async fromSession(sessionId: string): Promise<Principal> {
    if (!looksLike(sessionId, SESSION_PREFIX)) throw new CredentialRefused('this session cookie was not issued here', 403);
    const secretHash = hashSecret(sessionId);
    const session = await this.store.findSession(secretHash, this.clock());
    if (!session) throw new CredentialRefused('your session has expired or was ended: sign in again', 401);
    return { kind: 'user', name: session.user.name, role: session.user.role, board: null, secretHash, via: 'session' };
  }

  async fromToken(token: string): Promise<Principal> {
    if (!looksLike(token, TOKEN_PREFIX)) throw new CredentialRefused('this is not a wallboard token', 401);
    const secretHash = hashSecret(token);
    const record = await this.store.findToken(secretHash);
    if (!record) throw new CredentialRefused('this token is unknown or was revoked: ask an admin for a new one', 401);
    return { kind: 'token', name: record.name, role: record.role, board: record.board, secretHash, via: 'token' };
  }
}

function looksLike(secret: string, prefix: string): boolean {
  return secret.startsWith(prefix) && SECRET_SHAPE.test(secret.slice(prefix.length));
}
