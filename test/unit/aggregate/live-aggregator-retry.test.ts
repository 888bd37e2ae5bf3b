import { afterEach, describe, expect, it, vi } from 'vitest';
import { LiveAggregator } from '../../../server/aggregate/live-aggregator';
import type { LiveOp } from '../../../server/domain/live-state';
import { createLogger } from '../../../server/observability/logger';
import { createMetrics } from '../../../server/observability/metrics';
import { MemoryLiveStore } from '../../../server/store/memory-live-store';
import { serverRules } from '../import/import-test-kit';

const T0 = Date.parse('2026-11-23T09:00:00Z');

afterEach(() => {
  vi.useRealTimers();
});

describe('live aggregator: store outage', () => {
  it('retries the same batch with backoff until the store takes it, counting each failure, and applies it once', async () => {
    vi.useFakeTimers();
    const store = new MemoryLiveStore();
    let failuresLeft = 3;
    const apply = store.apply.bind(store);
    store.apply = (site: string, ops: LiveOp[]) => (failuresLeft-- > 0 ? Promise.reject(new Error('ECONNREFUSED')) : apply(site, ops));
    const metrics = createMetrics();
    const aggregator = new LiveAggregator({ store, site: 'outage', rules: serverRules(), logger: createLogger('silent'), metrics });
    aggregator.submit({ kind: 'caller.joined', at: T0, queueId: 'sales', callId: 'c1', position: 1, callerId: null });
    const settled = aggregator.settled();
    // three waits, each below its ceiling of 100, 200 and 400 ms
    await vi.advanceTimersByTimeAsync(700);
    await settled;
    expect(failuresLeft).toBe(-1);
    expect((await metrics.storeApplyFailures.get()).values[0]?.value).toBe(3);
    expect((await store.readDayCounters('outage', '2026-11-23')).sales).toMatchObject({ offered: 1 });
  });
});
