import type { AlertNotice, AlertRule } from '../../shared/alerts';
import type { Language } from '../../shared/i18n/languages';
import type { Queryable } from '../history/history-queries';
import type { Logger } from '../observability/logger';
import { RateLimitedLog } from '../observability/rate-limited-log';
import type { AlertMetrics } from './alert-metrics';
import type { AlertRuleBook } from './alert-rule-book';
import { insertAlertNotice } from './alert-store';
import { senderFor } from './channels/channel-senders';
import { ChannelQueue, type ChannelQueueOptions } from './channels/channel-queue';

export interface AlertDispatcherOptions {
  book: AlertRuleBook;
  site: string;
  timeZone: string;
  /** the language of the notifications people read (SITE_LANG) */
  language: Language;
  metrics: AlertMetrics;
  logger: Logger;
  /** Postgres for the history; null without history */
  history: (() => Promise<Queryable>) | null;
  retry?: ChannelQueueOptions['retry'];
}

/**
 * Hands each notification to the queues of the channels its rule names and
 * writes it to the alert history; returns at once: deliveries and the write
 * happen in the background, so the board never waits for a receiver.
 */
export class AlertDispatcher {
  private readonly queues = new Map<string, ChannelQueue>();
  private readonly writes = new Set<Promise<void>>();
  private readonly warnings: RateLimitedLog;

  constructor(private readonly options: AlertDispatcherOptions) {
    this.warnings = new RateLimitedLog(options.logger);
    for (const [name, channel] of Object.entries(options.book.channels)) {
      this.queues.set(
        name,
        new ChannelQueue({ name, send: senderFor(channel, options.timeZone, options.language), metrics: options.metrics, logger: options.logger, retry: options.retry }),
      );
    }
  }

  deliver(notice: AlertNotice, rule: AlertRule): void {
    const { logger, history, site } = this.options;
    logger.info({ alert: notice, channels: rule.notify }, `alert ${notice.state}${notice.repeat ? ' (repeat)' : ''}: ${notice.ruleId}`);
    for (const name of rule.notify) this.queues.get(name)?.enqueue(notice);
    if (history) {
      const write = history()
        .then((db) => insertAlertNotice(db, site, notice, rule.notify))
        .catch((error: unknown) => this.warnings.warn('alert-history', { err: error }, 'alert history: a notification was not written'))
        .finally(() => this.writes.delete(write));
      this.writes.add(write);
    }
  }

  /** Every delivery and history write taken so far, done or given up. */
  async settled(): Promise<void> {
    await Promise.all([...[...this.queues.values()].map((queue) => queue.settled()), ...this.writes]);
  }

  close(): void {
    for (const queue of this.queues.values()) queue.close();
  }
}
