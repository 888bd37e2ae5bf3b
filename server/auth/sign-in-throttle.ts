/**
 * Failed sign-ins per account and per address. After its free failures in a
 * row (an account 5, an address 20: an office behind one NAT shares it) a key is locked for LOCK_MS, doubling with each further failure up to
 * MAX_LOCK_MS: a guesser gets a few tries an hour, a person who mistyped waits
 * a minute (the sign-in page says how long), and a success clears the
 * account. An admin's `users passwd` also ends the account's lock. Time is a
 * parameter; the counts live in the process (each node counts its own).
 */
const FREE_FAILURES = { account: 5, address: 20 };
const LOCK_MS = 60_000;
const MAX_LOCK_MS = 15 * 60_000;
/** a key not failing for this long is forgotten */
const FORGET_MS = 60 * 60_000;
const MAX_KEYS = 100_000;
const ADDRESS = 'addr:';

interface Failures {
  count: number;
  lastAt: number;
  lockedUntil: number;
}

export class SignInThrottle {
  private readonly keys = new Map<string, Failures>();

  /** ms until `keys` may try again; 0 when none is locked */
  waitMs(keys: readonly string[], now: number): number {
    return Math.max(0, ...keys.map((key) => (this.keys.get(key)?.lockedUntil ?? 0) - now));
  }

  failed(keys: readonly string[], now: number): void {
    for (const key of keys) {
      const previous = this.keys.get(key);
      const count = previous && now - previous.lastAt < FORGET_MS ? previous.count + 1 : 1;
      const over = count - (key.startsWith(ADDRESS) ? FREE_FAILURES.address : FREE_FAILURES.account);
      const lockedUntil = over >= 0 ? now + Math.min(MAX_LOCK_MS, LOCK_MS * 2 ** over) : 0;
      this.keys.delete(key);
      this.keys.set(key, { count, lastAt: now, lockedUntil });
    }
    // the oldest first in a Map's order: a flood of addresses cannot grow it without bound
    while (this.keys.size > MAX_KEYS) this.keys.delete(this.keys.keys().next().value!);
  }

  succeeded(key: string): void {
    this.keys.delete(key);
  }
}

export const accountKey = (name: string): string => `user:${name.toLowerCase()}`;
export const addressKey = (address: string): string => `${ADDRESS}${address}`;
