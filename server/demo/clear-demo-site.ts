import type { Logger } from '../observability/logger';
import { Cluster } from 'ioredis';
import type { RedisConnection } from '../config/redis-url';
import { createRedisClient } from '../store/redis-connection';
import { siteKeys } from '../store/redis-keys';

/**
 * A restarted demo is a new PBX replaying today from midnight (and new help
 * desks): what the previous run left for the site in a persistent Redis would
 * be counted a second time. Removes every key of the site (`wb:{site}:*`: live
 * state, counters, tickets, and the previous run's reader lease, whose
 * process is gone). Returns how many keys were removed.
 */
export async function clearDemoSite(connection: RedisConnection, site: string, logger: Logger): Promise<number> {
  const client = createRedisClient(connection, logger);
  try {
    // The site's keys all start with the seq key's stem: `<prefix>:{<site>}:`.
    const stem = siteKeys('wb', site).seq.slice(0, -'seq'.length);
    const pattern = `${stem.replace(/[*?[\]\\]/g, '\\$&')}*`;
    // On a Cluster the site's keys share one slot, but SCAN is per node: ask every master.
    const servers = client instanceof Cluster ? client.nodes('master') : [client];
    let removed = 0;
    for (const server of servers) {
      let cursor = '0';
      do {
        const [next, keys] = await server.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        if (keys.length > 0) removed += await server.unlink(...keys);
        cursor = next;
      } while (cursor !== '0');
    }
    return removed;
  } finally {
    client.disconnect();
  }
}
