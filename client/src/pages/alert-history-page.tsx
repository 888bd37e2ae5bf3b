import { useState } from 'react';
import { alertHistoryReplySchema } from '../../../shared/alerts';
import { formatAlertValue } from '../../../shared/i18n/alert-catalogue';
import { formatSiteClock } from '../format';
import { DayField } from './shared/day-field';
import { DeskHeader } from './shared/desk-header';
import { describeFailure } from './shared/history-reply';
import { Notice } from './shared/notice';
import { Panel } from './shared/panel';
import { useHistoryJson } from './shared/use-history-json';
import { useSiteInfo } from './shared/use-site-info';
import './desk-pages.css';
import { language, t } from '../i18n/i18n';

const STATE_WORDS = { firing: 'alertHistory.firing', repeat: 'alertHistory.repeat', resolved: 'alertHistory.resolved' } as const;

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
        title={t('alertHistory.title')}
        lead={t('alertHistory.lead')}
        site={site}
        timeZone={timeZone}
      />
      <div className="toolbar" role="group" aria-label={t('desk.whatToShow')}>
        <DayField value={date} today={site?.today} testId="alert-history-date" onChange={setPicked} />
      </div>
      {history.failure !== null && !history.current ? (
        <Notice tone="error" testId="alert-history-error" title={t('alertHistory.loadFailed')}>
          {describeFailure(history.failure)}
        </Notice>
      ) : (
        history.data !== null && (
          <Panel id="alert-history-title" title={t('alertHistory.on', { day: history.data.day })} lead={t('alertHistory.onLead')}>
            {history.data.notices.length === 0 ? (
              <Notice tone="empty" testId="alert-history-empty" title={t('alertHistory.empty')} />
            ) : (
              <div className="table-scroll">
                <table className="table" data-testid="alert-history-table">
                  <thead>
                    <tr>
                      <th>{t('alertHistory.time')}</th>
                      <th>{t('alerts.rule')}</th>
                      <th>{t('alerts.queue')}</th>
                      <th>{t('alerts.figure')}</th>
                      <th>{t('alertHistory.state')}</th>
                      <th className="table__num">{t('alertHistory.value')}</th>
                      <th className="table__num">{t('alertHistory.threshold')}</th>
                      <th>{t('alertHistory.firedAt')}</th>
                      <th>{t('alertHistory.sentTo')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {history.data.notices.map((notice, i) => (
                      <tr key={i} data-state={notice.state}>
                        <td>{formatSiteClock(Date.parse(notice.at), timeZone).time}</td>
                        <td className="table__strong">{notice.ruleId}</td>
                        <td>{notice.queue ?? t('alert.where.site')}</td>
                        <td>{t(`alert.metric.${notice.metric}`)}</td>
                        <td>{t(STATE_WORDS[notice.state === 'firing' && notice.repeat ? 'repeat' : notice.state])}</td>
                        <td className="table__num">{formatAlertValue(notice.metric, notice.value, language)}</td>
                        <td className="table__num">{formatAlertValue(notice.metric, notice.threshold, language)}</td>
                        <td>{formatSiteClock(Date.parse(notice.since), timeZone).time}</td>
                        <td className="table__muted">{notice.channels.length > 0 ? notice.channels.join(', ') : t('alerts.boardOnly')}</td>
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
