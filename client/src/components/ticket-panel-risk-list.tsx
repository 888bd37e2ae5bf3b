import { useLayoutEffect, useState } from 'react';
import type { AtRiskTicket } from '../../../shared/ticket-snapshot';
import { ticketCountdown } from '../ticket-countdown';
import { clockLabel, PRIORITY_LABEL } from '../ticket-labels';
import { cutRows, orderAtRisk, rowsThatFit } from '../ticket-risk-list';
import { Icon } from './icons';
import { LEVEL_LOOK } from './looks';
import { t } from '../i18n/i18n';

/**
 * Row slots that fit the list's box. Rows have a fixed height (styles.css), so
 * one measured row and the box's height say how many fit; until measured, every
 * row renders and the box clips them.
 */
function useRowSlots(element: HTMLOListElement | null): number {
  const [slots, setSlots] = useState(Number.POSITIVE_INFINITY);
  useLayoutEffect(() => {
    if (element === null) return undefined;
    const measure = () => {
      const row = element.firstElementChild;
      if (!(row instanceof HTMLElement)) return;
      const gap = Number.parseFloat(getComputedStyle(element).rowGap) || 0;
      setSlots(rowsThatFit(element.clientHeight, row.offsetHeight, gap));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);
  return slots;
}

/** Tickets about to breach or breached, each with a countdown ticking on the server clock. */
export function TicketRiskList({ tickets, nowMs }: { tickets: readonly AtRiskTicket[]; nowMs: number }) {
  // A callback ref: the list mounts only once there are tickets, and must be measured then.
  const [list, setList] = useState<HTMLOListElement | null>(null);
  const slots = useRowSlots(list);
  const { shown, more } = cutRows(orderAtRisk(tickets), slots);
  return (
    <div className="ticket-risk">
      <h3 className="ticket-panel__section">
        {t('tickets.atRisk')} <span className="ticket-risk__count" data-testid="tickets-at-risk-count">{tickets.length}</span>
      </h3>
      {tickets.length === 0 ? (
        <p className="ticket-risk__none" data-testid="tickets-none-at-risk">
          <Icon name="check" />
          {t('tickets.noneAtRisk')}
        </p>
      ) : (
        <ol className="ticket-risk__rows" ref={setList}>
          {shown.map((ticket) => (
            // One ticket can be at risk on two agreements at once (the customer SLA and a line's OLA).
            <RiskRow key={`${ticket.id}/${ticket.agreement}/${ticket.clock}`} ticket={ticket} nowMs={nowMs} />
          ))}
          {more > 0 && (
            <li className="ticket-risk__more" data-testid="tickets-more">
              {t('tickets.more', { count: more })}
            </li>
          )}
        </ol>
      )}
    </div>
  );
}

function RiskRow({ ticket, nowMs }: { ticket: AtRiskTicket; nowMs: number }) {
  const countdown = ticketCountdown(ticket, nowMs);
  const level = countdown.breached ? 'alert' : 'warn';
  return (
    <li
      className="ticket-risk__row"
      data-testid="ticket-risk-row"
      data-ticket-id={ticket.id}
      data-level={level}
      data-breached={countdown.breached}
    >
      <span className="ticket-risk__clock">
        <Icon name={LEVEL_LOOK[level].icon} />
        {countdown.breached ? (
          <span className="ticket-risk__state" data-testid="ticket-breached-label">
            {t('tickets.breachedMark')}
          </span>
        ) : (
          <span className="ticket-risk__state">{t('tickets.dueIn')}</span>
        )}
        <span className="ticket-risk__countdown" data-testid="ticket-countdown">
          {countdown.text}
        </span>
      </span>
      <span className="ticket-risk__meta">
        <span className="ticket-risk__priority" data-priority={ticket.priority}>
          {t(PRIORITY_LABEL[ticket.priority])}
        </span>
        <span className="ticket-risk__line">{ticket.line}</span>
        <span className="ticket-risk__kind">{clockLabel(ticket)}</span>
      </span>
      <span className="ticket-risk__subject" title={ticket.subject}>
        <span className="ticket-risk__id">{ticket.id}</span> {ticket.subject}
      </span>
    </li>
  );
}
