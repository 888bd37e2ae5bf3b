import { afterEach, describe, expect, it, vi } from 'vitest';
import { LiveAggregator } from '../../../server/aggregate/live-aggregator';
import { AmiQueueSource } from '../../../server/ingest/ami/ami-queue-source';
import { createMetrics } from '../../../server/observability/metrics';
import { MemoryLiveStore } from '../../../server/store/memory-live-store';
import { capturedLogger } from '../../support/captured-log';
import { FakeAmi, frame } from '../../support/fake-ami';
import { serverRules } from '../import/import-test-kit';

const WAIT = { timeout: 20_000, interval: 20 };
const BAD_EVENTS = 10_000;

let fake: FakeAmi | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

describe('a PBX sending bad events by the thousand', () => {
  it('counts every one on /metrics but writes a handful of log lines, with the count', async () => {
    fake = await FakeAmi.start();
    fake.onAction = (session, action) => {
      if (action.fields.action !== 'QueueStatus') return;
      const id = `ActionID: ${action.fields.actionid}`;
      session.send(frame(['Response: Success', id, 'EventList: start']) + frame(['Event: QueueStatusComplete', id, 'EventList: Complete', 'ListItems: 0']));
    };
    const metrics = createMetrics();
    const { logger, lines } = capturedLogger('warn');
    const aggregator = new LiveAggregator({ store: new MemoryLiveStore(), site: 'flood', rules: serverRules(), logger, metrics });
    const source = new AmiQueueSource({
      target: { host: '127.0.0.1', port: fake.port, username: 'u', secret: 's' },
      aggregator,
      logger,
      metrics,
      clock: Date.now,
    });
    source.start();
    try {
      await vi.waitFor(() => expect(source.connected).toBe(true), WAIT);
      // a Hangup without Uniqueid: a wanted event the mapper cannot use
      fake.current.send(frame(['Event: Hangup', 'Channel: PJSIP/1-0001']).repeat(BAD_EVENTS));
      await vi.waitFor(async () => {
        const invalid = (await metrics.amiEvents.get()).values.find((v) => v.labels.outcome === 'invalid');
        expect(invalid?.value).toBe(BAD_EVENTS);
      }, WAIT);
    } finally {
      await source.stop();
    }
    const skipped = lines.filter((line) => String(line.msg).startsWith('AMI event with bad fields skipped'));
    expect(skipped.length).toBeGreaterThanOrEqual(1);
    expect(skipped.length).toBeLessThanOrEqual(5);
    // a line is one event, or a summary of `suppressed` events
    const told = skipped.reduce((sum, line) => sum + (typeof line.suppressed === 'number' ? line.suppressed : 1), 0);
    expect(told).toBe(BAD_EVENTS);
  });
});
