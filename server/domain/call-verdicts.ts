import type { QueueRules } from './queue-reducer';

/**
 * The verdicts on a queue call that the site's rules decide: one definition
 * for the live reducer and for call rows made without it (a calls CSV).
 */

/** Answered within the service level: the hold was no longer than the queue's threshold (given what the PBX reports). */
export function answeredWithinSl(rules: QueueRules, queueId: string, pbxServiceLevelSec: number, holdSec: number): boolean {
  return holdSec <= rules.slThresholdSec(queueId, pbxServiceLevelSec);
}

/** A short abandon: counted, but left out of the service level. */
export function isShortAbandon(rules: QueueRules, waitSec: number): boolean {
  return waitSec < rules.shortAbandonSec;
}

/** The wrap-up after a call: the member's own wrap-up time when it has one, else the queue's. */
export function wrapUpSec(rules: QueueRules, queueId: string, memberWrapupSec: number): number {
  return memberWrapupSec > 0 ? memberWrapupSec : rules.wrapupSec(queueId);
}
