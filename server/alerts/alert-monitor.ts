import type { ActiveAlert, AlertNotice, AlertRule } from '../../shared/alerts';
import type { Counters } from '../../shared/call-counters';
import { INTERVAL_MS } from '../../shared/site-time';
import type { LiveSnapshot } from '../../shared/snapshot';
import type { Logger } from '../observability/logger';
import { RateLimitedLog } from '../observability/rate-limited-log';
import type { CallLiveStore } from '../store/call-live-store';
import { stepAlerts, type AlertTrack, type EngineNotice } from './alert-engine';
import { alertFigure, countersOfStats } from './alert-figures';
import type { AlertRuleBook } from './alert-rule-book';
import { isQuietAt } from './quiet-hours';
import { rolling30MinCounters } from './rolling-window';

export interface AlertMonitorOptions {
  book: AlertRuleBook;
  store: CallLiveStore;
  site: string;
  timeZone: string;
  historyDegraded: () => boolean;
  /** whether this node notifies (alert-sender-lease.ts) */
  isSender: () => boolean;
  /** takes a due notification; must not wait for its delivery */
  deliver: (notice: AlertNotice, rule: AlertRule) => void;
  logger: Logger;
}

/** The earlier intervals of the 30-minute window change only with calls that joined then and end now: read at most this often. */
const EARLIER_INTERVALS_TTL_MS = 5_000;

/**
 * Runs the alert engine on every snapshot this node builds (at least once a
 * second: the broadcaster refreshes) and answers the alerts the board shows.
 */
export class AlertMonitor {
  private tracks: ReadonlyMap<string, AlertTrack> = new Map();
  private active: ActiveAlert[] = [];
  private lastAt = Number.NEGATIVE_INFINITY;
  private earlier: { start: number; readAt: number; previous: Record<string, Counters>; beforePrevious: Record<string, Counters> } | null = null;
  private readonly warnings: RateLimitedLog;

  constructor(private readonly options: AlertMonitorOptions) {
    this.warnings = new RateLimitedLog(options.logger);
  }

  /** The alerts firing as of `snapshot`; a failure to read the figures keeps the last answer (logged). */
  async observe(snapshot: LiveSnapshot): Promise<ActiveAlert[]> {
    const { book, timeZone } = this.options;
    const now = Date.parse(snapshot.at);
    const { rules, quietHours } = book.document;
    let last30Min: Record<string, Counters> = {};
    try {
      if (rules.some((rule) => rule.metric === 'serviceLevel30MinPct')) last30Min = await this.last30Min(snapshot, now);
    } catch (error) {
      this.warnings.warn('alert-figures', { err: error }, 'alerts: could not read the last 30 minutes; keeping the alerts as they were');
      return this.active;
    }
    // a build that started earlier and finished later must not take the engine back in time
    if (now < this.lastAt) return this.active;
    this.lastAt = now;
    const inputs = { snapshot, last30Min, historyDegraded: this.options.historyDegraded() };
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

  private async last30Min(snapshot: LiveSnapshot, now: number): Promise<Record<string, Counters>> {
    const start = Date.parse(snapshot.intervalStart);
    if (this.earlier?.start !== start || now - this.earlier.readAt > EARLIER_INTERVALS_TTL_MS) {
      const { store, site } = this.options;
      // every zone's offset is a whole number of quarter hours: the interval before starts 15 minutes earlier
      const [previous, beforePrevious] = await Promise.all([
        store.readIntervalCounters(site, start - INTERVAL_MS),
        store.readIntervalCounters(site, start - 2 * INTERVAL_MS),
      ]);
      this.earlier = { start, readAt: now, previous, beforePrevious };
    }
    const current = Object.fromEntries(snapshot.queues.map((tile) => [tile.id, countersOfStats(tile.currentInterval)]));
    return rolling30MinCounters({ currentStart: start, current, previous: this.earlier.previous, beforePrevious: this.earlier.beforePrevious }, now);
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
