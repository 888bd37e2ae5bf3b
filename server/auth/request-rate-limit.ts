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
  /** requests of one key in progress at once; more are refused (a long query holds its slot) */
  maxInFlight?: number;
}

const MAX_KEYS = 10_000;

/**
 * 429 with Retry-After once a key has spent its budget (a token bucket per
 * key) or has maxInFlight requests in progress; counted in the process.
 */
export function rateLimit(options: RateLimitOptions) {
  const buckets = new Map<string, TokenBucket>();
  const inFlight = new Map<string, number>();
  const retryAfterSec = Math.max(1, Math.ceil(options.periodMs / options.burst / 1000));
  const refuse = (res: Response, why: string): void => {
    res.set('Retry-After', String(retryAfterSec));
    sendApiError(res, 429, `${why}; retry in ${retryAfterSec} s`);
  };
  return (req: Request, res: Response, next: NextFunction): void => {
    const key = options.keyOf(req);
    const running = inFlight.get(key) ?? 0;
    if (options.maxInFlight !== undefined && running >= options.maxInFlight) {
      refuse(res, `at most ${options.maxInFlight} ${options.what} at once`);
      return;
    }
    const now = performance.now();
    let bucket = buckets.get(key);
    if (!bucket) {
      if (buckets.size >= MAX_KEYS) buckets.delete(buckets.keys().next().value!);
      bucket = new TokenBucket(options.burst, options.periodMs, now);
      buckets.set(key, bucket);
    }
    if (!bucket.take(now)) {
      refuse(res, `too many ${options.what}`);
      return;
    }
    if (options.maxInFlight !== undefined) {
      inFlight.set(key, running + 1);
      res.once('close', () => {
        const left = (inFlight.get(key) ?? 1) - 1;
        if (left > 0) inFlight.set(key, left);
        else inFlight.delete(key);
      });
    }
    next();
  };
}
