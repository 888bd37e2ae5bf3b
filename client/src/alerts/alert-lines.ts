import type { ActiveAlert } from '../../../shared/alerts';
import { formatAlertValue } from '../../../shared/i18n/alert-catalogue';
import { language, t } from '../i18n/i18n';
import { formatSiteClock } from '../format';

/** "Support: longest wait 75 s (above 60 s) since 10:32": one firing alert as the board's banner says it. */
export function alertLine(alert: ActiveAlert, queueName: (id: string) => string, timeZone: string): string {
  const where = alert.queue === null ? t('alert.banner.site') : queueName(alert.queue);
  const since = formatSiteClock(Date.parse(alert.since), timeZone).time.slice(0, 5);
  return t('alert.banner.line', {
    where,
    metric: t(`alert.metric.${alert.metric}`),
    value: formatAlertValue(alert.metric, alert.value, language),
    direction: t(`alert.direction.${alert.direction}`),
    threshold: formatAlertValue(alert.metric, alert.threshold, language),
    time: since,
  });
}

/** Queues with an alert firing: their tiles flash. */
export function alertingQueues(alerts: readonly ActiveAlert[] | undefined): ReadonlySet<string> {
  return new Set((alerts ?? []).flatMap((alert) => (alert.queue === null ? [] : [alert.queue])));
}
