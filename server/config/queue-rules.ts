import type { WallboardConfig } from './env-config';
import type { QueueSettingsBook } from './queue-settings';
import type { QueueRules } from '../domain/queue-reducer';

/**
 * How long a caller who left unanswered waits for QUEUESTATUS or Hangup
 * before the reducer decides the outcome; the live server uses the same.
 */
export const OUTCOME_GRACE_MS = 10_000;

/** No queue call lasts 4 hours: one tracked that long lost its last event on the wire. */
export const DEFAULT_CALL_MAX_AGE_SEC = 4 * 3600;
/** Longer than a shift and its breaks: an agent gone this long is not coming back today. */
export const DEFAULT_AGENT_FORGET_AFTER_SEC = 12 * 3600;

type RulesConfig = Pick<WallboardConfig, 'timeZone' | 'shortAbandonSec'> &
  Partial<Pick<WallboardConfig, 'callMaxAgeSec' | 'agentForgetAfterSec'>>;

/** The reducer's rules from the configuration: the live server and every import count alike. */
export function queueRulesFor(config: RulesConfig, settings: QueueSettingsBook): QueueRules {
  return {
    timeZone: config.timeZone,
    shortAbandonSec: config.shortAbandonSec,
    outcomeGraceMs: OUTCOME_GRACE_MS,
    callMaxAgeMs: (config.callMaxAgeSec ?? DEFAULT_CALL_MAX_AGE_SEC) * 1000,
    agentForgetAfterMs: (config.agentForgetAfterSec ?? DEFAULT_AGENT_FORGET_AFTER_SEC) * 1000,
    slThresholdSec: (queueId, pbx) => settings.slThresholdSec(queueId, pbx),
    wrapupSec: (queueId) => settings.of(queueId).wrapupSec,
  };
}
