import { markKey, type CallbackCall, type CallKey } from '../domain/callback-list';
import type { Queryable, TimeRange } from './history-queries';

/**
 * The callback list's facts in Postgres: a site day's abandoned and answered
 * calls (read by the key's entry time) and the marks of that day; and a manager's mark.
 */

export interface CallbackDay {
  calls: CallbackCall[];
  marks: Set<string>;
}

export async function readCallbackDay(db: Queryable, site: string, day: string, range: TimeRange): Promise<CallbackDay> {
  const [calls, marks] = await Promise.all([
    db.query<{ queue_id: string; call_id: string; entered_at: Date; answered_at: Date | null; ended_at: Date; outcome: CallbackCall['outcome']; wait_sec: number; short_abandon: boolean; caller_id: string | null }>(
      `SELECT queue_id, call_id, entered_at, answered_at, ended_at, outcome, wait_sec, short_abandon, caller_id
       FROM call_history
       WHERE site = $1 AND entered_at >= $2 AND entered_at < $3 AND outcome IN ('abandoned', 'answered')`,
      [site, new Date(range.from).toISOString(), new Date(range.to).toISOString()],
    ),
    db.query<{ queue_id: string; call_id: string; entered_at: Date }>(
      `SELECT queue_id, call_id, entered_at FROM callback_marks WHERE site = $1 AND day = $2::date`,
      [site, day],
    ),
  ]);
  return {
    calls: calls.rows.map((r) => ({
      queueId: r.queue_id,
      callId: r.call_id,
      enteredAt: r.entered_at.getTime(),
      answeredAt: r.answered_at?.getTime() ?? null,
      endedAt: r.ended_at.getTime(),
      outcome: r.outcome,
      waitSec: r.wait_sec,
      shortAbandon: r.short_abandon,
      callerId: r.caller_id,
    })),
    marks: new Set(marks.rows.map((r) => markKey({ queueId: r.queue_id, callId: r.call_id, enteredAt: r.entered_at.getTime() }))),
  };
}

export type MarkResult = 'marked' | 'already-done' | 'no-such-call';

/**
 * Marks an abandoned call with a number done. Only a call history holds as
 * abandoned can be marked (an id naming anything else is refused), and a
 * second mark keeps the first one's who and when.
 */
export async function markCallbackDone(db: Queryable, site: string, call: CallKey, doneBy: string | null, note: string | null): Promise<MarkResult> {
  const enteredAt = new Date(call.enteredAt).toISOString();
  const inserted = await db.query(
    `INSERT INTO callback_marks (site, queue_id, call_id, entered_at, caller_id, day, done_by, note)
     SELECT site, queue_id, call_id, entered_at, caller_id, day, $5, $6
     FROM call_history
     WHERE site = $1 AND queue_id = $2 AND call_id = $3 AND entered_at = $4::timestamptz
       AND outcome = 'abandoned' AND caller_id IS NOT NULL
     ON CONFLICT (site, queue_id, call_id, entered_at) DO NOTHING
     RETURNING 1`,
    [site, call.queueId, call.callId, enteredAt, doneBy, note],
  );
  if ((inserted.rowCount ?? 0) > 0) return 'marked';
  const held = await db.query(
    `SELECT 1 FROM callback_marks WHERE site = $1 AND queue_id = $2 AND call_id = $3 AND entered_at = $4::timestamptz`,
    [site, call.queueId, call.callId, enteredAt],
  );
  return (held.rowCount ?? 0) > 0 ? 'already-done' : 'no-such-call';
}
