import type { ActiveAlert, AlertNotice, AlertRule } from '../../shared/alerts';
import type { LiveSnapshot } from '../../shared/snapshot';
import type { Logger } from '../observability/logger';
import { RateLimitedLog } from '../observability/rate-limited-log';
import { stepAlerts, type AlertTrack, type EngineNotice } from './alert-engine';
import { alertFigure } from './alert-figures';
import type { AlertRuleBook } from './alert-rule-book';
import { isQuietAt } from './quiet-hours';

export interface AlertMonitorOptions {
  book: AlertRuleBook;
  timeZone: string;
  historyDegraded: () => boolean;
  /** whether this node notifies (alert-sender-lease.ts) */
  isSender: () => boolean;
  /** takes a due notification; must not wait for its delivery */
  deliver: (notice: AlertNotice, rule: AlertRule) => void;
  logger: Logger;
}

/**
 * Runs the alert engine on every snapshot this node builds (at least once a
 * second: the broadcaster refreshes) and answers the alerts the board shows.
 */
export class AlertMonitor {
  private tracks: ReadonlyMap<string, AlertTrack> = new Map();
  private active: ActiveAlert[] = [];
  private lastAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: AlertMonitorOptions) {}

  /** The alerts firing as of `snapshot`. */
  observe(snapshot: LiveSnapshot): ActiveAlert[] {
    const { book, timeZone } = this.options;
    const now = Date.parse(snapshot.at);
    const { rules, quietHours } = book.document;
    // a build that started earlier and finished later must not take the engine back in time
    if (now < this.lastAt) return this.active;
    this.lastAt = now;
    const inputs = { snapshot, historyDegraded: this.options.historyDegraded() };
    const step = stepAlerts({
      rules,
      tracks: this.tracks,
      now,
      figure: (rule) => alertFigure(inputs, rule.metric, rule.queue ?? null),
      quiet: (rule) => isQuietAt(rule.quietHours === undefined ? quietHours : rule.quietHours, timeZone, now),
    });
    this.tracks = step.tracks;
    this.active = step.active;
    if (step.notices.length > 0 && this.options.isSender()) {
      for (const notice of step.notices) this.options.deliver(noticeOf(notice), notice.rule);
    }
    return step.active;
  }
}

function noticeOf(notice: EngineNotice): AlertNotice {
  return {
    ruleId: notice.rule.id,
    state: notice.state,
    repeat: notice.repeat,
    queue: notice.rule.queue ?? null,
    metric: notice.rule.metric,
    value: notice.value,
    threshold: notice.threshold,
    at: new Date(notice.at).toISOString(),
    since: new Date(notice.since).toISOString(),
  };
}
