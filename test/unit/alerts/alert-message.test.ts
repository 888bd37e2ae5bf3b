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
    expect(alertHeadline(notice, 'en')).toBe('[FIRING] support-sl: queue support, service level last 30 min 71.3% (threshold 80%)');
    expect(alertHeadline({ ...notice, repeat: true }, 'en')).toMatch(/^\[STILL FIRING\] /);
    expect(alertHeadline({ ...notice, state: 'resolved', queue: null, metric: 'longestWaitSec', value: 12 }, 'en')).toBe(
      '[RESOLVED] support-sl: site, longest wait 12 s (threshold 80 s)',
    );
    expect(alertText(notice, 'Europe/Moscow', 'en').split('\n')[1]).toBe('since 10:32 (Europe/Moscow), at 2026-03-02T07:40:00.000Z');
  });

  it('speak Russian on a SITE_LANG=ru site, with a decimal comma', () => {
    expect(alertHeadline(notice, 'ru')).toBe('[ТРЕВОГА] support-sl: очередь support, уровень сервиса за 30 мин 71,3% (порог 80%)');
    expect(alertHeadline({ ...notice, state: 'resolved', queue: null, metric: 'longestWaitSec', value: 12 }, 'ru')).toBe(
      '[НОРМА] support-sl: весь сайт, макс. ожидание 12 с (порог 80 с)',
    );
    expect(alertText(notice, 'Europe/Moscow', 'ru').split('\n')[1]).toBe('с 10:32 (Europe/Moscow), на 2026-03-02T07:40:00.000Z');
  });
});
