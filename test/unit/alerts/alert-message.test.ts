import { describe, expect, it } from 'vitest';
import type { AlertNotice } from '../../../shared/alerts';
import { alertHeadline, alertText } from '../../../server/alerts/alert-message';

const notice: AlertNotice = {
  ruleId: 'support-sl',
  state: 'firing',
  repeat: false,
  queue: 'support',
  metric: 'serviceLevel30MinPct',
  value: 71.25,
  threshold: 80,
  at: '2026-03-02T07:40:00.000Z',
  since: '2026-03-02T07:32:00.000Z',
};

describe('alert messages', () => {
  it('say the state, rule, place, figure and threshold with units, and since when in site time', () => {
    expect(alertHeadline(notice)).toBe('[FIRING] support-sl: queue support, service level last 30 min 71.3% (threshold 80%)');
    expect(alertHeadline({ ...notice, repeat: true })).toMatch(/^\[STILL FIRING\] /);
    expect(alertHeadline({ ...notice, state: 'resolved', queue: null, metric: 'longestWaitSec', value: 12 })).toBe(
      '[RESOLVED] support-sl: site, longest wait 12 s (threshold 80 s)',
    );
    expect(alertText(notice, 'Europe/Moscow').split('\n')[1]).toBe('since 10:32 (Europe/Moscow), at 2026-03-02T07:40:00.000Z');
  });
});
