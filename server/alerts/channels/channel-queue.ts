import type { AlertNotice } from '../../../shared/alerts';
import type { Logger } from '../../observability/logger';
import { RateLimitedLog } from '../../observability/rate-limited-log';
import { retry, type RetryOptions } from '../../resilience/retry';
import type { AlertMetrics } from '../alert-metrics';
import type { AlertSender } from './channel-senders';

export const CHANNEL_QUEUE_CAPACITY = 100;

/** Backoff of one notification: 6 attempts over about a minute, then it is given up (counted, logged). */
export const CHANNEL_RETRY: Pick<RetryOptions, 'initialDelayMs' | 'maxDelayMs' | 'maxAttempts'> = {
  initialDelayMs: 1_000,
  maxDelayMs: 30_000,
  maxAttempts: 6,
};

export interface ChannelQueueOptions {
  name: string;
  send: AlertSender;
  metrics: AlertMetrics;
  logger: Logger;
  capacity?: number;
  retry?: Pick<RetryOptions, 'initialDelayMs' | 'maxDelayMs' | 'maxAttempts'>;
}

/**
 * One channel's deliveries, one at a time, in order, each retried with
 * backoff. Bounded: a receiver that is down fills its own queue and then
 * loses new notifications (counted as dropped), never the board's time nor
 * another channel's.
 */
export class ChannelQueue {
  private readonly waiting: AlertNotice[] = [];
  private running: Promise<void> | null = null;
  private readonly stop = new AbortController();
  private readonly warnings: RateLimitedLog;

  constructor(private readonly options: ChannelQueueOptions) {
    this.warnings = new RateLimitedLog(options.logger);
  }

  /** Takes a notification for delivery; false when the queue is full (or closed) and it was dropped. */
  enqueue(notice: AlertNotice): boolean {
    const { name, metrics } = this.options;
    if (this.stop.signal.aborted || this.waiting.length >= (this.options.capacity ?? CHANNEL_QUEUE_CAPACITY)) {
      metrics.notifications.inc({ channel: name, outcome: 'dropped' });
      this.warnings.warn(`dropped-${name}`, { channel: name, ruleId: notice.ruleId }, 'alert channel queue full: notification dropped');
      return false;
    }
    this.waiting.push(notice);
    metrics.queued.set({ channel: name }, this.waiting.length);
    this.running ??= this.drain().finally(() => {
      this.running = null;
    });
    return true;
  }

  /** Resolves once every notification taken so far is delivered or given up. */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Stops retrying and drops what waits. */
  close(): void {
    this.stop.abort(new Error('alert channel closed'));
    this.waiting.length = 0;
    this.options.metrics.queued.set({ channel: this.options.name }, 0);
  }

  private async drain(): Promise<void> {
    const { name, metrics, send } = this.options;
    for (let notice = this.waiting.shift(); notice; notice = this.waiting.shift()) {
      metrics.queued.set({ channel: name }, this.waiting.length);
      const current = notice;
      try {
        await retry(() => send(current), {
          ...(this.options.retry ?? CHANNEL_RETRY),
          signal: this.stop.signal,
          onRetry: ({ error }) => {
            metrics.deliveryFailures.inc({ channel: name });
            this.warnings.warn(`retry-${name}`, { channel: name, err: error }, 'alert delivery failed: retrying');
          },
        });
        metrics.notifications.inc({ channel: name, outcome: 'sent' });
      } catch (error) {
        if (this.stop.signal.aborted) return;
        metrics.deliveryFailures.inc({ channel: name });
        metrics.notifications.inc({ channel: name, outcome: 'failed' });
        this.warnings.error(`failed-${name}`, { channel: name, ruleId: current.ruleId, err: error }, 'alert notification given up');
      }
    }
  }
}
