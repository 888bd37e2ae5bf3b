import type { CallbacksReply } from '../../../shared/callbacks';

/**
 * The callback list as one board shows it: the rows of its queues. A team
 * board's withheld count is left out, since the list counts withheld callers
 * for the whole site and not per queue.
 */
export function callbacksForBoard(reply: CallbacksReply, boardQueues: readonly string[], wholeSite: boolean): CallbacksReply {
  if (wholeSite) return reply;
  const queues = new Set(boardQueues);
  return { ...reply, rows: reply.rows.filter((row) => queues.has(row.queueId)), withheld: 0 };
}
