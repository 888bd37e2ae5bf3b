import { describe, expect, it } from 'vitest';
import { staffingResponseSchema, type StaffingInterval, type StaffingResponse } from '../../../shared/history-api';
import { buildStaffingView } from '../../../client/src/pages/plan/staffing-series';

function interval(time: string, requiredC: number, requiredA: number | null, staffed: number, offered = 10): StaffingInterval {
  return {
    time,
    intervalStart: null,
    offered,
    ahtSec: 300,
    trafficErlangs: (offered * 300) / 900,
    requiredErlangC: requiredC,
    requiredErlangA: requiredA,
    scheduledErlangC: Math.ceil(requiredC / 0.7),
    scheduledErlangA: requiredA === null ? null : Math.ceil(requiredA / 0.7),
    staffedAgents: staffed,
    netErlangC: staffed - requiredC,
    netErlangA: requiredA === null ? null : staffed - requiredA,
  };
}

function reply(intervals: StaffingInterval[]): StaffingResponse {
  return staffingResponseSchema.parse({
    site: 's',
    timeZone: 'Europe/Moscow',
    queue: null,
    basis: { kind: 'date', date: '2026-11-23' },
    target: { slPct: 80, slSec: 20, shrinkage: 0.3, maxOccupancy: null, ahtSec: null },
    patienceSec: 120,
    patienceSource: 'observed',
    intervals,
  });
}

const day = reply([
  interval('09:00', 5, 4, 6),
  interval('09:15', 8, 6, 7), // short against C only
  interval('09:30', 9, 8, 7), // short against both
  interval('09:45', 6, 5, 6.5),
  interval('10:00', 12, 10, 9.5), // short against both
  interval('23:45', 3, 2, 2), // short against both, the day's last interval
]);

describe('required vs staffed', () => {
  it('marks intervals with fewer agents staffed than required as short', () => {
    const view = buildStaffingView(day, 'erlangC');
    expect(view.rows.map((r) => r.underStaffed)).toEqual([false, true, true, false, true, true]);
    expect(view.rows.map((r) => r.shortBand)).toEqual([0, 1, 1, 0, 1, 1]);
    expect(view.underStaffedIntervals).toBe(4);
  });

  it('joins consecutive short intervals into runs, ending the last at 24:00', () => {
    const view = buildStaffingView(day, 'erlangC');
    expect(view.runs).toEqual([
      { from: '09:15', to: '09:45', intervals: 2 },
      { from: '10:00', to: '10:15', intervals: 1 },
      { from: '23:45', to: '24:00', intervals: 1 },
    ]);
  });

  it('holds staffing against Erlang A when asked: fewer intervals are short where callers abandon', () => {
    const view = buildStaffingView(day, 'erlangA');
    expect(view.model).toBe('erlangA');
    expect(view.rows.map((r) => r.underStaffed)).toEqual([false, false, true, false, true, false]);
  });

  it('falls back to Erlang C when the reply has no Erlang A (nobody abandoned)', () => {
    const view = buildStaffingView(reply([interval('09:00', 5, null, 4)]), 'erlangA');
    expect(view.model).toBe('erlangC');
    expect(view.erlangAAvailable).toBe(false);
    expect(view.underStaffedIntervals).toBe(1);
  });

  it('finds the peak requirement and the agent-hours of the day', () => {
    const view = buildStaffingView(day, 'erlangC');
    expect(view.peak).toEqual({ time: '10:00', required: 12, scheduled: 18 });
    expect(view.requiredAgentHours).toBeCloseTo((5 + 8 + 9 + 6 + 12 + 3) / 4);
    expect(view.staffedAgentHours).toBeCloseTo((6 + 7 + 7 + 6.5 + 9.5 + 2) / 4);
  });

  it('reports no load and no peak for a basis without calls', () => {
    const view = buildStaffingView(reply([interval('09:00', 0, 0, 0, 0)]), 'erlangC');
    expect(view.hasLoad).toBe(false);
    expect(view.peak).toBeNull();
    expect(view.underStaffedIntervals).toBe(0);
  });
});
