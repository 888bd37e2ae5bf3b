import { describe, expect, it } from 'vitest';
import { parseDayViewState, serializeDayViewState } from '../../../client/src/pages/day/day-view-state';
import { parsePlanViewState, serializePlanViewState } from '../../../client/src/pages/plan/plan-view-state';
import { DEFAULT_WHAT_IF } from '../../../client/src/pages/plan/what-if';

const search = (query: string) => new URLSearchParams(query);

describe('Day page state in the URL', () => {
  it('defaults to today, all queues, four earlier weeks, and writes nothing for the defaults', () => {
    const state = parseDayViewState(search(''));
    expect(state).toEqual({ date: null, queue: null, compare: 4 });
    expect(serializeDayViewState(state).toString()).toBe('');
  });

  it('round-trips a chosen view', () => {
    const query = 'date=2026-11-16&queue=support-l1&compare=8';
    expect(serializeDayViewState(parseDayViewState(search(query))).toString()).toBe(query);
  });

  it('ignores what it cannot use rather than failing', () => {
    expect(parseDayViewState(search('date=2026-02-30&queue=&compare=3'))).toEqual({ date: null, queue: null, compare: 4 });
  });
});

describe('Plan page state in the URL', () => {
  it('defaults to offered calls over the history there is, Monday, Erlang C and the 80/20 target', () => {
    const state = parsePlanViewState(search(''));
    expect(state).toEqual({
      metric: 'offered',
      weeks: null,
      queue: null,
      basis: { kind: 'weekday', weekday: 1 },
      model: 'erlangC',
      whatIf: DEFAULT_WHAT_IF,
    });
    expect(serializePlanViewState(state).toString()).toBe('');
  });

  it('round-trips a chosen view with its what-if', () => {
    const query = 'metric=ahtSec&weeks=12&queue=sales&date=2026-11-16&model=erlangA&slPct=90&shrinkagePct=35';
    const state = parsePlanViewState(search(query));
    expect(state.basis).toEqual({ kind: 'date', date: '2026-11-16' });
    expect(state.whatIf).toEqual({ ...DEFAULT_WHAT_IF, slPct: '90', shrinkagePct: '35' });
    expect(serializePlanViewState(state).toString()).toBe(query);
  });

  it('ignores unknown metrics, weeks and weekdays', () => {
    const state = parsePlanViewState(search('metric=revenue&weeks=9&weekday=8'));
    expect(state.metric).toBe('offered');
    expect(state.weeks).toBeNull();
    expect(state.basis).toEqual({ kind: 'weekday', weekday: 1 });
  });
});
