import type { Logger } from '../observability/logger';
import { connectRedis } from '../store/redis-connection';
import { siteKeys } from '../store/redis-keys';

/**
 * A restarted demo is a new PBX replaying today from midnight (and new help
 * desks): what the previous run left for the site in a persistent Redis would
 * be counted a second time. Removes every key of the site (`wb:{site}:*`: live
 * state, counters, tickets); leases are not the site's and stay. Returns how
 * many keys were removed.
 */
export async function clearDemoSite(redisUrl: string, site: string, logger: Logger): Promise<number> {
  const redis = connectRedis(redisUrl, logger);
  try {
    // The site's keys all start with the seq key's stem: `<prefix>:{<site>}:`.
    const stem = siteKeys('wb', site).seq.slice(0, -'seq'.length);
    const pattern = `${stem.replace(/[*?[\]\\]/g, '\\$&')}*`;
    let removed = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      if (keys.length > 0) removed += await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
    return removed;
  } finally {
    redis.disconnect();
  }
}
