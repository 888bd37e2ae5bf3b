import type { AlertMetric } from '../alerts';
import { LOCALE_OF, type Language } from './languages';
import { createTranslator, type CatalogueLike, type RussianPlural } from './translate';

/**
 * What people read about an alert, in both languages: the server's
 * notifications (Telegram, Slack, email) and the client's board banner and
 * alert pages read the same words. The generic webhook's JSON is for machines
 * and keeps its English field names.
 */
export const ALERT_EN = {
  'alert.metric.waiting': 'callers waiting',
  'alert.metric.longestWaitSec': 'longest wait',
  'alert.metric.serviceLevelTodayPct': 'service level today',
  'alert.metric.serviceLevelIntervalPct': 'service level this interval',
  'alert.metric.serviceLevel30MinPct': 'service level last 30 min',
  'alert.metric.agentsAvailable': 'agents available',
  'alert.metric.abandonRatePct': 'abandon rate today',
  'alert.metric.ticketsBreached': 'tickets breached',
  'alert.metric.ticketsAtRisk': 'tickets at risk',
  'alert.metric.pbxLinkDown': 'PBX link down',
  'alert.metric.historyDegraded': 'history degraded',
  'alert.direction.above': 'above',
  'alert.direction.below': 'below',
  'alert.seconds': '{value} s',
  'alert.state.firing': 'FIRING',
  'alert.state.stillFiring': 'STILL FIRING',
  'alert.state.resolved': 'RESOLVED',
  'alert.where.site': 'site',
  'alert.where.queue': 'queue {queue}',
  'alert.headline': '[{mark}] {rule}: {where}, {metric} {value} (threshold {threshold})',
  'alert.since': 'since {time} ({zone}), at {at}',
  'alert.banner.site': 'Site',
  'alert.banner.line': '{where}: {metric} {value} ({direction} {threshold}) since {time}',
} as const;

export const ALERT_RU: CatalogueLike<typeof ALERT_EN, RussianPlural> = {
  'alert.metric.waiting': 'ожидающих звонков',
  'alert.metric.longestWaitSec': 'макс. ожидание',
  'alert.metric.serviceLevelTodayPct': 'уровень сервиса за сегодня',
  'alert.metric.serviceLevelIntervalPct': 'уровень сервиса за интервал',
  'alert.metric.serviceLevel30MinPct': 'уровень сервиса за 30 мин',
  'alert.metric.agentsAvailable': 'свободных операторов',
  'alert.metric.abandonRatePct': 'доля потерянных за сегодня',
  'alert.metric.ticketsBreached': 'заявок с нарушенным SLA',
  'alert.metric.ticketsAtRisk': 'заявок под угрозой',
  'alert.metric.pbxLinkDown': 'нет связи с АТС',
  'alert.metric.historyDegraded': 'история недоступна',
  'alert.direction.above': 'выше',
  'alert.direction.below': 'ниже',
  'alert.seconds': '{value} с',
  'alert.state.firing': 'ТРЕВОГА',
  'alert.state.stillFiring': 'ВСЁ ЕЩЁ ТРЕВОГА',
  'alert.state.resolved': 'НОРМА',
  'alert.where.site': 'весь сайт',
  'alert.where.queue': 'очередь {queue}',
  'alert.headline': '[{mark}] {rule}: {where}, {metric} {value} (порог {threshold})',
  'alert.since': 'с {time} ({zone}), на {at}',
  'alert.banner.site': 'Сайт',
  'alert.banner.line': '{where}: {metric} {value} ({direction} {threshold}) с {time}',
};

export type AlertMessageKey = keyof typeof ALERT_EN;

/** A metric's value as people read it: seconds with a unit, percents with a sign, to one decimal, in the locale. */
export function formatAlertValue(metric: AlertMetric, value: number, language: Language): string {
  const number = new Intl.NumberFormat(LOCALE_OF[language], { maximumFractionDigits: 1 }).format(Math.round(value * 10) / 10);
  if (metric.endsWith('Sec')) return alertTranslator(language)('alert.seconds', { value: number });
  return metric.endsWith('Pct') ? `${number}%` : number;
}

const translators = new Map<Language, ReturnType<typeof createTranslator<AlertMessageKey>>>();

export function alertTranslator(language: Language) {
  let translate = translators.get(language);
  if (translate === undefined) {
    translate = createTranslator<AlertMessageKey>(language === 'ru' ? ALERT_RU : ALERT_EN, LOCALE_OF[language]);
    translators.set(language, translate);
  }
  return translate;
}
