/**
 * Whether Postgres refused a write because of what a fact holds, so that
 * writing the batch again cannot help but writing it without that fact can:
 * SQLSTATE class 22 (data exception: a NUL in text is 22021 "invalid byte
 * sequence", 22P05 in jsonb, an out-of-range value 22003 ...) and class 23
 * (integrity constraint violation: a CHECK, NOT NULL ...), and our own
 * RangeError / TypeError while building the statement from a malformed fact.
 * Anything else (connection failures, timeouts, deadlocks, a missing column
 * after a bad deploy) is not the data's fault: the batch is retried whole.
 */
export function isRefusedData(error: unknown): boolean {
  if (error instanceof RangeError || error instanceof TypeError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^2[23][0-9A-Z]{3}$/.test(code);
}
