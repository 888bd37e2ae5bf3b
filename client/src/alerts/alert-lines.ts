import { ALERT_METRIC_WORDS, type ActiveAlert } from '../../../shared/alerts';
import { formatSiteClock } from '../format';

function round(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/** "Support: longest wait (s) 75 (above 60) since 10:32": one firing alert as the board's banner says it. */
export function alertLine(alert: ActiveAlert, queueName: (id: string) => string, timeZone: string): string {
  const where = alert.queue === null ? 'Site' : queueName(alert.queue);
  const since = formatSiteClock(Date.parse(alert.since), timeZone).time.slice(0, 5);
  return `${where}: ${ALERT_METRIC_WORDS[alert.metric]} ${round(alert.value)} (${alert.direction} ${round(alert.threshold)}) since ${since}`;
}

/** Queues with an alert firing: their tiles flash. */
export function alertingQueues(alerts: readonly ActiveAlert[] | undefined): ReadonlySet<string> {
  return new Set((alerts ?? []).flatMap((alert) => (alert.queue === null ? [] : [alert.queue])));
}
