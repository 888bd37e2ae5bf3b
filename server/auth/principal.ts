import type { Role } from '../../shared/roles';

/** Who a request or socket acts as. */
export interface Principal {
  kind: 'user' | 'token';
  name: string;
  role: Role;
  /** a board token limited to one board */
  board: string | null;
  /** the stored hash of the secret it presented: what revocation is checked against */
  secretHash: string;
  /** a session cookie (ambient: CSRF-checked) or a token (Bearer, or the kiosk cookie) */
  via: 'session' | 'token';
}

/** A credential was presented and does not hold: 401, or 403 when it cannot be ours (a forged cookie). */
export class CredentialRefused extends Error {
  constructor(
    message: string,
    readonly status: 401 | 403,
  ) {
    super(message);
  }
}
