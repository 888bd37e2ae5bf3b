import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { erlangA, estimatePatienceSec, requiredAgentsErlangA } from '../../../server/domain/staffing/erlang-a';
import { erlangC } from '../../../server/domain/staffing/erlang-c';

const hundredCallsPerHalfHour = { callsPerInterval: 100, intervalSec: 1800, ahtSec: 180 };

describe('Erlang A reproduces published figures', () => {
  it('100 calls per 30 min, AHT 3 min, mean patience 5 min, 14 agents: P(wait) 0.14526, P(abandon) 0.013984', () => {
    const result = erlangA({ ...hundredCallsPerHalfHour, patienceSec: 300, agents: 14 });
    expect(result.pWait).toBeCloseTo(0.14526, 5);
    expect(result.pAbandon).toBeCloseTo(0.013984, 6);
  });
});

describe('Erlang A against independent evidence', () => {
  it('with practically infinite patience it is Erlang C', () => {
    const patient = erlangA({ ...hundredCallsPerHalfHour, patienceSec: 1e9, agents: 14 });
    const c = erlangC({ ...hundredCallsPerHalfHour, agents: 14 });
    expect(patient.pWait).toBeCloseTo(c.pWait, 6);
    expect(patient.serviceLevel(20)).toBeCloseTo(c.serviceLevel(20), 6);
    expect(patient.asaSec).toBeCloseTo(c.asaSec, 3);
    expect(patient.pAbandon).toBeLessThan(1e-6);
  });

  it('agrees with a seeded simulation of an M/M/N+M queue on SL, abandons and ASA', () => {
    const cases = [
      { agents: 14, patienceSec: 300 },
      { agents: 9, patienceSec: 60 },
    ];
    for (const { agents, patienceSec } of cases) {
      const model = erlangA({ ...hundredCallsPerHalfHour, patienceSec, agents });
      const simulated = simulateQueue({ lambda: 100 / 1800, ahtSec: 180, patienceSec, agents, thresholdSec: 20, calls: 400_000 });
      expect(Math.abs(model.serviceLevel(20) - simulated.serviceLevel)).toBeLessThan(0.006);
      expect(Math.abs(model.pAbandon - simulated.pAbandon)).toBeLessThan(0.006);
      expect(Math.abs(model.asaSec - simulated.asaSec) / model.asaSec).toBeLessThan(0.04);
    }
  });
});

describe('Erlang A staffing', () => {
  it('the required agents meet 80/20 and one fewer does not', () => {
    const result = requiredAgentsErlangA({ ...hundredCallsPerHalfHour, patienceSec: 300, slTargetPct: 80, slThresholdSec: 20 });
    expect(result.agents).toBe(13);
    expect(result.serviceLevel(20)).toBeGreaterThanOrEqual(0.8);
    const oneFewer = erlangA({ ...hundredCallsPerHalfHour, patienceSec: 300, agents: 12 });
    expect(oneFewer.serviceLevel(20)).toBeLessThan(0.8);
  });

  it('an abandon ceiling adds agents when the service level alone would allow more abandons', () => {
    const loose = requiredAgentsErlangA({ ...hundredCallsPerHalfHour, patienceSec: 30, slTargetPct: 50, slThresholdSec: 60 });
    const strict = requiredAgentsErlangA({
      ...hundredCallsPerHalfHour,
      patienceSec: 30,
      slTargetPct: 50,
      slThresholdSec: 60,
      maxAbandonPct: 1,
    });
    expect(loose.pAbandon).toBeGreaterThan(0.01);
    expect(strict.pAbandon).toBeLessThanOrEqual(0.01);
    expect(strict.agents).toBeGreaterThan(loose.agents);
  });

  it('can staff below the traffic because impatient callers leave', () => {
    const result = erlangA({ ...hundredCallsPerHalfHour, patienceSec: 60, agents: 8 });
    expect(result.pWait).toBeLessThan(1);
    expect(result.pAbandon).toBeGreaterThan(0.1);
    expect(result.occupancy).toBeLessThanOrEqual(1);
  });
});

describe('patience estimate', () => {
  it('is the total waiting time of all callers over the number of abandons', () => {
    // 40 callers waited 1,200 s in all; 4 of them gave up
    expect(estimatePatienceSec(4, 1200)).toBe(300);
  });

  it('is unknown (null) when nobody abandoned', () => {
    expect(estimatePatienceSec(0, 1200)).toBeNull();
  });

  it('rejects counts that are not counts', () => {
    expect(() => estimatePatienceSec(-1, 10)).toThrow(RangeError);
    expect(() => estimatePatienceSec(1, Number.NaN)).toThrow(RangeError);
  });
});

describe('Erlang A properties', () => {
  const load = fc.record({
    traffic: fc.double({ min: 0.05, max: 5000, noNaN: true }),
    patienceSec: fc.double({ min: 5, max: 3600, noNaN: true }),
    thresholdSec: fc.integer({ min: 0, max: 120 }),
  });

  it('P(wait) falls, SL rises, everything stays within [0, 1] and nothing is NaN, up to 5000 Erlangs', () => {
    fc.assert(
      fc.property(load, fc.double({ min: 0.3, max: 1.3, noNaN: true }), fc.integer({ min: 1, max: 40 }), (l, ratio, extra) => {
        const agents = Math.max(0, Math.round(l.traffic * ratio));
        const input = { arrivalRatePerSec: l.traffic / 180, ahtSec: 180, patienceSec: l.patienceSec };
        const fewer = erlangA({ ...input, agents });
        const more = erlangA({ ...input, agents: agents + extra });
        for (const r of [fewer, more]) {
          for (const value of [r.pWait, r.pAbandon, r.serviceLevel(l.thresholdSec), r.occupancy]) {
            expect(Number.isNaN(value)).toBe(false);
            expect(value).toBeGreaterThanOrEqual(0);
            expect(value).toBeLessThanOrEqual(1);
          }
          expect(Number.isNaN(r.asaSec)).toBe(false);
          expect(r.pAbandon).toBeLessThanOrEqual(r.pWait + 1e-12);
        }
        expect(more.pWait).toBeLessThanOrEqual(fewer.pWait + 1e-12);
        expect(more.pAbandon).toBeLessThanOrEqual(fewer.pAbandon + 1e-12);
        expect(more.serviceLevel(l.thresholdSec)).toBeGreaterThanOrEqual(fewer.serviceLevel(l.thresholdSec) - 1e-12);
      }),
      { numRuns: 150 },
    );
  });
});

/**
 * FCFS M/M/N+M by simulation: a caller is answered when the earliest agent
 * frees up, unless its patience ran out first; callers who give up take no
 * agent time, so they do not delay those behind them.
 */
function simulateQueue(p: {
  lambda: number;
  ahtSec: number;
  patienceSec: number;
  agents: number;
  thresholdSec: number;
  calls: number;
}): { serviceLevel: number; pAbandon: number; asaSec: number } {
  const random = mulberry32(20240607);
  const exponential = (mean: number) => -Math.log(1 - random()) * mean;
  const freeAt = new Array<number>(p.agents).fill(0);
  let now = 0;
  let answeredWithin = 0;
  let abandoned = 0;
  let answered = 0;
  let answeredWait = 0;
  for (let i = 0; i < p.calls; i++) {
    now += exponential(1 / p.lambda);
    const patience = exponential(p.patienceSec);
    let agent = 0;
    for (let k = 1; k < p.agents; k++) if (freeAt[k]! < freeAt[agent]!) agent = k;
    const wait = Math.max(0, freeAt[agent]! - now);
    if (wait > patience) {
      abandoned++;
      continue;
    }
    answered++;
    answeredWait += wait;
    if (wait <= p.thresholdSec) answeredWithin++;
    freeAt[agent] = now + wait + exponential(p.ahtSec);
  }
  return { serviceLevel: answeredWithin / p.calls, pAbandon: abandoned / p.calls, asaSec: answeredWait / answered };
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
