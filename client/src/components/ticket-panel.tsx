import type { TicketSnapshot } from '../../../shared/ticket-snapshot';
import { ticketPanelLevel, ticketSlaStatus } from '../ticket-status';
import { Icon } from './icons';
import { LevelBadge } from './level-badge';
import { TicketDevEscalations } from './ticket-panel-dev-escalations';
import { TicketOpenBars } from './ticket-panel-open-bars';
import { TicketRiskList } from './ticket-panel-risk-list';
import { TicketSummary } from './ticket-panel-summary';
import { t } from '../i18n/i18n';

/**
 * The ticket desk beside the queues: SLA attainment, open and breached counts,
 * the open load by line and priority, the escalations with development (when
 * a tracker is connected), and the tickets about to breach with a countdown. `tickets` is absent when no ticket source is configured.
 * `nowMs` is server time (frozen while the data is stale, like the waits).
 */
export function TicketPanel({ tickets, nowMs }: { tickets: TicketSnapshot | undefined; nowMs: number }) {
  if (tickets === undefined) return <NoTicketSource />;
  const slaToday = ticketSlaStatus(tickets.today.slaPct, tickets.slaTargetPct);
  const level = ticketPanelLevel(slaToday.level, tickets.breached);
  return (
    <section className="ticket-panel" data-testid="ticket-panel" data-level={level} aria-label={t('tickets.title')}>
      <header className="ticket-panel__head">
        <h2 className="ticket-panel__title">{t('tickets.title')}</h2>
        <LevelBadge level={level} testId="tickets-status" />
      </header>
      <div className="ticket-panel__figures">
        <TicketSummary tickets={tickets} />
        <TicketOpenBars tickets={tickets} />
      </div>
      {tickets.devEscalations && <TicketDevEscalations escalations={tickets.devEscalations} nowMs={nowMs} />}
      <TicketRiskList tickets={tickets.atRisk} nowMs={nowMs} />
    </section>
  );
}

function NoTicketSource() {
  return (
    <section className="ticket-panel ticket-panel--empty" data-testid="ticket-panel" data-empty="no-source" aria-label={t('tickets.title')}>
      <header className="ticket-panel__head">
        <h2 className="ticket-panel__title">{t('tickets.title')}</h2>
      </header>
      <div className="ticket-panel__no-source" data-testid="tickets-no-source">
        <p className="ticket-panel__no-source-title">
          <Icon name="link" />
          {t('tickets.noSource')}
        </p>
        <p>
          {t('tickets.noSourceHelp', {
            path: '/api/webhooks/tickets',
            others: '/zendesk, /jira, /zammad, /freshdesk, /helpscout',
            doc: 'docs/WEBHOOKS.md',
          })}
        </p>
      </div>
    </section>
  );
}
