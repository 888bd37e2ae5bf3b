import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { erlangB, erlangC, requiredAgents } from '../../../server/domain/staffing/erlang-c';
import { withShrinkage } from '../../../server/domain/staffing/staffing';

describe('Erlang C reproduces published figures', () => {
  const hundredCallsPerHalfHour = { callsPerInterval: 100, intervalSec: 1800, ahtSec: 180 };

  it('100 calls per 30 min at 180 s AHT is 10 Erlangs and needs 14 agents for 80/20', () => {
    const result = requiredAgents({ ...hundredCallsPerHalfHour, slTargetPct: 80, slThresholdSec: 20 });
    expect(result.trafficErlangs).toBeCloseTo(10, 12);
    expect(result.agents).toBe(14);
    expect(result.serviceLevel(20)).toBeCloseTo(0.8884, 4);
    expect(result.pWait).toBeCloseTo(0.1741, 4);
    expect(result.asaSec).toBeCloseTo(7.84, 2);
    expect(result.occupancy).toBeCloseTo(0.714, 3);
  });

  it('13 agents miss 80/20 for the same load, so 14 is the minimum', () => {
    expect(erlangC({ ...hundredCallsPerHalfHour, agents: 13 }).serviceLevel(20)).toBeLessThan(0.8);
  });

  it('14 agents with 30% shrinkage are 20 positions on the roster', () => {
    expect(withShrinkage(14, 0.3)).toBe(20);
    expect(withShrinkage(14, 0)).toBe(14);
    expect(withShrinkage(15, 0.3)).toBe(22);
  });

  it('A = 48, N = 55, T = 15 s, AHT 240 s gives SL 0.8459 and P(wait) 0.2387', () => {
    const result = erlangC({ arrivalRatePerSec: 48 / 240, ahtSec: 240, agents: 55 });
    expect(result.serviceLevel(15)).toBeCloseTo(0.8459, 4);
    expect(result.pWait).toBeCloseTo(0.2387, 4);
  });

  it('A = 900, N = 950 gives P(wait) 0.0620978 (no overflow at hundreds of agents)', () => {
    const result = erlangC({ arrivalRatePerSec: 5, ahtSec: 180, agents: 950 });
    expect(result.trafficErlangs).toBe(900);
    expect(result.pWait).toBeCloseTo(0.0620978, 7);
  });
});

describe('Erlang C edge cases', () => {
  it('Erlang B matches the closed form for small N', () => {
    // B(2, A=1) = (1/2) / (1 + 1 + 1/2)
    expect(erlangB(1, 2)).toBeCloseTo(0.2, 15);
    expect(erlangB(3, 0)).toBe(1);
  });

  it('with no more agents than traffic every caller waits forever', () => {
    const result = erlangC({ arrivalRatePerSec: 10 / 180, ahtSec: 180, agents: 10 });
    expect(result.pWait).toBe(1);
    expect(result.serviceLevel(20)).toBe(0);
    expect(result.asaSec).toBe(Number.POSITIVE_INFINITY);
    expect(result.occupancy).toBe(1);
  });

  it('no calls need no agents', () => {
    const result = requiredAgents({ arrivalRatePerSec: 0, ahtSec: 180, slTargetPct: 80, slThresholdSec: 20 });
    expect(result.agents).toBe(0);
    expect(result.serviceLevel(20)).toBe(1);
  });

  it('an occupancy cap adds agents beyond what the service level needs', () => {
    const load = { arrivalRatePerSec: 1, ahtSec: 100, slTargetPct: 50, slThresholdSec: 60 };
    const capped = requiredAgents({ ...load, maxOccupancy: 0.8 });
    const uncapped = requiredAgents(load);
    expect(uncapped.occupancy).toBeGreaterThan(0.8);
    expect(capped.agents).toBe(125);
    expect(capped.occupancy).toBeLessThanOrEqual(0.8);
  });

  it('rejects parameters that have no meaning with a RangeError naming them', () => {
    expect(() => erlangC({ arrivalRatePerSec: 1, ahtSec: 0, agents: 3 })).toThrow(/ahtSec/);
    expect(() => erlangC({ callsPerInterval: 10, intervalSec: 0, ahtSec: 60, agents: 3 })).toThrow(/intervalSec/);
    expect(() => erlangC({ arrivalRatePerSec: 1, ahtSec: 60, agents: 2.5 })).toThrow(/agents/);
    expect(() => requiredAgents({ arrivalRatePerSec: 1, ahtSec: 60, slTargetPct: 100, slThresholdSec: 20 })).toThrow(
      /slTargetPct/,
    );
    expect(() => withShrinkage(10, 1)).toThrow(/shrinkage/);
  });
});

describe('Erlang C properties', () => {
  const traffic = fc.double({ min: 0.01, max: 5000, noNaN: true });

  it('P(wait) falls and the service level rises with every added agent, all within [0, 1]', () => {
    fc.assert(
      fc.property(traffic, fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 120 }), (a, extra, t) => {
        const agents = Math.floor(a) + 1;
        const fewer = erlangC({ arrivalRatePerSec: a / 100, ahtSec: 100, agents });
        const more = erlangC({ arrivalRatePerSec: a / 100, ahtSec: 100, agents: agents + extra });
        for (const r of [fewer, more]) {
          expect(r.pWait).toBeGreaterThanOrEqual(0);
          expect(r.pWait).toBeLessThanOrEqual(1);
          expect(r.serviceLevel(t)).toBeGreaterThanOrEqual(0);
          expect(r.serviceLevel(t)).toBeLessThanOrEqual(1);
          expect(Number.isNaN(r.asaSec)).toBe(false);
        }
        expect(more.pWait).toBeLessThanOrEqual(fewer.pWait);
        expect(more.serviceLevel(t)).toBeGreaterThanOrEqual(fewer.serviceLevel(t));
      }),
      { numRuns: 200 },
    );
  });

  it('the required agents meet the target and one fewer does not', () => {
    fc.assert(
      fc.property(traffic, fc.integer({ min: 50, max: 95 }), fc.integer({ min: 5, max: 60 }), (a, pct, t) => {
        const result = requiredAgents({ arrivalRatePerSec: a / 200, ahtSec: 200, slTargetPct: pct, slThresholdSec: t });
        expect(result.agents).toBeGreaterThan(a);
        expect(result.serviceLevel(t)).toBeGreaterThanOrEqual(pct / 100);
        const oneFewer = erlangC({ arrivalRatePerSec: a / 200, ahtSec: 200, agents: result.agents - 1 });
        expect(oneFewer.serviceLevel(t)).toBeLessThan(pct / 100);
      }),
      { numRuns: 100 },
    );
  });
});
