import type { RedisCommand } from './redis-apply-commands';
import type { RedisClient } from './redis-connection';

type Reply = [error: Error | null, result: unknown];

/**
 * EXEC answers per command. Redis does not roll back a transaction whose
 * command failed (say, WRONGTYPE on a key edited by hand): the others applied,
 * so the error is raised to the caller instead of being lost.
 */
export function checkReplies(replies: Reply[] | null, what: string): unknown[] {
  if (replies === null) throw new Error(`${what}: transaction aborted`);
  const failed = replies.find(([error]) => error !== null);
  if (failed) throw new Error(`${what} failed in Redis: ${failed[0]?.message}`, { cause: failed[0] });
  return replies.map(([, result]) => result);
}

/** Fields per HSET / HDEL inside the apply script: Lua's unpack takes a few thousand values at most. */
const MAX_FIELDS_PER_COMMAND = 500;

// KEYS: fence, seq, then the keys the commands name (all hashes). ARGV: the
// batch's generation ('' for an unfenced apply) and sequence, then per command
// its name, its argument count and its key's index in KEYS, then the arguments.
// The fence is checked, the key types too (a WRONGTYPE halfway would leave half
// a batch applied: Redis rolls nothing back), then the commands run, the batch
// is recorded and the seq moves: all in one script, so nothing runs in between.
// The new seq is published on the channel named like the seq key (seq-watch.ts).
// Answers {1, seq} applied, {2, seq} already applied, {0, generation} stale.
const FENCED_APPLY_LUA = `
local generation = ARGV[1]
if generation ~= '' then
  local fence = redis.call('HMGET', KEYS[1], 'generation', 'batch')
  local current = tonumber(fence[1] or '0')
  if current ~= tonumber(generation) then return {0, current} end
  if tonumber(fence[2] or '0') >= tonumber(ARGV[2]) then return {2, tonumber(redis.call('GET', KEYS[2]) or '0')} end
end
for k = 3, #KEYS do
  local kind = redis.call('TYPE', KEYS[k]).ok
  if kind ~= 'none' and kind ~= 'hash' then
    return redis.error_reply('WRONGTYPE ' .. KEYS[k] .. ' holds a ' .. kind .. ', not a hash: batch not applied')
  end
end
local i = 3
while i <= #ARGV do
  local count = tonumber(ARGV[i + 1])
  redis.call(ARGV[i], KEYS[tonumber(ARGV[i + 2])], unpack(ARGV, i + 3, i + 2 + count))
  i = i + 3 + count
end
if generation ~= '' then redis.call('HSET', KEYS[1], 'batch', ARGV[2]) end
local seq = redis.call('INCR', KEYS[2])
redis.call('PUBLISH', KEYS[2], seq)
return {1, seq}`;

export interface FencedApplyCommands {
  wbFencedApply(...keysAndArgs: (string | number)[]): Promise<[number, number]>;
}

export function defineFencedApply(redis: RedisClient): RedisClient & FencedApplyCommands {
  redis.defineCommand('wbFencedApply', { lua: FENCED_APPLY_LUA });
  return redis as RedisClient & FencedApplyCommands;
}

export type FencedApplyResult = { kind: 'applied' | 'duplicate'; seq: number } | { kind: 'stale'; currentGeneration: number };

/**
 * Runs an apply's commands (each `[name, hashKey, ...args]`) in one script
 * that first checks the reader fence when `batch` is given, then moves the
 * site's seq.
 */
export async function execFencedApply(
  redis: RedisClient & FencedApplyCommands,
  commands: RedisCommand[],
  keys: { fence: string; seq: string },
  batch: { generation: number; sequence: number } | undefined,
): Promise<FencedApplyResult> {
  const keyIndex = new Map<string, number>([[keys.fence, 1], [keys.seq, 2]]);
  const args: (string | number)[] = batch ? [batch.generation, batch.sequence] : ['', 0];
  for (const [name, key, ...rest] of commands) {
    const k = String(key);
    if (!keyIndex.has(k)) keyIndex.set(k, keyIndex.size + 1);
    const step = name === 'hset' ? 2 * MAX_FIELDS_PER_COMMAND : name === 'hdel' ? MAX_FIELDS_PER_COMMAND : rest.length || 1;
    for (let from = 0; from < Math.max(rest.length, 1); from += step) {
      const part = rest.slice(from, from + step);
      args.push(name, part.length, keyIndex.get(k)!, ...part);
    }
  }
  const keyList = [...keyIndex.keys()];
  const [code, value] = await redis.wbFencedApply(keyList.length, ...keyList, ...args);
  if (code === 0) return { kind: 'stale', currentGeneration: value };
  return { kind: code === 2 ? 'duplicate' : 'applied', seq: value };
}
