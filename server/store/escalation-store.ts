import type { EscalationOutcome } from '../domain/escalations/escalation-batch';
import type { EscalationEvent } from '../domain/escalations/escalation-events';
import type { EscalationRecord } from '../domain/escalations/escalation-record';

/**
 * The escalations-to-development part of the live store. One record per
 * tracker task (domain/escalations/escalation-record.ts). Any node may apply:
 * a batch is written only if none of its records changed since they were
 * read (else read and reduced again), so a re-delivery racing the original
 * changes nothing.
 */
export interface EscalationStore {
  /** per event whether it was new, and the records written (for history) */
  applyEscalationEvents(site: string, events: readonly EscalationEvent[]): Promise<EscalationApplyResult>;
  /**
   * The open escalations, and the others changed at or after `since` (today's
   * came-back count needs them); records past ESCALATION_KEEP_MS at `now` are dropped.
   */
  readEscalations(site: string, query: { since: number; now: number }): Promise<EscalationRecord[]>;
}

/** Records no longer open are kept this long after their last change (a late reopen finds them). */
export const ESCALATION_KEEP_MS = 14 * 86_400_000;

export interface EscalationApplyResult {
  outcomes: EscalationOutcome[];
  changed: EscalationRecord[];
}
