import { Redis } from 'ioredis';
import type { Logger } from '../observability/logger';
import { RateLimitedLog } from '../observability/rate-limited-log';

/**
 * Bounds on every wait for Redis, so an outage makes calls fail promptly (the
 * callers retry or report degraded) instead of hanging: ioredis' defaults wait
 * 10 s to connect and hold a command through 20 reconnects.
 */
export const REDIS_TIMEOUTS = {
  connectTimeoutMs: 3_000,
  /** any command, queued while disconnected or sent to a server that does not answer */
  commandTimeoutMs: 5_000,
  /** reconnects a queued command waits through before it fails */
  maxRetriesPerRequest: 3,
  /** longest pause between reconnects */
  maxReconnectDelayMs: 2_000,
} as const;

/**
 * An ioredis connection whose own troubles go to the server's structured log:
 * without an 'error' listener ioredis prints "[ioredis] Unhandled error event"
 * lines on stderr, one per reconnect.
 */
export function connectRedis(url: string, logger: Logger): Redis {
  const redis = new Redis(url, {
    connectTimeout: REDIS_TIMEOUTS.connectTimeoutMs,
    commandTimeout: REDIS_TIMEOUTS.commandTimeoutMs,
    maxRetriesPerRequest: REDIS_TIMEOUTS.maxRetriesPerRequest,
    retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times, 10), REDIS_TIMEOUTS.maxReconnectDelayMs),
  });
  const warnings = new RateLimitedLog(logger);
  let lost = false;
  redis.on('error', (error: Error) => {
    lost = true;
    warnings.warn('redis-error', { err: error }, 'live store (Redis) connection error');
  });
  redis.on('ready', () => {
    if (lost) logger.info('live store (Redis) connection back');
    lost = false;
  });
  redis.on('end', () => warnings.flush());
  return redis;
}
