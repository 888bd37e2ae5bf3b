import type { AlertNotice } from '../../shared/alerts';
import { alertTranslator, formatAlertValue } from '../../shared/i18n/alert-catalogue';
import type { Language } from '../../shared/i18n/languages';
import { siteClock } from '../../shared/site-time';

/** One line a person reads in a chat or a mail subject, in the site's language (SITE_LANG). */
export function alertHeadline(notice: AlertNotice, language: Language): string {
  const t = alertTranslator(language);
  const mark = t(notice.state === 'resolved' ? 'alert.state.resolved' : notice.repeat ? 'alert.state.stillFiring' : 'alert.state.firing');
  const where = notice.queue === null ? t('alert.where.site') : t('alert.where.queue', { queue: notice.queue });
  return t('alert.headline', {
    mark,
    rule: notice.ruleId,
    where,
    metric: t(`alert.metric.${notice.metric}`),
    value: formatAlertValue(notice.metric, notice.value, language),
    threshold: formatAlertValue(notice.metric, notice.threshold, language),
  });
}

/** The headline and when it started, in site time. */
export function alertText(notice: AlertNotice, timeZone: string, language: Language): string {
  const since = alertTranslator(language)('alert.since', { time: siteClock(timeZone, Date.parse(notice.since)), zone: timeZone, at: notice.at });
  return `${alertHeadline(notice, language)}\n${since}`;
}
