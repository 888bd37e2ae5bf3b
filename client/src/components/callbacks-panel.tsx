import type { CallbacksReply } from '../../../shared/callbacks';
import { formatSiteClock } from '../format';
import { t } from '../i18n/i18n';

/** Rows the board shows: the oldest callers first; the /callbacks page has them all. */
const SHOWN_ROWS = 3;

/**
 * The board's callbacks: how many lost callers today still wait for a call
 * back, and the first few (number, queue, when they hung up, attempts). A
 * count of zero shows too: the room sees the list is done.
 */
export function CallbacksPanel({ reply, queueName }: { reply: CallbacksReply; queueName: (id: string) => string }) {
  const { rows } = reply;
  const more = rows.length - SHOWN_ROWS;
  return (
    <section className="callbacks-panel" aria-labelledby="callbacks-panel-title" data-testid="callbacks-panel" data-count={rows.length}>
      <h2 className="callbacks-panel__head" id="callbacks-panel-title">
        <span className="section-title">{t('callbacksPanel.title')}</span>
        <span className="callbacks-panel__count" data-testid="callbacks-count">
          {rows.length}
        </span>
        {reply.withheld > 0 && <span className="callbacks-panel__aside">{t('callbacksPanel.withheld', { count: reply.withheld })}</span>}
      </h2>
      {rows.length === 0 ? (
        <p className="callbacks-panel__none">{t('callbacksPanel.none')}</p>
      ) : (
        <ol className="callbacks-panel__rows">
          {rows.slice(0, SHOWN_ROWS).map((row) => (
            <li key={row.id} className="callbacks-panel__row">
              <span className="callbacks-panel__number">{row.callerId}</span>
              <span className="callbacks-panel__queue">{queueName(row.queueId)}</span>
              <span className="callbacks-panel__time">{formatSiteClock(Date.parse(row.abandonedAt), reply.timeZone).time.slice(0, 5)}</span>
              <span className="callbacks-panel__attempts">{row.attempts > 1 ? `×${row.attempts}` : ''}</span>
            </li>
          ))}
        </ol>
      )}
      {more > 0 && <p className="callbacks-panel__more">{t('callbacksPanel.more', { count: more })}</p>}
    </section>
  );
}
