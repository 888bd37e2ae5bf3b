import { describe, expect, it } from 'vitest';
import { emptyCounters, type Counters } from '../../../server/domain/live-state';
import { requiredAgentsErlangA } from '../../../server/domain/staffing/erlang-a';
import { requiredAgents } from '../../../server/domain/staffing/erlang-c';
import { emptyStoredInterval, type StoredInterval } from '../../../server/history/interval-stats';
import { staffingPlan } from '../../../server/history/staffing-report';
import type { WeekdaySlot } from '../../../server/history/weekday-slots';

function slot(time: string, counters: Partial<Counters>, extra: Partial<StoredInterval> = {}, days = 1): WeekdaySlot {
  return {
    weekday: 1,
    time,
    stored: { ...emptyStoredInterval(), counters: { ...emptyCounters(), ...counters }, ...extra },
    days,
    intervals: days,
  };
}

const target = { slPct: 80, slSec: 20, shrinkage: 0.3 };

describe('staffing plan', () => {
  it('asks Erlang C and Erlang A for the observed load and handle time, and compares with the staffed agents', () => {
    // 100 calls in 15 minutes at 180 s AHT: 20 Erlangs. 10 abandons over 20,000 s of waiting: 2,000 s patience.
    const busy = slot('09:00', { offered: 100, answered: 90, abandoned: 10, handled: 90, talkSec: 90 * 150, wrapSec: 90 * 30 }, {
      waitSec: 20_000,
      staffedSec: 22 * 900,
    });
    const plan = staffingPlan({ slots: [busy], ...target });
    expect(plan.patienceSec).toBe(2_000);
    expect(plan.patienceSource).toBe('observed');
    const row = plan.intervals[0]!;
    const load = { callsPerInterval: 100, intervalSec: 900, ahtSec: 180, slTargetPct: 80, slThresholdSec: 20 };
    const erlangC = requiredAgents(load).agents;
    const erlangA = requiredAgentsErlangA({ ...load, patienceSec: 2_000 }).agents;
    expect(row).toMatchObject({
      offered: 100,
      ahtSec: 180,
      trafficErlangs: 20,
      requiredErlangC: erlangC,
      requiredErlangA: erlangA,
      scheduledErlangC: Math.ceil(erlangC / 0.7),
      staffedAgents: 22,
      netErlangC: 22 - erlangC,
      netErlangA: 22 - erlangA,
    });
    expect(erlangC).toBeGreaterThan(20);
    expect(erlangA).toBeLessThanOrEqual(erlangC);
  });

  it('plans a weekday from the mean load per day, and falls back to the overall AHT where an interval handled no call', () => {
    const plan = staffingPlan({
      slots: [
        slot('09:00', { offered: 40, handled: 40, talkSec: 40 * 200 }, {}, 4),
        slot('09:15', { offered: 8 }, {}, 4),
        slot('03:00', {}, {}, 4),
      ],
      ...target,
    });
    expect(plan.intervals.map((r) => [r.time, r.offered, r.ahtSec])).toEqual([
      ['09:00', 10, 200],
      ['09:15', 2, 200],
      ['03:00', 0, 200],
    ]);
    expect(plan.intervals[2]).toMatchObject({ requiredErlangC: 0, scheduledErlangC: 0 });
    // Nobody abandoned: no patience to plan Erlang A with.
    expect(plan.patienceSource).toBe('none');
    expect(plan.intervals[0]).toMatchObject({ requiredErlangA: null, netErlangA: null });
  });

  it('answers what-if questions: another AHT, another patience, another target', () => {
    const base = slot('09:00', { offered: 100, abandoned: 5, handled: 95, talkSec: 95 * 180 }, { waitSec: 5_000 });
    const whatIf = staffingPlan({ slots: [base], ...target, slPct: 90, ahtSec: 240, patienceSec: 60 });
    expect(whatIf.patienceSource).toBe('whatIf');
    expect(whatIf.patienceSec).toBe(60);
    const load = { callsPerInterval: 100, intervalSec: 900, ahtSec: 240, slTargetPct: 90, slThresholdSec: 20 };
    expect(whatIf.intervals[0]).toMatchObject({
      ahtSec: 240,
      requiredErlangC: requiredAgents(load).agents,
      requiredErlangA: requiredAgentsErlangA({ ...load, patienceSec: 60 }).agents,
    });
  });

  it('has no requirement where no call was ever handled and no AHT is given', () => {
    const plan = staffingPlan({ slots: [slot('09:00', { offered: 3, abandoned: 3 }, { waitSec: 90 })], ...target });
    expect(plan.intervals[0]).toMatchObject({ ahtSec: null, requiredErlangC: null, requiredErlangA: null, trafficErlangs: null });
  });
});
