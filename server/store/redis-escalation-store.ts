import { isKept, reduceEscalationBatch } from '../domain/escalations/escalation-batch';
import type { EscalationEvent } from '../domain/escalations/escalation-events';
import { escalationKey, type EscalationRecord } from '../domain/escalations/escalation-record';
import { ESCALATION_KEEP_MS, type EscalationApplyResult, type EscalationStore } from './escalation-store';
import type { RedisClient } from './redis-connection';
import { siteKeys } from './redis-keys';
import { assertSiteId } from './store-input-checks';

/**
 * Escalations in Redis: one hash per site, `wb:{site}:esc` (record key ->
 * JSON). A batch is written by a script that first checks every touched
 * field still holds the JSON it was reduced from (compare-and-set on the
 * bytes), then writes them all and steps the site's seq so every node's
 * boards rebuild; otherwise nothing is written and the batch is read and
 * reduced again.
 */

const CAS_LUA = `
local n = #ARGV / 3
for i = 0, n - 1 do
  local current = redis.call('HGET', KEYS[1], ARGV[i * 3 + 1])
  if (current or '') ~= ARGV[i * 3 + 2] then return 0 end
end
for i = 0, n - 1 do redis.call('HSET', KEYS[1], ARGV[i * 3 + 1], ARGV[i * 3 + 3]) end
redis.call('PUBLISH', KEYS[2], redis.call('INCR', KEYS[2]))
return 1
`;

const MAX_ATTEMPTS = 8;

type EscalationCommands = { wbEscalationCas(hash: string, seq: string, ...args: string[]): Promise<number> };

export class RedisEscalationStore implements EscalationStore {
  private readonly redis: RedisClient & EscalationCommands;

  constructor(
    redis: RedisClient,
    private readonly prefix: string,
  ) {
    redis.defineCommand('wbEscalationCas', { numberOfKeys: 2, lua: CAS_LUA });
    this.redis = redis as RedisClient & EscalationCommands;
  }

  async applyEscalationEvents(site: string, events: readonly EscalationEvent[]): Promise<EscalationApplyResult> {
    assertSiteId(site);
    const keys = siteKeys(this.prefix, site);
    const hash = keys.escalations;
    const fields = [...new Set(events.map(escalationKey))];
    for (let attempt = 1; ; attempt++) {
      const raw = fields.length === 0 ? [] : await this.redis.hmget(hash, ...fields);
      const stored = new Map<string, EscalationRecord>();
      fields.forEach((field, i) => {
        const text = raw[i];
        if (text) stored.set(field, JSON.parse(text) as EscalationRecord);
      });
      const { changed, outcomes } = reduceEscalationBatch(stored, events);
      if (changed.size === 0) return { outcomes, changed: [] };
      const args = [...changed].flatMap(([field, record]) => [field, raw[fields.indexOf(field)] ?? '', JSON.stringify(record)]);
      if ((await this.redis.wbEscalationCas(hash, keys.seq, ...args)) === 1) return { outcomes, changed: [...changed.values()] };
      if (attempt >= MAX_ATTEMPTS) throw new Error(`escalations of site ${site}: still written by another node after ${MAX_ATTEMPTS} attempts`);
    }
  }

  async readEscalations(site: string, { since, now }: { since: number; now: number }): Promise<EscalationRecord[]> {
    assertSiteId(site);
    const hash = siteKeys(this.prefix, site).escalations;
    const all = await this.redis.hgetall(hash);
    const records: EscalationRecord[] = [];
    const expired: string[] = [];
    for (const [field, text] of Object.entries(all)) {
      const record = JSON.parse(text) as EscalationRecord;
      if (!isKept(record, now, ESCALATION_KEEP_MS)) expired.push(field);
      else if (record.state === 'open' || record.lastChangeAt >= since) records.push(record);
    }
    // An expired record is past any change; removing it races nothing that matters.
    if (expired.length > 0) await this.redis.hdel(hash, ...expired);
    return records;
  }
}
