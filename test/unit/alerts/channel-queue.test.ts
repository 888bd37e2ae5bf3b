import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { AlertNotice } from '../../../shared/alerts';
import { createAlertMetrics } from '../../../server/alerts/alert-metrics';
import { ChannelQueue } from '../../../server/alerts/channels/channel-queue';
import { createLogger } from '../../../server/observability/logger';
import { PermanentError } from '../../../server/resilience/retry';

const notice = (ruleId: string): AlertNotice => ({
  ruleId,
  state: 'firing',
  repeat: false,
  queue: null,
  metric: 'waiting',
  value: 3,
  threshold: 1,
  at: '2026-03-02T07:40:00.000Z',
  since: '2026-03-02T07:40:00.000Z',
});

async function count(metrics: ReturnType<typeof createAlertMetrics>, outcome: string): Promise<number> {
  return (await metrics.notifications.get()).values.find((v) => v.labels.outcome === outcome)?.value ?? 0;
}

describe('alert channel queue', () => {
  it('delivers in order, one at a time; a full queue drops new notifications and counts them', async () => {
    const metrics = createAlertMetrics(new Registry());
    const sent: string[] = [];
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const queue = new ChannelQueue({
      name: 'ops',
      metrics,
      logger: createLogger('silent'),
      capacity: 2,
      send: async (n) => {
        if (n.ruleId === 'a') await held;
        sent.push(n.ruleId);
      },
    });
    // 'a' is being delivered; 'b' and 'c' wait; 'd' finds the queue full
    expect(['a', 'b', 'c', 'd'].map((id) => queue.enqueue(notice(id)))).toEqual([true, true, true, false]);
    release();
    await queue.settled();
    expect(sent).toEqual(['a', 'b', 'c']);
    expect(await count(metrics, 'sent')).toBe(3);
    expect(await count(metrics, 'dropped')).toBe(1);
  });

  it('retries a failure with backoff and gives up at once on a permanent refusal', async () => {
    const metrics = createAlertMetrics(new Registry());
    const attempts: string[] = [];
    const queue = new ChannelQueue({
      name: 'ops',
      metrics,
      logger: createLogger('silent'),
      retry: { initialDelayMs: 1, maxDelayMs: 2, maxAttempts: 3 },
      send: async (n) => {
        attempts.push(n.ruleId);
        if (n.ruleId === 'refused') throw new PermanentError('410 gone');
        if (attempts.filter((id) => id === 'flaky').length < 3) throw new Error('503');
      },
    });
    queue.enqueue(notice('refused'));
    queue.enqueue(notice('flaky'));
    await queue.settled();
    expect(attempts).toEqual(['refused', 'flaky', 'flaky', 'flaky']);
    expect(await count(metrics, 'failed')).toBe(1);
    expect(await count(metrics, 'sent')).toBe(1);
    expect((await metrics.deliveryFailures.get()).values[0]?.value).toBe(3);
  });
});
