import { ALERT_METRIC_WORDS, formatAlertValue, type AlertNotice } from '../../shared/alerts';
import { siteClock } from '../../shared/site-time';

/** One line a person reads in a chat or a mail subject. */
export function alertHeadline(notice: AlertNotice): string {
  const mark = notice.state === 'resolved' ? 'RESOLVED' : notice.repeat ? 'STILL FIRING' : 'FIRING';
  const where = notice.queue === null ? 'site' : `queue ${notice.queue}`;
  return `[${mark}] ${notice.ruleId}: ${where}, ${ALERT_METRIC_WORDS[notice.metric]} ${formatAlertValue(notice.metric, notice.value)} (threshold ${formatAlertValue(notice.metric, notice.threshold)})`;
}

/** The headline and when it started, in site time. */
export function alertText(notice: AlertNotice, timeZone: string): string {
  const since = `since ${siteClock(timeZone, Date.parse(notice.since))} (${timeZone})`;
  return `${alertHeadline(notice)}\n${since}, at ${notice.at}`;
}

