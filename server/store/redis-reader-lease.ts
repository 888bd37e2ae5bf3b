import { parsePbxLinkReport, type PbxLinkReport, type ReaderLeaseState } from './lease-store';
import type { RedisClient } from './redis-connection';
import type { SiteKeys } from './redis-keys';
import { checkReplies } from './redis-transactions';

// KEYS: lease, fence. Renews the lease for its holder; takes a free one and
// moves the generation (a new holder's batches start again at sequence 1). One
// script, so two nodes cannot both win, and a holder whose fence was wiped (a
// Redis restart) gets a new generation rather than the lost one.
const ACQUIRE_LUA = `
local holder = redis.call('GET', KEYS[1])
if holder ~= false and holder ~= ARGV[1] then return -1 end
local generation = redis.call('HGET', KEYS[2], 'generation')
if holder == false or generation == false then
  generation = redis.call('HINCRBY', KEYS[2], 'generation', 1)
  redis.call('HSET', KEYS[2], 'batch', 0)
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return tonumber(generation)`;

// KEYS: lease. Deletes it only for its holder (the desk-sync lease too).
export const RELEASE_LEASE_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

// KEYS: lease, link. Only the holder's report is stored, so a reader that lost the lease cannot overwrite its successor's.
const PUBLISH_LINK_LUA = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
return 1`;

// KEYS: epoch. SET NX and GET in one step (SET ... NX GET needs Redis 7).
const CLAIM_EPOCH_LUA = `
local epoch = redis.call('GET', KEYS[1])
if epoch ~= false then return epoch end
redis.call('SET', KEYS[1], ARGV[1])
return ARGV[1]`;

interface ReaderLeaseCommands {
  wbAcquireReader(lease: string, fence: string, owner: string, ttlMs: number): Promise<number>;
  wbReleaseReader(lease: string, owner: string): Promise<number>;
  wbPublishLink(lease: string, link: string, owner: string, report: string, ttlMs: number): Promise<number>;
  wbClaimEpoch(epoch: string, candidate: string): Promise<string>;
}

/** The reader lease of RedisLiveStore (lease-store.ts), on the site's keys so the fence shares their hash slot. */
export class RedisReaderLease {
  private readonly redis: RedisClient & ReaderLeaseCommands;

  constructor(redis: RedisClient) {
    redis.defineCommand('wbAcquireReader', { numberOfKeys: 2, lua: ACQUIRE_LUA });
    redis.defineCommand('wbReleaseReader', { numberOfKeys: 1, lua: RELEASE_LEASE_LUA });
    redis.defineCommand('wbPublishLink', { numberOfKeys: 2, lua: PUBLISH_LINK_LUA });
    redis.defineCommand('wbClaimEpoch', { numberOfKeys: 1, lua: CLAIM_EPOCH_LUA });
    this.redis = redis as RedisClient & ReaderLeaseCommands;
  }

  async acquire(keys: SiteKeys, owner: string, ttlMs: number): Promise<number | null> {
    const generation = await this.redis.wbAcquireReader(keys.reader, keys.readerFence, owner, ttlMs);
    return generation < 0 ? null : generation;
  }

  async release(keys: SiteKeys, owner: string): Promise<void> {
    await this.redis.wbReleaseReader(keys.reader, owner);
  }

  async publish(keys: SiteKeys, report: PbxLinkReport, ttlMs: number): Promise<void> {
    await this.redis.wbPublishLink(keys.reader, keys.readerLink, report.owner, JSON.stringify(report), ttlMs);
  }

  claimEpoch(keys: SiteKeys, candidate: string): Promise<string> {
    return this.redis.wbClaimEpoch(keys.epoch, candidate);
  }

  async read(keys: SiteKeys, site: string): Promise<ReaderLeaseState> {
    const [owner, generation, link] = checkReplies(
      await this.redis.multi().get(keys.reader).hget(keys.readerFence, 'generation').get(keys.readerLink).exec(),
      `reader lease read of site ${site}`,
    ) as [string | null, string | null, string | null];
    return { owner, generation: Number(generation ?? 0) || 0, link: parsePbxLinkReport(link) };
  }
}
