import { agentsResponseSchema } from '../../../shared/history-api';
import { useSearchState } from '../app-shell/use-search-state';
import { AgentTable } from './agents/agent-table';
import { parseAgentsViewState, serializeAgentsViewState, type AgentsViewState } from './agents/agents-view-state';
import { DayField } from './shared/day-field';
import { DeskPage } from './shared/desk-page';
import { describeFailure } from './shared/history-reply';
import { agentsUrl } from './shared/history-urls';
import { formatDayLabel } from './shared/interval-labels';
import { Notice, SIMULATE_HINT } from './shared/notice';
import { CsvLink, LoadingChip } from './shared/page-actions';
import { Panel } from './shared/panel';
import { useHistoryJson } from './shared/use-history-json';
import { useSiteInfo } from './shared/use-site-info';
import './desk-pages.css';
import { t } from '../i18n/i18n';

/** The agents' day: per agent, the calls answered and the time in each state, for one site day. */
export function AgentsPage() {
  const site = useSiteInfo();
  const [state, setState] = useSearchState(parseAgentsViewState, serializeAgentsViewState);
  const date = state.date ?? site?.today ?? null;
  const query = date === null ? null : { date, queue: state.queue };
  const agents = useHistoryJson(query === null ? null : agentsUrl(query), agentsResponseSchema);
  const update = (change: Partial<AgentsViewState>) => setState((previous) => ({ ...previous, ...change }));
  const queueName = state.queue === null ? t('desk.allQueuesLower') : (site?.queues.find((q) => q.id === state.queue)?.name ?? state.queue);

  return (
    <DeskPage
      testId="agents-page"
      loading={agents.loading}
      title={t('agentsDay.title')}
      lead={t('agentsDay.lead')}
      site={site}
      timeZone={agents.data?.timeZone}
      queue={state.queue}
      onQueue={(queue) => update({ queue })}
      queueTestId="agents-queue"
      fields={<DayField value={date} today={site?.today} testId="agents-date" onChange={(picked) => update({ date: picked })} />}
      actions={
        <>
          <LoadingChip show={agents.loading} testId="agents-loading" />
          {query !== null && (
            <CsvLink href={agentsUrl(query, 'csv')} testId="agents-csv-link">
              {t('desk.downloadCsv')}
            </CsvLink>
          )}
        </>
      }
    >
      {agents.failure !== null && !agents.current ? (
        <Notice tone="error" testId="agents-error" title={t('agentsDay.loadFailed')}>
          {describeFailure(agents.failure)}
        </Notice>
      ) : (
        agents.data !== null && (
          <div className="desk-page__body" data-stale={!agents.current}>
            <Panel
              id="agents-title"
              title={`${formatDayLabel(agents.data.date)} · ${queueName}`}
              lead={t('agentsDay.tableLead')}
            >
              {agents.data.agents.length > 0 ? (
                <AgentTable rows={agents.data.agents} names={site?.agentNames ?? {}} />
              ) : (
                <Notice tone="empty" testId="agents-empty" title={t('agentsDay.empty')}>
                  {SIMULATE_HINT}
                </Notice>
              )}
            </Panel>
          </div>
        )
      )}
    </DeskPage>
  );
}
