import type { EscalationEvent } from './escalation-events';
import { escalationKey, reduceEscalation, type EscalationRecord } from './escalation-record';

export type EscalationOutcome = 'accepted' | 'duplicates';

/**
 * PURE: a batch of events reduced over the records they touch, as the store
 * holds them; returns the records that changed and, per event, whether it
 * was new. Both stores write the result only if none of those records
 * changed meanwhile.
 */
export function reduceEscalationBatch(
  stored: ReadonlyMap<string, EscalationRecord>,
  events: readonly EscalationEvent[],
): { changed: Map<string, EscalationRecord>; outcomes: EscalationOutcome[] } {
  const changed = new Map<string, EscalationRecord>();
  const outcomes = events.map((event): EscalationOutcome => {
    const key = escalationKey(event);
    const before = changed.get(key) ?? stored.get(key);
    const after = reduceEscalation(before, event);
    if (after === before) return 'duplicates';
    changed.set(key, after);
    return 'accepted';
  });
  return { changed, outcomes };
}

/** A record still worth keeping at `now`: open, or changed within `keepMs`. */
export function isKept(record: EscalationRecord, now: number, keepMs: number): boolean {
  return record.state === 'open' || record.lastChangeAt >= now - keepMs;
}
