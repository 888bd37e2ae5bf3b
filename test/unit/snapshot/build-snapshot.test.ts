import { describe, expect, it } from 'vitest';
import { emptyCounters, type Counters } from '../../../shared/call-counters';
import type { LiveSnapshot } from '../../../shared/snapshot';
import { QueueSettingsBook } from '../../../server/config/queue-settings';
import { emptyLiveState } from '../../../server/domain/live-state';
import { buildSnapshot } from '../../../server/snapshot/build-snapshot';
import { QueueMinuteHistory } from '../../../server/snapshot/queue-minute-history';

const NOW = Date.parse('2026-11-23T09:00:00Z');
const settings = QueueSettingsBook.parse({ queues: { sales: { name: 'Sales' }, support: { name: 'Support' }, billing: { name: 'Billing' } } });
const counters = (c: Partial<Counters>): Counters => ({ ...emptyCounters(), ...c });

function snapshot(source: LiveSnapshot['source'], dayCounters: Record<string, Counters>): LiveSnapshot {
  const state = emptyLiveState();
  state.queues.sales = { id: 'sales', serviceLevelSec: 20 };
  const history = new QueueMinuteHistory();
  return buildSnapshot({
    site: 's',
    timeZone: 'Europe/Moscow',
    day: '2026-11-23',
    intervalStart: NOW,
    now: NOW,
    seq: 1,
    state,
    dayCounters,
    intervalCounters: {},
    settings,
    source,
    recent: (queueId) => history.recent(NOW, '2026-11-23', queueId, dayCounters[queueId] ?? emptyCounters()),
  });
}

const linked = { kind: 'ami', connected: true, lastEventAt: null, since: null, failure: null } as const;
const down = { kind: 'ami', connected: false, lastEventAt: null, since: '2026-11-23T08:55:00.000Z', failure: 'refused' } as const;

describe('buildSnapshot', () => {
  it('shows every configured queue while the PBX link is down, with the figures it has', () => {
    const board = snapshot(down, { support: counters({ offered: 12, answered: 10, abandoned: 2 }) });
    expect(board.queues.map((q) => q.id)).toEqual(['sales', 'support', 'billing']);
    expect(board.queues[1]!.today.offered).toBe(12);
  });

  it('shows only the queues the PBX has once linked', () => {
    const board = snapshot(linked, { support: counters({ offered: 1 }) });
    expect(board.queues.map((q) => q.id)).toEqual(['sales', 'support']);
  });

  it('gives the abandon rate over calls with an outcome, and the timed-out count', () => {
    const board = snapshot(linked, { sales: counters({ offered: 30, answered: 20, abandoned: 4, timedOut: 1 }) });
    const sales = board.queues[0]!;
    expect(sales.today.abandonRatePct).toBeCloseTo((100 * 4) / 25);
    expect(sales.today.timedOut).toBe(1);
    expect(board.queues[0]!.currentInterval.abandonRatePct).toBeNull();
  });
});
