import { Cluster, Redis, type RedisOptions } from 'ioredis';
import { parseRedisUrl, type RedisConnection } from '../config/redis-url';
import type { Logger } from '../observability/logger';
import { RateLimitedLog } from '../observability/rate-limited-log';

/** A client of one server (found directly or through Sentinels) or of a Cluster; both speak the same commands. */
export type RedisClient = Redis | Cluster;

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

const BOUNDED: RedisOptions = {
  connectTimeout: REDIS_TIMEOUTS.connectTimeoutMs,
  commandTimeout: REDIS_TIMEOUTS.commandTimeoutMs,
  maxRetriesPerRequest: REDIS_TIMEOUTS.maxRetriesPerRequest,
  retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times, 10), REDIS_TIMEOUTS.maxReconnectDelayMs),
};

/**
 * The one place an ioredis client is made, with every wait bounded. Failover is
 * ioredis's own: through Sentinels it asks for the current master and follows a
 * switch; a Cluster client follows MOVED/ASK. With a logger, the client's own
 * troubles go to the server's structured log: without an 'error' listener
 * ioredis prints "[ioredis] Unhandled error event" lines on stderr, one per
 * reconnect.
 */
export function createRedisClient(connection: RedisConnection | string, logger?: Logger): RedisClient {
  const spec = typeof connection === 'string' ? parsedOrThrow(connection) : connection;
  const client = clientOf(spec);
  if (logger) logTroubles(client, logger);
  return client;
}

function clientOf(spec: RedisConnection): RedisClient {
  switch (spec.kind) {
    case 'standalone':
      return new Redis(spec.url, BOUNDED);
    case 'sentinel':
      return new Redis({
        ...BOUNDED,
        sentinels: spec.sentinels,
        name: spec.masterName,
        db: spec.db,
        ...credentials(spec),
        ...(spec.tls ? { tls: {}, sentinelTLS: {}, enableTLSForSentinelMode: true } : {}),
      });
    case 'cluster':
      return new Cluster(spec.nodes, { redisOptions: { ...BOUNDED, ...credentials(spec), ...(spec.tls ? { tls: {} } : {}) } });
  }
}

function logTroubles(client: RedisClient, logger: Logger): void {
  const warnings = new RateLimitedLog(logger);
  let lost = false;
  client.on('error', (error: Error) => {
    lost = true;
    warnings.warn('redis-error', { err: error }, 'live store (Redis) connection error');
  });
  client.on('ready', () => {
    if (lost) logger.info('live store (Redis) connection back');
    lost = false;
  });
  client.on('end', () => warnings.flush());
}

function credentials(spec: { username?: string; password?: string }): { username?: string; password?: string } {
  return { ...(spec.username ? { username: spec.username } : {}), ...(spec.password ? { password: spec.password } : {}) };
}

function parsedOrThrow(url: string): RedisConnection {
  const parsed = parseRedisUrl(url);
  if (!parsed.ok) throw new RangeError(`not a Redis URL: ${parsed.reason}`);
  return parsed.connection;
}
