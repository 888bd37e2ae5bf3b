import { useState } from 'react';
import { ALERT_METRIC_WORDS, alertHistoryReplySchema, formatAlertValue } from '../../../shared/alerts';
import { formatSiteClock } from '../format';
import { DayField } from './shared/day-field';
import { DeskHeader } from './shared/desk-header';
import { describeFailure } from './shared/history-reply';
import { Notice } from './shared/notice';
import { Panel } from './shared/panel';
import { useHistoryJson } from './shared/use-history-json';
import { useSiteInfo } from './shared/use-site-info';
import './desk-pages.css';

const STATE_WORDS = { firing: 'Firing', repeat: 'Still firing', resolved: 'Resolved' } as const;

/** Every alert notification of one site day: when, which rule, the figure, and the channels it went to. For managers. */
export function AlertHistoryPage() {
  const site = useSiteInfo();
  const [picked, setPicked] = useState<string | null>(null);
  const date = picked ?? site?.today ?? null;
  const history = useHistoryJson(date === null ? null : `/api/alerts/history?date=${date}`, alertHistoryReplySchema);
  const timeZone = site?.timeZone ?? 'UTC';

  return (
    <main className="desk-page" data-testid="alert-history-page" data-loading={history.loading}>
      <DeskHeader
        title="Alert history"
        lead="Every notification the alert rules sent on one day, in site time: when an alert fired, each repeat while it lasted, and when it resolved, with the figure at that moment."
        site={site}
        timeZone={timeZone}
      />
      <div className="toolbar" role="group" aria-label="What to show">
        <DayField value={date} today={site?.today} testId="alert-history-date" onChange={setPicked} />
      </div>
      {history.failure !== null && !history.current ? (
        <Notice tone="error" testId="alert-history-error" title="The alert history could not be loaded.">
          {describeFailure(history.failure)}
        </Notice>
      ) : (
        history.data !== null && (
          <Panel id="alert-history-title" title={`Notifications on ${history.data.day}`} lead="Rules with no channel are listed too: the board showed them.">
            {history.data.notices.length === 0 ? (
              <Notice tone="empty" testId="alert-history-empty" title="No alert fired on this day." />
            ) : (
              <div className="table-scroll">
                <table className="table" data-testid="alert-history-table">
                  <thead>
                    <tr>
                      <th>Time</th>
                      <th>Rule</th>
                      <th>Queue</th>
                      <th>Figure</th>
                      <th>State</th>
                      <th className="table__num">Value</th>
                      <th className="table__num">Threshold</th>
                      <th>Fired at</th>
                      <th>Sent to</th>
                    </tr>
                  </thead>
                  <tbody>
                    {history.data.notices.map((notice, i) => (
                      <tr key={i} data-state={notice.state}>
                        <td>{formatSiteClock(Date.parse(notice.at), timeZone).time}</td>
                        <td className="table__strong">{notice.ruleId}</td>
                        <td>{notice.queue ?? 'site'}</td>
                        <td>{ALERT_METRIC_WORDS[notice.metric]}</td>
                        <td>{STATE_WORDS[notice.state === 'firing' && notice.repeat ? 'repeat' : notice.state]}</td>
                        <td className="table__num">{formatAlertValue(notice.metric, notice.value)}</td>
                        <td className="table__num">{formatAlertValue(notice.metric, notice.threshold)}</td>
                        <td>{formatSiteClock(Date.parse(notice.since), timeZone).time}</td>
                        <td className="table__muted">{notice.channels.length > 0 ? notice.channels.join(', ') : 'board only'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </Panel>
        )
      )}
    </main>
  );
}
