import type { WallboardConfig } from './env-config';
import type { QueueSettingsBook } from './queue-settings';
import type { QueueRules } from '../domain/queue-reducer';

/**
 * How long a caller who left unanswered waits for QUEUESTATUS or Hangup
 * before the reducer decides the outcome; the live server uses the same.
 */
export const OUTCOME_GRACE_MS = 10_000;

/** The reducer's rules from the configuration: the live server and every import count alike. */
export function queueRulesFor(config: Pick<WallboardConfig, 'timeZone' | 'shortAbandonSec'>, settings: QueueSettingsBook): QueueRules {
  return {
    timeZone: config.timeZone,
    shortAbandonSec: config.shortAbandonSec,
    outcomeGraceMs: OUTCOME_GRACE_MS,
    slThresholdSec: (queueId, pbx) => settings.slThresholdSec(queueId, pbx),
    wrapupSec: (queueId) => settings.of(queueId).wrapupSec,
  };
}
