import type { Redis } from 'ioredis';
import type { RedisCommand } from './redis-apply-commands';

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

/**
 * Runs an apply's commands in one MULTI/EXEC (one round trip) that ends with
 * INCR of the site's seq, so call and ticket applies move the same seq.
 * Returns the new seq.
 */
export async function execApply(redis: Redis, commands: RedisCommand[], seqKey: string, what: string): Promise<number> {
  const replies = checkReplies(await redis.multi([...commands, ['incr', seqKey]]).exec(), what);
  return Number(replies[replies.length - 1]);
}
