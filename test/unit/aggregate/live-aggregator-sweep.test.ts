import { describe, expect, it } from 'vitest';
import { LiveAggregator } from '../../../server/aggregate/live-aggregator';
import type { QueueEvent } from '../../../server/domain/queue-events';
import { testQueueRules } from '../../support/queue-rules';
import { createLogger } from '../../../server/observability/logger';
import { createMetrics } from '../../../server/observability/metrics';
import { MemoryLiveStore } from '../../../server/store/memory-live-store';

const rules = testQueueRules();
const T0 = Date.parse('2026-11-23T09:00:00Z');

function setup() {
  let monotonic = 0;
  const store = new MemoryLiveStore();
  const aggregator = new LiveAggregator({
    store,
    site: 'sweep',
    rules,
    logger: createLogger('silent'),
    metrics: createMetrics(),
    monotonicNow: () => monotonic,
  });
  const day = async () => (await store.readDayCounters('sweep', '2026-11-23')).sales;
  return { aggregator, day, advance: (ms: number) => (monotonic += ms) };
}

const joinAndLeave: QueueEvent[] = [
  { kind: 'caller.joined', at: T0, queueId: 'sales', callId: 'c1', position: 1, callerId: null },
  { kind: 'caller.left', at: T0 + 30_000, queueId: 'sales', callId: 'c1' },
];
const connect: QueueEvent = { kind: 'agent.connected', at: T0 + 30_000, queueId: 'sales', callId: 'c1', agentId: 'PJSIP/1', name: 'A', holdSec: 30, ringSec: 1 };

describe('live aggregator: deciding outcomes nobody reported', () => {
  it('does not decide a caller who just left while events are still flowing', async () => {
    const { aggregator, day, advance } = setup();
    for (const event of joinAndLeave) aggregator.submit(event);
    await aggregator.settled();
    advance(500); // events keep arriving: the line is not quiet
    aggregator.sweep();
    aggregator.submit(connect);
    await aggregator.settled();
    expect(await day()).toMatchObject({ offered: 1, answered: 1, timedOut: 0, abandoned: 0 });
  });

  it('decides it once the line has been quiet for the grace time', async () => {
    const { aggregator, day, advance } = setup();
    for (const event of joinAndLeave) aggregator.submit(event);
    await aggregator.settled();
    advance(10_000);
    aggregator.sweep();
    await aggregator.settled();
    expect(await day()).toMatchObject({ offered: 1, answered: 0, timedOut: 1 });
  });
});
