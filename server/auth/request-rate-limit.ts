import type { NextFunction, Request, Response } from 'express';
import { sendApiError } from '../http/api-error-response';
import { TokenBucket } from '../realtime/token-bucket';

export interface RateLimitOptions {
  /** requests in a burst, refilled at this many per periodMs */
  burst: number;
  periodMs: number;
  /** whose budget a request spends (a user, a webhook source) */
  keyOf: (req: Request) => string;
  /** what the 429 says */
  what: string;
}

const MAX_KEYS = 10_000;

/** 429 with Retry-After once a key has spent its budget (a token bucket per key, in the process). */
export function rateLimit(options: RateLimitOptions) {
  const buckets = new Map<string, TokenBucket>();
  const retryAfterSec = Math.max(1, Math.ceil(options.periodMs / options.burst / 1000));
  return (req: Request, res: Response, next: NextFunction): void => {
    const key = options.keyOf(req);
    const now = performance.now();
    let bucket = buckets.get(key);
    if (!bucket) {
      if (buckets.size >= MAX_KEYS) buckets.delete(buckets.keys().next().value!);
      bucket = new TokenBucket(options.burst, options.periodMs, now);
      buckets.set(key, bucket);
    }
    if (bucket.take(now)) {
      next();
      return;
    }
    res.set('Retry-After', String(retryAfterSec));
    sendApiError(res, 429, `too many ${options.what}; retry in ${retryAfterSec} s`);
  };
}
