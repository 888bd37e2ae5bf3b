import type { TicketSnapshot } from '../../../shared/ticket-snapshot';
import { formatCount } from '../format';
import { PRIORITY_LABEL } from '../ticket-labels';
import { openBars, PRIORITIES_HIGH_FIRST } from '../ticket-open-bars';
import { t } from '../i18n/i18n';

// Narrower segments have no room for their number; the legend and the line total still give it.
const SEGMENT_LABEL_MIN_PCT = 12;

/** Open tickets per line, each bar split by priority, with the numbers beside the picture. */
export function TicketOpenBars({ tickets }: { tickets: TicketSnapshot }) {
  const bars = openBars(tickets);
  return (
    <div className="ticket-bars">
      <h3 className="ticket-panel__section">{t('tickets.openByLine')}</h3>
      <ul className="ticket-bars__lines">
        {bars.map((bar) => (
          <li key={bar.line} className="ticket-bars__line">
            <span className="ticket-bars__name">{bar.line}</span>
            <span className="ticket-bars__track">
              {bar.segments
                .filter((s) => s.count > 0)
                .map((s) => (
                  <span
                    key={s.priority}
                    className="ticket-bars__segment"
                    data-priority={s.priority}
                    style={{ width: `${s.widthPct}%` }}
                    title={`${bar.line} ${t(PRIORITY_LABEL[s.priority])}: ${s.count}`}
                  >
                    {s.widthPct >= SEGMENT_LABEL_MIN_PCT && formatCount(s.count)}
                  </span>
                ))}
            </span>
            <b className="ticket-bars__total" data-testid={`tickets-by-line-${bar.line}`}>
              {formatCount(bar.total)}
            </b>
          </li>
        ))}
      </ul>
      <ul className="ticket-bars__legend" aria-label={t('tickets.openByPriority')}>
        {PRIORITIES_HIGH_FIRST.map((priority) => (
          <li key={priority} className="ticket-bars__key" data-priority={priority}>
            <span className="ticket-bars__swatch" aria-hidden="true" />
            {t(PRIORITY_LABEL[priority])}
            <b data-testid={`tickets-by-priority-${priority}`}>{formatCount(tickets.openByPriority[priority])}</b>
          </li>
        ))}
      </ul>
    </div>
  );
}
