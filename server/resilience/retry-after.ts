/** what a 429 without a readable Retry-After waits */
const DEFAULT_RETRY_AFTER_MS = 60_000;

/**
 * The wait a Retry-After header asks for (RFC 9110 10.2.3: delay-seconds or an
 * HTTP date), at most `maxMs`; DEFAULT_RETRY_AFTER_MS when absent or unreadable.
 */
export function retryAfterMs(header: string | null, now: number, maxMs: number): number {
  const trimmed = header?.trim() ?? '';
  let wait = DEFAULT_RETRY_AFTER_MS;
  if (/^\d+$/.test(trimmed)) wait = Number(trimmed) * 1000;
  else if (trimmed !== '') {
    const at = Date.parse(trimmed);
    if (!Number.isNaN(at)) wait = Math.max(0, at - now);
  }
  return Math.min(wait, maxMs);
}
