import { createHash, randomBytes } from 'node:crypto';

/**
 * Secrets handed out (session ids, tokens, generated passwords) and the form
 * they are stored in: SHA-256 hex, so the tables open nothing when leaked. The
 * secrets are 32 random bytes: a fast hash is enough, unlike passwords.
 */
export function newSecret(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** A password to print once: 20 letters and digits in groups, easy to type from a log. */
export function generatedPassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(20);
  const chars = [...bytes].map((byte) => alphabet[byte % alphabet.length]);
  return [0, 5, 10, 15].map((at) => chars.slice(at, at + 5).join('')).join('-');
}
