import { afterEach, describe, expect, it, vi } from 'vitest';
import { LiveAggregator } from '../../../server/aggregate/live-aggregator';
import type { LiveOp } from '../../../server/domain/live-state';
import type { QueueEvent } from '../../../server/domain/queue-events';
import { createLogger } from '../../../server/observability/logger';
import { createMetrics } from '../../../server/observability/metrics';
import type { ReaderBatch } from '../../../server/store/lease-store';
import { MemoryLiveStore } from '../../../server/store/memory-live-store';
import { serverRules } from '../import/import-test-kit';

const T0 = Date.parse('2026-11-23T09:00:00Z');
const DAY = '2026-11-23';
const SITE = 'fenced';

afterEach(() => {
  vi.useRealTimers();
});

function joined(callId: string, at = T0): QueueEvent {
  return { kind: 'caller.joined', at, queueId: 'sales', callId, position: 1, callerId: null };
}

function reader(store: MemoryLiveStore, onFencedOut?: () => void) {
  const metrics = createMetrics();
  const aggregator = new LiveAggregator({ store, site: SITE, rules: serverRules(), logger: createLogger('silent'), metrics, onFencedOut });
  return { aggregator, metrics };
}

async function offered(store: MemoryLiveStore): Promise<number | undefined> {
  return (await store.readDayCounters(SITE, DAY)).sales?.offered;
}

describe('live aggregator as a fenced reader', () => {
  it('has a batch of a reader that lost the lease refused, counted and dropped, and stops taking events', async () => {
    const store = new MemoryLiveStore();
    const fencedOut = vi.fn();
    const a = reader(store, fencedOut);
    await a.aggregator.resume((await store.acquireReaderLease(SITE, 'node-a', 60_000))!);
    a.aggregator.submit(joined('c1'));
    await a.aggregator.settled();

    await store.releaseReaderLease(SITE, 'node-a');
    await store.acquireReaderLease(SITE, 'node-b', 60_000);
    a.aggregator.submit(joined('c2'));
    await a.aggregator.settled();
    a.aggregator.submit(joined('c3'));
    await a.aggregator.settled();

    expect(await offered(store)).toBe(1);
    expect(fencedOut).toHaveBeenCalledTimes(1);
    expect((await a.metrics.staleBatchesRefused.get()).values[0]?.value).toBe(1);
    expect(Object.keys((await store.readLive(SITE)).state.waiting)).toEqual(['sales|c1']);
  });

  it('reloads its mirror when it takes the lease again, so what another reader applied meanwhile is not counted twice', async () => {
    const store = new MemoryLiveStore();
    const a = reader(store);
    const b = reader(store);
    await a.aggregator.resume((await store.acquireReaderLease(SITE, 'node-a', 60_000))!);
    a.aggregator.submit(joined('c1'));
    await a.aggregator.settled();
    await store.releaseReaderLease(SITE, 'node-a');

    await b.aggregator.resume((await store.acquireReaderLease(SITE, 'node-b', 60_000))!);
    b.aggregator.submit(joined('c2', T0 + 1000));
    await b.aggregator.settled();
    await store.releaseReaderLease(SITE, 'node-b');

    // node a reads again; its resync reports c2, which node b already counted
    await a.aggregator.resume((await store.acquireReaderLease(SITE, 'node-a', 60_000))!);
    a.aggregator.submit(joined('c2', T0 + 1000));
    await a.aggregator.settled();
    expect(await offered(store)).toBe(2);
  });

  it('retries a batch whose reply was lost with the same id, so it is applied once', async () => {
    vi.useFakeTimers();
    const store = new MemoryLiveStore();
    const apply = store.apply.bind(store);
    const ids: ReaderBatch[] = [];
    let replyLost = true;
    store.apply = async (site: string, ops: readonly LiveOp[], batch?: ReaderBatch) => {
      if (batch) ids.push(batch);
      const seq = await apply(site, ops, batch);
      if (replyLost) {
        replyLost = false;
        throw new Error('connection reset before the reply');
      }
      return seq;
    };
    const a = reader(store);
    await a.aggregator.resume((await store.acquireReaderLease(SITE, 'node-a', 600_000))!);
    a.aggregator.submit(joined('c1'));
    const settled = a.aggregator.settled();
    await vi.advanceTimersByTimeAsync(200);
    await settled;
    expect(ids).toEqual([
      { generation: 1, sequence: 1 },
      { generation: 1, sequence: 1 },
    ]);
    expect(await offered(store)).toBe(1);
  });
});
