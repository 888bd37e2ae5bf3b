import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../../server/observability/logger';
import { createMetrics } from '../../../server/observability/metrics';
import { frame } from '../../support/fake-ami';
import { queueSourceOnEmptyPbx, stopFakePbxSources } from '../../support/fake-ami-source';

const WAIT = { timeout: 10_000, interval: 10 };

afterEach(stopFakePbxSources);

/** The value of an unlabelled metric in the registry's text exposition. */
function metricValue(text: string, name: string): number | undefined {
  const match = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  return match ? Number(match[1]) : undefined;
}

describe('AMI client troubles on /metrics', () => {
  it('counts an oversize frame and a reconnect in the registry', async () => {
    const metrics = createMetrics();
    const { fake, source } = await queueSourceOnEmptyPbx({ logger: createLogger('silent'), metrics });
    source.start();
    await vi.waitFor(() => expect(source.connected).toBe(true), WAIT);

    const before = await metrics.registry.metrics();
    expect(metricValue(before, 'wallboard_ami_oversize_frames_total')).toBe(0);
    expect(metricValue(before, 'wallboard_ami_reconnects_total')).toBe(0);

    // over the client's 64 KiB frame cap; an event the source wants (others are skipped unread)
    fake.current.send(frame(['Event: QueueCallerJoin', 'Queue: support', `CallerIDName: ${'x'.repeat(70 * 1024)}`]));
    await vi.waitFor(async () => expect(metricValue(await metrics.registry.metrics(), 'wallboard_ami_oversize_frames_total')).toBe(1), WAIT);

    fake.current.socket.destroy();
    await vi.waitFor(async () => expect(metricValue(await metrics.registry.metrics(), 'wallboard_ami_connects_total')).toBe(2), WAIT);
    const after = await metrics.registry.metrics();
    expect(metricValue(after, 'wallboard_ami_reconnects_total')).toBe(1);
    expect(metricValue(after, 'wallboard_ami_ping_timeouts_total')).toBe(0);
    expect(metricValue(after, 'wallboard_ami_listener_errors_total')).toBe(0);
  });
});
