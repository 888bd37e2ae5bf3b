import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { addCounters, COUNTER_FIELDS, counterChange, countersOf, countersShape, emptyCounters, type CallProgress } from '../../../shared/call-counters';
import { periodStatsSchema } from '../../../shared/snapshot';

const waiting: CallProgress = { stage: 'waiting' };
const connected: CallProgress = { stage: 'connected', holdSec: 12, answeredWithinSl: true };
const completed: CallProgress = { stage: 'completed', holdSec: 12, answeredWithinSl: true, talkSec: 90, wrapSec: 30 };

describe('call counters', () => {
  it('gives what a call adds at each stage', () => {
    expect(countersOf(waiting)).toEqual({ ...emptyCounters(), offered: 1 });
    expect(countersOf(connected)).toEqual({ ...emptyCounters(), offered: 1, answered: 1, answeredWithinSl: 1, holdSec: 12 });
    expect(countersOf(completed)).toEqual({ ...countersOf(connected), handled: 1, talkSec: 90, wrapSec: 30 });
    expect(countersOf({ stage: 'abandoned', shortAbandon: true })).toEqual({ ...emptyCounters(), offered: 1, abandoned: 1, shortAbandoned: 1 });
    expect(countersOf({ stage: 'abandoned', shortAbandon: false })).toEqual({ ...emptyCounters(), offered: 1, abandoned: 1 });
    expect(countersOf({ stage: 'timedOut' })).toEqual({ ...emptyCounters(), offered: 1, timedOut: 1 });
  });

  it('steps of a call add up to what the finished call adds, whatever stages it went through', () => {
    const paths: CallProgress[][] = [
      [waiting, connected, completed],
      [connected, completed],
      [waiting, { stage: 'abandoned', shortAbandon: false }],
      [waiting, { stage: 'timedOut' }],
    ];
    for (const path of paths) {
      const sum = emptyCounters();
      let before: CallProgress | null = null;
      for (const after of path) {
        addCounters(sum, counterChange(before, after));
        before = after;
      }
      expect(sum).toEqual(countersOf(path.at(-1)!));
    }
    expect(counterChange(connected, completed)).toEqual({ handled: 1, talkSec: 90, wrapSec: 30 });
  });

  it('makes the snapshot schema: counts must be whole numbers, seconds may have fractions', () => {
    const counters = z.object(countersShape);
    expect(Object.keys(periodStatsSchema.shape)).toEqual([...COUNTER_FIELDS, 'serviceLevelPct', 'abandonRatePct', 'asaSec', 'ahtSec']);
    expect(counters.safeParse({ ...emptyCounters(), holdSec: 1.5 }).success).toBe(true);
    expect(counters.safeParse({ ...emptyCounters(), answered: 1.5 }).success).toBe(false);
    expect(counters.safeParse({ ...emptyCounters(), offered: -1 }).success).toBe(false);
  });
});
