import { describe, expect, it } from 'vitest';
import type { ActiveAlert } from '../../../shared/alerts';
import { alertingQueues, alertLine } from '../../../client/src/alerts/alert-lines';

const alert: ActiveAlert = {
  ruleId: 'r',
  queue: 'support',
  metric: 'agentsAvailable',
  value: 1,
  threshold: 2,
  direction: 'below',
  since: '2026-03-02T07:05:00.000Z',
  sound: false,
};

describe('alert lines on the board', () => {
  it("name the queue by its board name, or the site, and say the figure against its threshold", () => {
    const names = (id: string) => (id === 'support' ? 'Support' : id);
    expect(alertLine(alert, names, 'Europe/Moscow')).toBe('Support: agents available 1 (below 2) since 10:05');
    expect(alertLine({ ...alert, queue: null, metric: 'abandonRatePct', value: 12.34, direction: 'above', threshold: 10 }, names, 'UTC')).toBe(
      'Site: abandon rate today 12.3% (above 10%) since 07:05',
    );
  });

  it('flash only the tiles of queues with an alert; site-wide alerts flash none', () => {
    expect([...alertingQueues([alert, { ...alert, queue: null }])]).toEqual(['support']);
    expect(alertingQueues(undefined).size).toBe(0);
  });
});
