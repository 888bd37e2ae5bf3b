import { describe, expect, it } from 'vitest';
import { LiveAggregator } from '../../../server/aggregate/live-aggregator';
import type { LiveOp } from '../../../server/domain/live-state';
import type { QueueEvent } from '../../../server/domain/queue-events';
import { createLogger } from '../../../server/observability/logger';
import { createMetrics } from '../../../server/observability/metrics';
import { DeadLetters } from '../../../server/resilience/dead-letters';
import { MemoryLiveStore } from '../../../server/store/memory-live-store';
import { serverRules } from '../import/import-test-kit';

const T0 = Date.parse('2026-11-23T09:00:00Z');
const joined = (callId: string, at = T0): QueueEvent => ({ kind: 'caller.joined', at, queueId: 'sales', callId, position: 1, callerId: null });

/** A store whose next `refusals` applies throw `error`, as the input checks or Redis would. */
function refusingStore(error: () => Error, refusals: number) {
  const store = new MemoryLiveStore();
  const apply = store.apply.bind(store);
  let left = refusals;
  let attempts = 0;
  store.apply = (site: string, ops: readonly LiveOp[]) => {
    attempts++;
    return left-- > 0 ? Promise.reject(error()) : apply(site, ops);
  };
  return { store, attempts: () => attempts };
}

function aggregatorOn(store: MemoryLiveStore) {
  const metrics = createMetrics();
  const logger = createLogger('silent');
  const deadLetters = new DeadLetters({ store, site: 'poison', logger, metrics, clock: () => T0 });
  const aggregator = new LiveAggregator({ store, site: 'poison', rules: serverRules(), logger, metrics, deadLetters });
  const deadLettered = async (pipeline: string) =>
    (await metrics.deadLetters.get()).values.find((value) => value.labels.pipeline === pipeline)?.value;
  return { aggregator, deadLetters, deadLettered };
}

describe('live aggregator: a batch the store refuses for good', () => {
  it('sets a batch refused by an input check aside with its events and the error, once, and applies the events after it', async () => {
    const { store, attempts } = refusingStore(() => new RangeError('invalid counter delta offered=NaN'), 1);
    const { aggregator, deadLetters, deadLettered } = aggregatorOn(store);

    aggregator.submit(joined('poison'));
    await aggregator.settled();
    expect(attempts()).toBe(1);
    expect(await store.readDeadLetters('poison', 10)).toEqual([
      { pipeline: 'live', at: T0, error: 'invalid counter delta offered=NaN', events: [joined('poison')] },
    ]);
    expect(await deadLettered('live')).toBe(1);
    expect(await deadLettered('history')).toBe(0);
    expect(deadLetters.health()).toEqual({
      ok: false,
      detail: `1 dead-lettered (live 1); newest 2026-11-23T09:00:00.000Z live: invalid counter delta offered=NaN`,
    });

    // the mirror was read back from the store, so the refused caller is not carried along
    aggregator.submit(joined('good', T0 + 1000));
    await aggregator.settled();
    expect((await store.readDayCounters('poison', '2026-11-23')).sales).toMatchObject({ offered: 1 });
    expect(Object.keys((await store.readLive('poison')).state.waiting)).toEqual(['sales|good']);
  });

  it('retries a transient error and dead-letters nothing', async () => {
    const { store, attempts } = refusingStore(() => Object.assign(new Error('LOADING Redis is loading'), { name: 'ReplyError' }), 1);
    const { aggregator, deadLetters } = aggregatorOn(store);
    aggregator.submit(joined('c1'));
    await aggregator.settled();
    expect(attempts()).toBe(2);
    expect(await store.readDeadLetters('poison', 10)).toEqual([]);
    expect(deadLetters.health()).toEqual({ ok: true, detail: 'none' });
  });

  it('keeps the letter in the process and logs it when the store refuses the letter too', async () => {
    const { store } = refusingStore(() => new TypeError('bad op'), 1);
    store.pushDeadLetter = () => Promise.reject(new Error('ECONNRESET'));
    const { aggregator, deadLetters } = aggregatorOn(store);
    aggregator.submit(joined('c1'));
    await aggregator.settled();
    expect(deadLetters.health().detail).toMatch(/^1 dead-lettered \(live 1\); 1 kept in this process only; newest .* live: bad op$/);
  });

  it('sets aside an event the reducer cannot take, alone, and applies the others of its batch', async () => {
    const store = new MemoryLiveStore();
    const { aggregator, deadLettered } = aggregatorOn(store);
    const unreadable = joined('nan', Number.NaN);
    aggregator.submit(joined('before'));
    aggregator.submit(unreadable);
    aggregator.submit(joined('after', T0 + 1000));
    await aggregator.settled();
    expect(await store.readDeadLetters('poison', 10)).toMatchObject([{ pipeline: 'live', error: 'Invalid time value', events: [unreadable] }]);
    expect(await deadLettered('live')).toBe(1);
    expect((await store.readDayCounters('poison', '2026-11-23')).sales).toMatchObject({ offered: 2 });
  });
});
