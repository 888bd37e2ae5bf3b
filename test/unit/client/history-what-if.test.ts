import { describe, expect, it } from 'vitest';
import { staffingQuerySchema } from '../../../shared/history-api';
import { DEFAULT_WHAT_IF, describeParamProblem, fieldOfParam, staffingParams } from '../../../client/src/pages/plan/what-if';

const monday = { kind: 'weekday', weekday: 1, weeks: 8 } as const;

describe('what-if inputs to staffing parameters', () => {
  it('sends the defaults as the API defaults, for a weekday over the chosen weeks', () => {
    const result = staffingParams(monday, null, DEFAULT_WHAT_IF);
    expect(result).toEqual({ ok: true, params: { weekday: '1', weeks: '8', slPct: '80', slSec: '20', shrinkage: '0.3' } });
    expect(staffingQuerySchema.safeParse(result.ok ? result.params : {}).success).toBe(true);
  });

  it('leaves weeks out when the page lets the server span the history there is', () => {
    const result = staffingParams({ ...monday, weeks: null }, null, DEFAULT_WHAT_IF);
    expect(result).toEqual({ ok: true, params: { weekday: '1', slPct: '80', slSec: '20', shrinkage: '0.3' } });
  });

  it('turns percentages typed as percent into the shares the API wants', () => {
    const result = staffingParams({ kind: 'date', date: '2026-11-23' }, 'sales', {
      ...DEFAULT_WHAT_IF,
      shrinkagePct: '7',
      maxOccupancyPct: '85',
      ahtSec: '240',
      patienceSec: '90',
    });
    expect(result).toEqual({
      ok: true,
      params: { date: '2026-11-23', queue: 'sales', slPct: '80', slSec: '20', ahtSec: '240', patienceSec: '90', shrinkage: '0.07', maxOccupancy: '0.85' },
    });
    expect(staffingQuerySchema.safeParse(result.ok ? result.params : {}).success).toBe(true);
  });

  it('leaves optional fields out when blank, so the observed figures are used', () => {
    const result = staffingParams(monday, null, { ...DEFAULT_WHAT_IF, ahtSec: '  ', patienceSec: '' });
    expect(result.ok && Object.keys(result.params)).not.toContain('ahtSec');
    expect(result.ok && Object.keys(result.params)).not.toContain('patienceSec');
  });

  it('holds back a request with a required field empty or text that is no number', () => {
    expect(staffingParams(monday, null, { ...DEFAULT_WHAT_IF, slPct: '', ahtSec: '4 min' })).toEqual({
      ok: false,
      problems: [
        { field: 'slPct', message: 'enter a number' },
        { field: 'ahtSec', message: '“4 min” is not a number' },
      ],
    });
  });

  it('leaves ranges to the server, which names the parameter', () => {
    const result = staffingParams(monday, null, { ...DEFAULT_WHAT_IF, slPct: '100', shrinkagePct: '100' });
    expect(result.ok).toBe(true);
    const parsed = staffingQuerySchema.safeParse(result.ok ? result.params : {});
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path[0])).toEqual(['slPct', 'shrinkage']);
  });

  it('maps a refused parameter back to its field and says what was sent', () => {
    expect(fieldOfParam('shrinkage')).toBe('shrinkagePct');
    expect(fieldOfParam('slPct')).toBe('slPct');
    expect(fieldOfParam('weeks')).toBeNull();
    expect(fieldOfParam(null)).toBeNull();
    expect(describeParamProblem({ param: 'shrinkage', message: 'expected a share from 0 up to (not including) 1' }, { shrinkage: '1' })).toBe(
      'Shrinkage (%) — shrinkage=1: expected a share from 0 up to (not including) 1',
    );
    expect(describeParamProblem({ param: 'weeks', message: 'at most 52' }, { weeks: '60' })).toBe('weeks=60: at most 52');
    expect(describeParamProblem({ param: null, message: 'internal' }, {})).toBe('internal');
  });
});
