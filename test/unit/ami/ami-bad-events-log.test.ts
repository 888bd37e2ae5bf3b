import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMetrics } from '../../../server/observability/metrics';
import { capturedLogger } from '../../support/captured-log';
import { frame } from '../../support/fake-ami';
import { queueSourceOnEmptyPbx, stopFakePbxSources } from '../../support/fake-ami-source';

const WAIT = { timeout: 20_000, interval: 20 };
const BAD_EVENTS = 10_000;

afterEach(stopFakePbxSources);

describe('a PBX sending bad events by the thousand', () => {
  it('counts every one on /metrics but writes a handful of log lines, with the count', async () => {
    const metrics = createMetrics();
    const { logger, lines } = capturedLogger('warn');
    const { fake, source } = await queueSourceOnEmptyPbx({ logger, metrics });
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
