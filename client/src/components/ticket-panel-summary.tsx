import type { TicketSnapshot } from '../../../shared/ticket-snapshot';
import { formatCount, formatPercent } from '../format';
import { breachedLevel, ticketSlaStatus } from '../ticket-status';
import { Icon } from './icons';
import { LEVEL_LOOK } from './looks';
import { Count, Metric, TargetMetric } from './metric';
import { t } from '../i18n/i18n';

/** First-response SLA against target, and the day's counts. */
export function TicketSummary({ tickets }: { tickets: TicketSnapshot }) {
  const { today, last60Min, slaTargetPct } = tickets;
  const slaToday = ticketSlaStatus(today.slaPct, slaTargetPct);
  const slaHour = ticketSlaStatus(last60Min.slaPct, slaTargetPct);
  const breached = breachedLevel(tickets.breached);
  const escalations = today.escalations.filter((e) => e.count > 0);
  return (
    <>
      <div className="ticket-panel__sla" title={t('tickets.slaTitle')}>
        <div className="ticket-panel__sla-head">
          <h3 className="ticket-panel__section">{t('tickets.firstResponseWithinSla')}</h3>
          <span className="ticket-panel__target">
            {t('tickets.target')} <b data-testid="tickets-sla-target">{formatPercent(slaTargetPct)}</b>
          </span>
        </div>
        <div className="ticket-panel__sla-figures">
          <TargetMetric label={t('tickets.today')} testId="tickets-sla-today" size="lg" pct={today.slaPct} status={slaToday} noneYet={t('tickets.noResponses')} />
          <TargetMetric label={t('tickets.last60')} testId="tickets-sla-60min" size="md" pct={last60Min.slaPct} status={slaHour} noneYet={t('tickets.noResponses')} />
        </div>
      </div>

      <div className="ticket-panel__now">
        <Metric label={t('tickets.open')} testId="tickets-open" value={formatCount(tickets.open)} size="lg" />
        <div className="metric metric--lg ticket-panel__breached" data-level={breached}>
          <div className="metric__label">{t('tickets.breached')}</div>
          <div className="metric__value">
            {breached !== 'ok' && <Icon name={LEVEL_LOOK.alert.icon} />}
            <span data-testid="tickets-breached">{formatCount(tickets.breached)}</span>
          </div>
        </div>
      </div>

      <dl className="ticket-panel__counts">
        <Count label={t('tickets.createdToday')} testId="tickets-created-today" value={formatCount(today.created)} />
        <Count label={t('tickets.solvedToday')} testId="tickets-solved-today" value={formatCount(today.solved)} />
        {today.ratings > 0 && (
          <Count
            label={t('tickets.csat', { count: formatCount(today.ratings) })}
            testId="tickets-csat"
            value={formatPercent(today.csatPct)}
          />
        )}
      </dl>

      <p className="ticket-panel__escalations" data-testid="tickets-escalations">
        <span className="ticket-panel__escalations-label">{t('tickets.escalatedToday')}</span>
        {escalations.length === 0
          ? ` ${t('tickets.none')}`
          : escalations.map((e) => (
              <span key={`${e.from}-${e.to}`} className="ticket-panel__escalation">
                {e.from}→{e.to} <b>{formatCount(e.count)}</b>
              </span>
            ))}
      </p>
    </>
  );
}
