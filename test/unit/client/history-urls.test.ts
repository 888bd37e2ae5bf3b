import { describe, expect, it } from 'vitest';
import { dayQuerySchema, heatmapQuerySchema, intervalsQuerySchema, intradayQuerySchema, staffingQuerySchema } from '../../../shared/history-api';
import { dateRangeCsvUrl, dayUrl, heatmapUrl, intervalsUrl, intradayUrl, staffingUrl } from '../../../client/src/pages/shared/history-urls';

function queryOf(url: string): Record<string, string> {
  return Object.fromEntries(new URL(url, 'http://x').searchParams);
}

describe('history API URLs', () => {
  it('asks for a day of all queues without a queue parameter (the API refuses an empty one)', () => {
    const url = dayUrl({ date: '2026-11-23', queue: null, compare: 4 });
    expect(url).toBe('/api/history/day?date=2026-11-23&compare=4');
    expect(dayQuerySchema.safeParse(queryOf(url)).success).toBe(true);
  });

  it('builds the CSV link as the same query with format=csv', () => {
    const json = dayUrl({ date: '2026-11-23', queue: 'support-l1', compare: 4 });
    const csv = dayUrl({ date: '2026-11-23', queue: 'support-l1', compare: 4 }, 'csv');
    expect(csv).toBe(`${json}&format=csv`);
    expect(dayQuerySchema.parse(queryOf(csv))).toMatchObject({ date: '2026-11-23', queue: 'support-l1', compare: 4, format: 'csv' });
  });

  it('escapes queue names', () => {
    expect(queryOf(heatmapUrl({ weeks: 8, queue: 'L1 & L2', metric: 'offered' })).queue).toBe('L1 & L2');
  });

  it('exports a date range with both days included: the API excludes `to`', () => {
    const url = dateRangeCsvUrl('2026-11-17', '2026-11-23', 'sales');
    expect(url).toBe('/api/history/intervals?from=2026-11-17&to=2026-11-24&queue=sales&format=csv');
    expect(intervalsQuerySchema.safeParse(queryOf(url ?? '')).success).toBe(true);
    expect(dateRangeCsvUrl('2026-11-23', '2026-11-23', null)).toBe('/api/history/intervals?from=2026-11-23&to=2026-11-24&format=csv');
  });

  it('has no range link for a backwards or incomplete range', () => {
    expect(dateRangeCsvUrl('2026-11-24', '2026-11-23', null)).toBeNull();
    expect(dateRangeCsvUrl('', '2026-11-23', null)).toBeNull();
  });

  it('passes staffing parameters through, leaving out the empty ones', () => {
    const url = staffingUrl({ weekday: '1', weeks: '8', slPct: '90', ahtSec: '', queue: null });
    expect(url).toBe('/api/plan/staffing?weekday=1&weeks=8&slPct=90');
    expect(staffingQuerySchema.safeParse(queryOf(url)).success).toBe(true);
    expect(heatmapQuerySchema.safeParse(queryOf(heatmapUrl({ weeks: 12, queue: null, metric: 'ahtSec' }, 'csv'))).success).toBe(true);
    expect(intervalsUrl({ from: '2026-11-01', to: '2026-11-02', queue: null })).toBe('/api/history/intervals?from=2026-11-01&to=2026-11-02');
  });

  it('asks for the rest of today of one queue, or of all without a queue parameter', () => {
    expect(intradayUrl(null)).toBe('/api/plan/intraday');
    expect(intradayUrl('sales')).toBe('/api/plan/intraday?queue=sales');
    expect(intradayQuerySchema.safeParse(queryOf(intradayUrl('sales'))).success).toBe(true);
  });
});
