import { Cluster, Redis } from 'ioredis';
import { parseRedisUrl, type RedisConnection } from '../config/redis-url';

/** A client of one server (found directly or through Sentinels) or of a Cluster; both speak the same commands. */
export type RedisClient = Redis | Cluster;

/**
 * The one place an ioredis client is made. Failover is ioredis's own: through
 * Sentinels it asks for the current master and follows a switch; a Cluster
 * client follows MOVED/ASK. Listeners (errors, logging) are the caller's.
 */
export function createRedisClient(connection: RedisConnection | string): RedisClient {
  const spec = typeof connection === 'string' ? parsedOrThrow(connection) : connection;
  switch (spec.kind) {
    case 'standalone':
      return new Redis(spec.url);
    case 'sentinel':
      return new Redis({
        sentinels: spec.sentinels,
        name: spec.masterName,
        db: spec.db,
        ...credentials(spec),
        ...(spec.tls ? { tls: {}, sentinelTLS: {}, enableTLSForSentinelMode: true } : {}),
      });
    case 'cluster':
      return new Cluster(spec.nodes, { redisOptions: { ...credentials(spec), ...(spec.tls ? { tls: {} } : {}) } });
  }
}

function credentials(spec: { username?: string; password?: string }): { username?: string; password?: string } {
  return { ...(spec.username ? { username: spec.username } : {}), ...(spec.password ? { password: spec.password } : {}) };
}

function parsedOrThrow(url: string): RedisConnection {
  const parsed = parseRedisUrl(url);
  if (!parsed.ok) throw new RangeError(`not a Redis URL: ${parsed.reason}`);
  return parsed.connection;
}
