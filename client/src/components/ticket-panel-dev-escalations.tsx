import type { DevEscalations } from '../../../shared/ticket-snapshot';
import { formatAge, formatCount } from '../format';
import { t } from '../i18n/i18n';

/**
 * Escalations to development (Wrike, Jira Software) per support line: how many
 * are with the developers, how long the oldest has waited, how many came back
 * today. `nowMs` is server time, as for the countdowns.
 */
export function TicketDevEscalations({ escalations, nowMs }: { escalations: DevEscalations; nowMs: number }) {
  return (
    <table className="ticket-dev-escalations" data-testid="tickets-dev-escalations" aria-label={t('tickets.devEscalations')}>
      <caption className="ticket-panel__section">{t('tickets.withDevelopment')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('tickets.line')}</th>
          <th scope="col">{t('tickets.open')}</th>
          <th scope="col">{t('tickets.oldest')}</th>
          <th scope="col">{t('tickets.backToday')}</th>
        </tr>
      </thead>
      <tbody>
        {escalations.byLine.map((row) => (
          <tr key={row.line} data-testid={`dev-escalations-${row.line}`}>
            <th scope="row">{row.line}</th>
            <td data-testid={`dev-escalations-${row.line}-open`}>{formatCount(row.open)}</td>
            <td data-testid={`dev-escalations-${row.line}-oldest`}>
              {row.oldestOpenedAt === null ? '–' : formatAge(Math.max(0, nowMs - Date.parse(row.oldestOpenedAt)))}
            </td>
            <td data-testid={`dev-escalations-${row.line}-back`}>{formatCount(row.cameBackToday)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
