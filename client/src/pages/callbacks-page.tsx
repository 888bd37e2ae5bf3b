import { useState } from 'react';
import type { CallbackRow } from '../../../shared/callbacks';
import { send } from '../auth/session';
import { useCallbacks } from '../callbacks/use-callbacks';
import { formatDuration, formatSiteClock } from '../format';
import { DeskHeader } from './shared/desk-header';
import { describeFailure } from './shared/history-reply';
import { Notice } from './shared/notice';
import { CsvLink } from './shared/page-actions';
import { Panel } from './shared/panel';
import { QueueSelect } from './shared/queue-select';
import { useSiteInfo } from './shared/use-site-info';
import './desk-pages.css';

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
      if (!response.ok) setProblem(`${row.callerId} was not marked (${response.status}): reload the page and try again.`);
    } catch (error) {
      setProblem(`${row.callerId} was not marked: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setMarking(null);
      setBump((n) => n + 1);
    }
  }

  return (
    <main className="desk-page" data-testid="callbacks-page" data-loading={list.loading}>
      <DeskHeader
        title="Callbacks"
        lead="Callers who hung up waiting today and have not been reached since: a later answered call from the same number, in any queue, takes them off. Several hang-ups of one number are one row."
        site={site}
        timeZone={timeZone}
      />
      <div className="toolbar" role="group" aria-label="What to show">
        <QueueSelect queues={site?.queues ?? []} value={queue} onChange={setQueue} testId="callbacks-queue" />
        <CsvLink href={`/api/callbacks?format=csv${queue === null ? '' : `&queue=${encodeURIComponent(queue)}`}`} testId="callbacks-csv">
          Download CSV
        </CsvLink>
      </div>
      {problem !== null && (
        <Notice tone="error" testId="callbacks-mark-error" title="Not marked.">
          {problem}
        </Notice>
      )}
      {list.failure !== null && reply === null ? (
        <Notice tone="error" testId="callbacks-error" title="The callback list could not be loaded.">
          {describeFailure(list.failure)}
        </Notice>
      ) : (
        reply !== null &&
        (!reply.kept ? (
          <Notice tone="empty" testId="callbacks-not-kept" title="This server keeps no call history (no DATABASE_URL), so it has no callback list." />
        ) : (
          <Panel
            id="callbacks-title"
            title={`To call back on ${reply.day}: ${reply.rows.length}`}
            lead={
              <span data-testid="callbacks-summary">
                {reply.withheld} withheld (cannot be called back) · {reply.shortAbandons} short abandons left out · {reply.done} marked done
              </span>
            }
          >
            {reply.rows.length === 0 ? (
              <Notice tone="empty" testId="callbacks-empty" title="Nobody to call back: everyone who hung up today has been reached or marked done." />
            ) : (
              <div className="table-scroll">
                <table className="table" data-testid="callbacks-table">
                  <thead>
                    <tr>
                      <th>Number</th>
                      <th>Queue</th>
                      <th className="table__num">Waited</th>
                      <th>Hung up</th>
                      <th className="table__num">Tries</th>
                      <th aria-label="Done" />
                    </tr>
                  </thead>
                  <tbody>
                    {reply.rows.map((row) => (
                      <tr key={row.id} data-caller={row.callerId}>
                        <td className="table__strong">
                          <a href={`tel:+${row.callerId}`}>{row.callerId}</a>
                        </td>
                        <td>{site?.queues.find((q) => q.id === row.queueId)?.name ?? row.queueId}</td>
                        <td className="table__num">{formatDuration(row.waitSec)}</td>
                        <td>{formatSiteClock(Date.parse(row.abandonedAt), timeZone).time.slice(0, 5)}</td>
                        <td className="table__num">{row.attempts}</td>
                        <td>
                          <button
                            type="button"
                            className="button button--quiet"
                            data-testid="callbacks-done"
                            disabled={marking === row.id}
                            onClick={() => void markDone(row)}
                          >
                            Done
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
