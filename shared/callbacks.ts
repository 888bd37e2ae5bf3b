import { z } from 'zod';
import { formatParam, queueParam } from './history-api';

/**
 * Callbacks ("lost calls"): today's callers who abandoned and have not been
 * reached since, one row per number. The server builds the list
 * (server/domain/callback-list.ts); the board's panel and the /callbacks page
 * read it with this schema.
 */

export const callbacksQuerySchema = z.strictObject({
  queue: queueParam.optional(),
  format: formatParam,
});
export type CallbacksQuery = z.infer<typeof callbacksQuerySchema>;

export const callbackRowSchema = z.object({
  /** names the abandoned call this row stands for: what POST /api/callbacks/<id>/done marks */
  id: z.string(),
  callerId: z.string(),
  /** the queue of the latest abandon */
  queueId: z.string(),
  /** how long the latest abandon waited before hanging up */
  waitSec: z.number(),
  /** when the latest abandon hung up (ISO) */
  abandonedAt: z.string(),
  /** abandons of this number today since it was last reached */
  attempts: z.number().int().positive(),
});
export type CallbackRow = z.infer<typeof callbackRowSchema>;

export const callbacksReplySchema = z.object({
  /** false: this server keeps no history (no DATABASE_URL), so there is no list; the board shows no panel */
  kept: z.boolean(),
  /** the site day listed (YYYY-MM-DD) */
  day: z.string(),
  timeZone: z.string(),
  queue: z.string().nullable(),
  /** oldest abandon first: the caller who has waited longest for a callback leads */
  rows: z.array(callbackRowSchema),
  /** abandons with a withheld number: nobody can call them back, so they are counted, not listed */
  withheld: z.number().int().nonnegative(),
  /** short abandons (DOMAIN.md: under the site's few seconds), left out as the service level leaves them out */
  shortAbandons: z.number().int().nonnegative(),
  /** numbers marked done today */
  done: z.number().int().nonnegative(),
});
export type CallbacksReply = z.infer<typeof callbacksReplySchema>;

/** The optional note of a mark (who was reached, voicemail ...). */
export const callbackDoneBodySchema = z.strictObject({
  note: z.string().trim().max(200, 'at most 200 characters').optional(),
});

/** The answer of a server without history: nothing kept, nothing to list. */
export function noCallbacksKept(day: string, timeZone: string): CallbacksReply {
  return { kept: false, day, timeZone, queue: null, rows: [], withheld: 0, shortAbandons: 0, done: 0 };
}
