import { ALERT_METRIC_WORDS, formatAlertValue, type ActiveAlert } from '../../../shared/alerts';
import { formatSiteClock } from '../format';

/** "Support: longest wait 75 s (above 60 s) since 10:32": one firing alert as the board's banner says it. */
export function alertLine(alert: ActiveAlert, queueName: (id: string) => string, timeZone: string): string {
  const where = alert.queue === null ? 'Site' : queueName(alert.queue);
  const since = formatSiteClock(Date.parse(alert.since), timeZone).time.slice(0, 5);
  return `${where}: ${ALERT_METRIC_WORDS[alert.metric]} ${formatAlertValue(alert.metric, alert.value)} (${alert.direction} ${formatAlertValue(alert.metric, alert.threshold)}) since ${since}`;
}

/** Queues with an alert firing: their tiles flash. */
export function alertingQueues(alerts: readonly ActiveAlert[] | undefined): ReadonlySet<string> {
  return new Set((alerts ?? []).flatMap((alert) => (alert.queue === null ? [] : [alert.queue])));
}
