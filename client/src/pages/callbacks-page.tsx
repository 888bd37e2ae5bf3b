import { useState } from 'react';
import type { CallbackRow } from '../../../shared/callbacks';
import { send } from '../auth/session';
import { useCallbacks } from '../callbacks/use-callbacks';
import { formatDuration, formatSiteClock } from '../format';
import { DeskHeader } from './shared/desk-header';
import { describeFailure } from './shared/history-reply';
import { formatDayLabel } from './shared/interval-labels';
import { Notice } from './shared/notice';
import { CsvLink } from './shared/page-actions';
import { Panel } from './shared/panel';
import { QueueSelect } from './shared/queue-select';
import { useSiteInfo } from './shared/use-site-info';
import './desk-pages.css';
import { t } from '../i18n/i18n';

/**
 * Callbacks ("lost calls"): today's callers who hung up waiting and have not
 * been reached since, oldest first, for a manager to hand out and mark done.
 * It refreshes by itself; a mark shows at once.
 */
export function CallbacksPage() {
  const site = useSiteInfo();
  const [queue, setQueue] = useState<string | null>(null);
  const [bump, setBump] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  const [marking, setMarking] = useState<string | null>(null);
  const list = useCallbacks(queue, bump);
  const reply = list.data;
  const timeZone = reply?.timeZone ?? site?.timeZone ?? 'UTC';

  async function markDone(row: CallbackRow): Promise<void> {
    setMarking(row.id);
    setProblem(null);
    try {
      const response = await send('POST', `/api/callbacks/${row.id}/done`, {});
      if (!response.ok) setProblem(t('callbacks.markRefused', { number: row.callerId, status: String(response.status) }));
    } catch (error) {
      setProblem(t('callbacks.markFailed', { number: row.callerId, error: error instanceof Error ? error.message : String(error) }));
    } finally {
      setMarking(null);
      setBump((n) => n + 1);
    }
  }

  return (
    <main className="desk-page" data-testid="callbacks-page" data-loading={list.loading}>
      <DeskHeader
        title={t('callbacks.title')}
        lead={t('callbacks.lead')}
        site={site}
        timeZone={timeZone}
      />
      <div className="toolbar" role="group" aria-label={t('desk.whatToShow')}>
        <QueueSelect queues={site?.queues ?? []} value={queue} onChange={setQueue} testId="callbacks-queue" />
        <CsvLink href={`/api/callbacks?format=csv${queue === null ? '' : `&queue=${encodeURIComponent(queue)}`}`} testId="callbacks-csv">
          {t('desk.downloadCsv')}
        </CsvLink>
      </div>
      {problem !== null && (
        <Notice tone="error" testId="callbacks-mark-error" title={t('callbacks.notMarked')}>
          {problem}
        </Notice>
      )}
      {list.failure !== null && reply === null ? (
        <Notice tone="error" testId="callbacks-error" title={t('callbacks.loadFailed')}>
          {describeFailure(list.failure)}
        </Notice>
      ) : (
        reply !== null &&
        (!reply.kept ? (
          <Notice tone="empty" testId="callbacks-not-kept" title={t('callbacks.notKept')} />
        ) : (
          <Panel
            id="callbacks-title"
            title={t('callbacks.listTitle', { day: formatDayLabel(reply.day), count: reply.rows.length })}
            lead={
              <span data-testid="callbacks-summary">
                {[
                  t('callbacks.withheld', { count: reply.withheld }),
                  t('callbacks.shortAbandons', { count: reply.shortAbandons }),
                  t('callbacks.done', { count: reply.done }),
                ].join(' · ')}
              </span>
            }
          >
            {reply.rows.length === 0 ? (
              <Notice tone="empty" testId="callbacks-empty" title={t('callbacks.empty')} />
            ) : (
              <div className="table-scroll">
                <table className="table table--cards" data-testid="callbacks-table">
                  <thead>
                    <tr>
                      <th>{t('callbacks.number')}</th>
                      <th>{t('callbacks.queue')}</th>
                      <th className="table__num">{t('callbacks.waited')}</th>
                      <th>{t('callbacks.hungUp')}</th>
                      <th className="table__num">{t('callbacks.tries')}</th>
                      <th aria-label={t('callbacks.markDone')} />
                    </tr>
                  </thead>
                  <tbody>
                    {reply.rows.map((row) => (
                      <tr key={row.id} data-caller={row.callerId}>
                        <td className="table__strong">
                          <a href={`tel:+${row.callerId}`}>{row.callerId}</a>
                        </td>
                        <td data-label={t('callbacks.queue')}>{site?.queues.find((q) => q.id === row.queueId)?.name ?? row.queueId}</td>
                        <td className="table__num" data-label={t('callbacks.waited')}>
                          {formatDuration(row.waitSec)}
                        </td>
                        <td data-label={t('callbacks.hungUp')}>{formatSiteClock(Date.parse(row.abandonedAt), timeZone).time.slice(0, 5)}</td>
                        <td className="table__num" data-label={t('callbacks.tries')}>
                          {row.attempts}
                        </td>
                        <td className="table__actions">
                          <button
                            type="button"
                            className="button button--quiet"
                            data-testid="callbacks-done"
                            disabled={marking === row.id}
                            onClick={() => void markDone(row)}
                          >
                            {t('callbacks.markDone')}
                          </button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </Panel>
        ))
      )}
    </main>
  );
}
