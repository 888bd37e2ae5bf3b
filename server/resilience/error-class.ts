/**
 * Whether a failed store write can succeed if tried again. The aggregator
 * retries a transient failure and dead-letters a permanent one
 * (server/resilience/dead-letters.ts) so that one poison batch cannot stall the
 * pipeline.
 *
 * Permanent: our own input checks (RangeError, TypeError: store-input-checks.ts,
 * live-record-check.ts, or a bug on the data's path) and any refusal Redis
 * answered that is not on the transient list (WRONGTYPE, ERR wrong number of
 * arguments, ERR value is not an integer, script errors, EXECABORT). The
 * transient list is what a healthy server answers while it is loading, failing
 * over, resharding or short of memory, and access refusals an operator fixes
 * for every batch at once (the batches wait rather than all being lost).
 * Everything else (sockets, timeouts, ioredis' own "Connection is closed",
 * errors we do not know) is transient: retrying is the safe default for data.
 */

export type ErrorClass = 'transient' | 'permanent';

/** Redis error prefixes that a retry can get past. */
const TRANSIENT_REDIS_REPLIES = /^(LOADING|READONLY|TRYAGAIN|CLUSTERDOWN|MASTERDOWN|BUSY|OOM|MOVED|ASK|NOAUTH|NOPERM|WRONGPASS|NOREPLICAS|UNBLOCKED)\b|^ERR max number of clients/;

/** ioredis' class for an error Redis answered (redis-errors' ReplyError). */
const REPLY_ERROR = 'ReplyError';

export function classifyStoreError(error: unknown): ErrorClass {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    if (current instanceof RangeError || current instanceof TypeError) return 'permanent';
    if (current.name === REPLY_ERROR) return TRANSIENT_REDIS_REPLIES.test(current.message) ? 'transient' : 'permanent';
  }
  return 'transient';
}
