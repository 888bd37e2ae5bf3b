import { createHmac, timingSafeEqual } from 'node:crypto';

/** HMAC-SHA256 over the concatenation of `parts`, each taken as raw bytes (strings as UTF-8). */
export function hmacSha256(secret: string, parts: readonly (Buffer | string)[]): Buffer {
  return hmac('sha256', secret, parts);
}

/** HMAC-SHA1, which Zammad and Help Scout still sign with (its collisions do not make an HMAC forgeable). */
export function hmacSha1(secret: string, parts: readonly (Buffer | string)[]): Buffer {
  return hmac('sha1', secret, parts);
}

function hmac(algorithm: 'sha1' | 'sha256', secret: string, parts: readonly (Buffer | string)[]): Buffer {
  const mac = createHmac(algorithm, secret);
  for (const part of parts) mac.update(part);
  return mac.digest();
}

/**
 * Constant-time comparison of a signature we computed with the one a request
 * carried. A length mismatch answers at once: the length of a digest is public,
 * its contents are not.
 */
export function signaturesEqual(expected: string, received: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(received, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * True when the received signature matches the one computed with any of the
 * secrets (several are allowed so a secret can be rotated without downtime).
 * Every secret is tried, so the time taken does not say which one matched.
 */
export function matchesAnySecret(
  secrets: readonly string[],
  received: string,
  expectedFor: (secret: string) => string,
): boolean {
  let matched = false;
  for (const secret of secrets) {
    if (signaturesEqual(expectedFor(secret), received)) matched = true;
  }
  return matched;
}
