import { describe, expect, it } from 'vitest';
import { emptyCounters, type Counters } from '../../../shared/call-counters';
import { applyLiveOps, emptyLiveState, type LiveOp, type TrackedCall } from '../../../server/domain/live-state';
import { storeRebuildOps } from '../../../server/domain/store-rebuild-ops';
import { MemoryLiveStore } from '../../../server/store/memory-live-store';

const DAY = '2026-03-03';
const NINE = Date.parse('2026-03-03T09:00:00+03:00');
const QUARTER = 15 * 60_000;

function tracked(callId: string, connected: boolean, day = DAY, intervalStart = NINE): TrackedCall {
  return {
    queueId: 'support',
    callId,
    joinedAt: intervalStart + 1_000,
    day,
    intervalStart,
    connected,
    connectedAt: connected ? intervalStart + 21_000 : null,
    holdSec: connected ? 20 : null,
    answeredWithinSl: connected ? true : null,
    agentId: connected ? 'PJSIP/1' : null,
    abandonHoldSec: null,
    leftAt: null,
  };
}

const counters = (values: Partial<Counters>): Counters => ({ ...emptyCounters(), ...values });

describe('store rebuild ops', () => {
  it("put back the state and make each interval hold history's finished calls plus the tracked calls, less what the store holds", async () => {
    const mirror = emptyLiveState();
    const ops: LiveOp[] = [
      { op: 'call.put', call: tracked('waiting', false) },
      { op: 'call.put', call: tracked('talking', true, DAY, NINE + QUARTER) },
      // joined yesterday: its state comes back, its counters were yesterday's
      { op: 'call.put', call: tracked('old', true, '2026-03-02', NINE - 86_400_000) },
      {
        op: 'agent.put',
        agent: {
          id: 'PJSIP/1',
          name: 'Anna',
          memberships: {},
          deviceStatus: 2,
          onCall: null,
          ringingFor: null,
          wrapUntil: null,
          wrapupSec: 0,
          stateSince: NINE,
          lastState: 'available',
          answeredDay: DAY,
          answeredToday: 1,
        },
      },
    ];
    applyLiveOps(mirror, ops);
    const store = new MemoryLiveStore();
    // a batch that landed after the store was emptied
    await store.apply('s', [{ op: 'counters.add', queueId: 'support', day: DAY, intervalStart: NINE, delta: { offered: 1 } }]);

    const rebuild = storeRebuildOps({
      day: DAY,
      finished: [
        { queueId: 'support', intervalStart: NINE, counters: counters({ offered: 3, answered: 2, handled: 2, abandoned: 1, talkSec: 200.5 }) },
        { queueId: 'sales', intervalStart: NINE + QUARTER, counters: counters({ offered: 1, timedOut: 1 }) },
      ],
      mirror,
      stored: [{ queueId: 'support', intervalStart: NINE, counters: counters({ offered: 1 }) }],
    });
    await store.apply('s', rebuild);

    const live = await store.readLive('s');
    expect(Object.keys(live.state.calls).sort()).toEqual(['support|old', 'support|talking', 'support|waiting']);
    expect(Object.keys(live.state.agents)).toEqual(['PJSIP/1']);
    expect((await store.readIntervalCounters('s', NINE)).support).toEqual(
      counters({ offered: 4, answered: 2, handled: 2, abandoned: 1, talkSec: 200.5 }),
    );
    expect(await store.readIntervalCounters('s', NINE + QUARTER)).toEqual({
      support: counters({ offered: 1, answered: 1, answeredWithinSl: 1, holdSec: 20 }),
      sales: counters({ offered: 1, timedOut: 1 }),
    });
    expect((await store.readDayCounters('s', DAY)).support?.offered).toBe(5);
    expect(await store.readDayCounters('s', '2026-03-02')).toEqual({});
  });

  it('add nothing to an interval the store already holds right', () => {
    const right = counters({ offered: 2, abandoned: 2 });
    const ops = storeRebuildOps({
      day: DAY,
      finished: [{ queueId: 'support', intervalStart: NINE, counters: right }],
      mirror: emptyLiveState(),
      stored: [{ queueId: 'support', intervalStart: NINE, counters: right }],
    });
    expect(ops).toEqual([]);
  });
});
