import type { QueueRules } from '../../server/domain/queue-reducer';

/** Site rules for reducer tests: Moscow, 5 s short abandons, 10 s grace, 20 s SL, no wrap-up unless overridden. */
export function testQueueRules(overrides: Partial<QueueRules> = {}): QueueRules {
  return {
    timeZone: 'Europe/Moscow',
    shortAbandonSec: 5,
    outcomeGraceMs: 10_000,
    callMaxAgeMs: 4 * 3600_000,
    agentForgetAfterMs: 12 * 3600_000,
    slThresholdSec: () => 20,
    wrapupSec: () => 0,
    ...overrides,
  };
}
