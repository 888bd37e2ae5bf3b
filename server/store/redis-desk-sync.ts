import type { DeskApiName } from './desk-sync-store';
import type { RedisClient } from './redis-connection';
import type { SiteKeys } from './redis-keys';
import { RELEASE_LEASE_LUA } from './redis-reader-lease';

// KEYS: lease. Takes a free lease or renews its holder's, in one step so two nodes cannot both win.
const ACQUIRE_LUA = `
local holder = redis.call('GET', KEYS[1])
if holder ~= false and holder ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`;

interface DeskSyncCommands {
  wbAcquireDeskSync(lease: string, owner: string, ttlMs: number): Promise<number>;
  wbReleaseDeskSync(lease: string, owner: string): Promise<number>;
}

/** The desk-sync lease and cursors of RedisLiveStore (desk-sync-store.ts). */
export class RedisDeskSync {
  private readonly redis: RedisClient & DeskSyncCommands;

  constructor(redis: RedisClient) {
    redis.defineCommand('wbAcquireDeskSync', { numberOfKeys: 1, lua: ACQUIRE_LUA });
    redis.defineCommand('wbReleaseDeskSync', { numberOfKeys: 1, lua: RELEASE_LEASE_LUA });
    this.redis = redis as RedisClient & DeskSyncCommands;
  }

  async acquire(keys: SiteKeys, owner: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.wbAcquireDeskSync(keys.deskSyncLease, owner, ttlMs)) === 1;
  }

  async release(keys: SiteKeys, owner: string): Promise<void> {
    await this.redis.wbReleaseDeskSync(keys.deskSyncLease, owner);
  }

  readCursor(keys: SiteKeys, desk: DeskApiName): Promise<string | null> {
    return this.redis.hget(keys.deskCursors, desk);
  }

  async writeCursor(keys: SiteKeys, desk: DeskApiName, cursor: string): Promise<void> {
    await this.redis.hset(keys.deskCursors, desk, cursor);
  }
}
