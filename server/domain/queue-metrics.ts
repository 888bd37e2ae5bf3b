import type { PeriodStats } from '../../shared/snapshot';
import type { Counters } from './live-state';

/**
 * The one definition of each call metric (../shared/DOMAIN.md), used by the live
 * board and by history alike.
 */

export const SL_FORMULA = 'answeredWithinSl / (answered + abandoned - shortAbandoned)' as const;

/** Service level in percent; null when no call has been answered or abandoned (long enough) yet. */
export function serviceLevelPct(c: Counters): number | null {
  const base = c.answered + c.abandoned - c.shortAbandoned;
  return base > 0 ? (100 * c.answeredWithinSl) / base : null;
}

/** Average speed of answer: hold time of answered calls / answered. */
export function asaSec(c: Counters): number | null {
  return c.answered > 0 ? c.holdSec / c.answered : null;
}

/** Average handle time: (talk + wrap-up) / handled calls. */
export function ahtSec(c: Counters): number | null {
  return c.handled > 0 ? (c.talkSec + c.wrapSec) / c.handled : null;
}

/** Abandon rate in percent: abandoned / calls with an outcome (answered, abandoned or timed out); callers still waiting are not counted yet. */
export function abandonRatePct(c: Counters): number | null {
  const decided = c.answered + c.abandoned + c.timedOut;
  return decided > 0 ? (100 * c.abandoned) / decided : null;
}

export function periodStats(c: Counters): PeriodStats {
  return {
    ...c,
    serviceLevelPct: serviceLevelPct(c),
    abandonRatePct: abandonRatePct(c),
    asaSec: asaSec(c),
    ahtSec: ahtSec(c),
  };
}
