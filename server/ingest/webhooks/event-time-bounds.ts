import type { WebhookProblem } from './webhook-result';

/**
 * Times from outside are checked, never trusted as they come: a ticket dated
 * 2999 would read "less than an hour old" on the board for ever, one dated
 * 1970 would breach every clock at once. A time out of bounds is refused with
 * a 400 naming the field, not clamped: a clamped time is a made-up time in
 * the SLA clocks and in history, while a refusal shows in the desk's own
 * webhook log where whoever runs the desk can see and fix its clock.
 */

/** Where a body carries its times, as dotted paths into the validated body (epoch ms there). */
export interface EventTimePaths {
  /** when the desk raised the event: not before the desk product existed */
  event: readonly string[];
  /** when the ticket was created: may predate the desk (tickets imported from an older one) */
  created: readonly string[];
}

export interface EventTimeBounds {
  /** the receiving server's clock, epoch ms */
  now: number;
  /** how far ahead of `now` a desk's clock may run */
  maxAheadMs: number;
  /** the desk product's first release: no event it raises can be older */
  deskSince: number;
}

/** No help desk the board reads existed before this, so no ticket (imports included) was created before. */
export const EARLIEST_TICKET = Date.parse('2000-01-01T00:00:00Z');

export function eventTimeProblems(body: unknown, paths: EventTimePaths, bounds: EventTimeBounds): WebhookProblem[] {
  const problems: WebhookProblem[] = [];
  const check = (path: string, earliest: number): void => {
    const value = valueAt(body, path);
    if (typeof value !== 'number') return;
    if (value > bounds.now + bounds.maxAheadMs) {
      problems.push({ path, message: `${iso(value)} is in the future (the server's clock says ${iso(bounds.now)})` });
    } else if (value < earliest) {
      problems.push({ path, message: `${iso(value)} is before ${iso(earliest)}, earlier than this desk can have sent` });
    }
  };
  for (const path of paths.event) check(path, bounds.deskSince);
  for (const path of paths.created) check(path, EARLIEST_TICKET);
  return problems;
}

function valueAt(body: unknown, path: string): unknown {
  let node = body;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function iso(ms: number): string {
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : String(ms);
}
