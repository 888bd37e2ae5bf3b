import type { Language } from '../../shared/i18n/languages';
import type express from 'express';
import type { ActiveAlert, AlertsFile } from '../../shared/alerts';
import type { LiveSnapshot } from '../../shared/snapshot';
import type { HistoryService } from '../history/history-service';
import type { Logger } from '../observability/logger';
import type { WallboardMetrics } from '../observability/metrics';
import { RateLimitedLog } from '../observability/rate-limited-log';
import type { CallLiveStore } from '../store/call-live-store';
import { checkRulesDocument } from './alert-config';
import { alertAdminRouter } from './alert-admin-routes';
import { AlertDispatcher, type AlertDispatcherOptions } from './alert-dispatcher';
import { alertHistoryRouter } from './alert-history-routes';
import { createAlertMetrics } from './alert-metrics';
import { AlertMonitor } from './alert-monitor';
import { AlertRuleBook } from './alert-rule-book';
import { AlertSenderLease, SOLE_SENDER, type SenderLeaseStore } from './alert-sender-lease';
import { readSavedAlertRules, saveAlertRules } from './alert-store';

/** Rules saved on another node's admin page reach this one within this time. */
export const SAVED_RULES_POLL_MS = 5_000;

export interface AlertServiceOptions {
  file: AlertsFile;
  store: CallLiveStore;
  site: string;
  timeZone: string;
  /** SITE_LANG: the language of Telegram, Slack and email notifications */
  language: Language;
  history: HistoryService | null;
  metrics: WallboardMetrics;
  logger: Logger;
  /** which node notifies; SOLE_SENDER without Redis */
  senderLease: SenderLeaseStore;
  owner: string;
  /** channel retries; tests shorten them */
  retry?: AlertDispatcherOptions['retry'];
}

/** Alerts composed: the rules, the engine on each snapshot, the channels, the history and the routes. */
export class AlertService {
  readonly book: AlertRuleBook;
  readonly monitor: AlertMonitor;
  readonly dispatcher: AlertDispatcher;
  /** the admin page's rules (admin role) */
  readonly adminRouter: express.Router;
  /** the alert history (managers); null without history */
  readonly historyRouter: express.Router | null;
  private readonly lease: AlertSenderLease;
  private readonly warnings: RateLimitedLog;
  private poll: NodeJS.Timeout | null = null;

  constructor(private readonly options: AlertServiceOptions) {
    const { history, site, timeZone, logger } = options;
    this.warnings = new RateLimitedLog(logger);
    this.book = new AlertRuleBook(options.file);
    this.lease = new AlertSenderLease(options.senderLease, options.owner, (error) =>
      this.warnings.warn('alert-lease', { err: error }, 'alerts: the sender lease could not be renewed; not notifying meanwhile'),
    );
    const reader = history ? () => history.reader() : null;
    this.dispatcher = new AlertDispatcher({
      book: this.book,
      site,
      timeZone,
      language: options.language,
      metrics: createAlertMetrics(options.metrics.registry),
      logger,
      history: reader,
      retry: options.retry,
    });
    this.monitor = new AlertMonitor({
      book: this.book,
      timeZone,
      logger,
      historyDegraded: () => history !== null && !history.health().ok,
      isSender: () => this.lease.held,
      deliver: (notice, rule) => this.dispatcher.deliver(notice, rule),
    });
    this.adminRouter = alertAdminRouter({
      book: this.book,
      save: reader ? async (document) => saveAlertRules(await reader(), site, document) : null,
    });
    this.historyRouter = reader ? alertHistoryRouter({ reader, site, timeZone, metrics: options.metrics }) : null;
  }

  /** Whether this node notifies now (it holds the sender lease). */
  get sending(): boolean {
    return this.lease.held;
  }

  /** What a snapshot shows; for SnapshotService. */
  observe(snapshot: LiveSnapshot): ActiveAlert[] {
    return this.monitor.observe(snapshot);
  }

  /** Reads the saved rules first when Postgres answers; with Postgres or Redis down it starts at once and catches up. */
  async start(): Promise<void> {
    const { history } = this.options;
    if (history?.health().ok) await this.loadSaved();
    if (history) this.poll = setInterval(() => void this.loadSaved(), SAVED_RULES_POLL_MS);
    this.lease.start();
  }

  /** Deliveries and history writes taken so far, done or given up. */
  settled(): Promise<void> {
    return this.dispatcher.settled();
  }

  async close(): Promise<void> {
    if (this.poll) clearInterval(this.poll);
    this.dispatcher.close();
    await this.lease.stop().catch((error: unknown) => this.options.logger.warn({ err: error }, 'alerts: sender lease not released'));
  }

  /** The admin page's rules, when some were saved and still fit the file's channels. */
  private async loadSaved(): Promise<void> {
    const { history, site } = this.options;
    if (!history) return;
    try {
      const saved = await readSavedAlertRules(await history.reader(), site);
      if (!saved) return;
      const checked = checkRulesDocument(saved.document, this.book.channels);
      this.book.use(checked.ok ? checked.value : null);
      if (!checked.ok) this.warnings.warn('alert-saved-rules', { problems: checked.problems }, "alerts: the saved rules do not fit the file's channels; using the file's rules");
    } catch (error) {
      this.warnings.warn('alert-saved-read', { err: error }, 'alerts: could not read the saved rules; keeping the rules in force');
    }
  }
}
