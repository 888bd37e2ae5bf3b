import { useMemo } from 'react';
import { dayResponseSchema, intradayResponseSchema } from '../../../shared/history-api';
import { useSearchState } from '../app-shell/use-search-state';
import { DayCallsChart } from './day/day-calls-chart';
import { buildDayView, slTargetFor, withForecast, type DayView, type SlTarget } from './day/day-series';
import { DayServiceChart } from './day/day-service-chart';
import { DaySummary } from './day/day-summary';
import { DayEscalations } from './day/day-escalations';
import { DayTicketsChart } from './day/day-tickets-chart';
import { COMPARE_CHOICES, parseDayViewState, serializeDayViewState, type DayViewState } from './day/day-view-state';
import { RangeExport } from './day/range-export';
import { DeskPage } from './shared/desk-page';
import { describeFailure } from './shared/history-reply';
import { dayUrl, intradayUrl } from './shared/history-urls';
import { formatDayLabel, weekdayName } from './shared/interval-labels';
import { HistoryPreparingNotice } from './shared/history-preparing-notice';
import { Notice, SIMULATE_HINT } from './shared/notice';
import { CsvLink, LoadingChip } from './shared/page-actions';
import { Panel } from './shared/panel';
import { addDays, isDate, isoWeekday } from '../../../shared/site-time';
import { useHistoryJson } from './shared/use-history-json';
import { useHistoryPreparing } from './shared/use-history-preparing';
import { useSiteInfo } from './shared/use-site-info';
import './desk-pages.css';
import { t } from '../i18n/i18n';

/** The manager's day: the load curve per 15 minutes, service, speed and tickets, against earlier weeks. */
export function DayPage() {
  const site = useSiteInfo();
  const [state, setState] = useSearchState(parseDayViewState, serializeDayViewState);
  const date = state.date ?? site?.today ?? null;
  const query = date === null ? null : { date, queue: state.queue, compare: state.compare };
  const preparing = useHistoryPreparing();
  // each poll while history is written brings the days written since
  const day = useHistoryJson(query === null ? null : dayUrl(query), dayResponseSchema, preparing.landed);
  // Today is compared and drawn only up to the interval under way; other days are whole.
  const currentIntervalStart = site !== null && date === site.today ? site.currentIntervalStart : null;
  // Today only: the rest of the day forecast from the same weekday's history, drawn as a dashed continuation.
  const intraday = useHistoryJson(currentIntervalStart === null ? null : intradayUrl(state.queue), intradayResponseSchema, currentIntervalStart);
  const view = useMemo(() => {
    const built = day.data === null ? null : buildDayView(day.data, currentIntervalStart);
    return built === null ? null : withForecast(built, intraday.data);
  }, [day.data, currentIntervalStart, intraday.data]);
  const target = slTargetFor(site?.queues ?? [], state.queue);
  const queueName = state.queue === null ? t('desk.allQueuesLower') : (site?.queues.find((q) => q.id === state.queue)?.name ?? state.queue);
  const update = (change: Partial<DayViewState>) => setState((previous) => ({ ...previous, ...change }));
  const isToday = date !== null && site !== null && date >= site.today;

  return (
    <DeskPage
      testId="day-page"
      loading={day.loading}
      title={t('day.title')}
      lead={t('day.lead')}
      site={site}
      timeZone={day.data?.timeZone}
      queue={state.queue}
      onQueue={(queue) => update({ queue })}
      queueTestId="day-queue"
      fields={
        <>
          <div className="field">
            <span className="field__label">{t('day.day')}</span>
            <div className="date-stepper">
              <button type="button" className="button button--icon" aria-label={t('day.previous')} data-testid="day-prev" disabled={date === null} onClick={() => date !== null && update({ date: addDays(date, -1) })}>
                ‹
              </button>
              <input
                className="field__input"
                type="date"
                value={date ?? ''}
                max={site?.today}
                data-testid="day-date"
                onChange={(event) => isDate(event.target.value) && update({ date: event.target.value })}
              />
              <button type="button" className="button button--icon" aria-label={t('day.next')} data-testid="day-next" disabled={date === null || isToday} onClick={() => date !== null && update({ date: addDays(date, 1) })}>
                ›
              </button>
              <button type="button" className="button" data-testid="day-today" disabled={isToday} onClick={() => update({ date: null })}>
                {t('day.today')}
              </button>
            </div>
          </div>
          <label className="field">
            <span className="field__label">{t('day.compareWith')}</span>
            <select className="field__input" value={state.compare} data-testid="day-compare" onChange={(event) => update({ compare: Number(event.target.value) })}>
              {COMPARE_CHOICES.map((n) => (
                <option key={n} value={n}>
                  {n === 0 ? t('day.noEarlier') : date === null ? t('day.earlierWeeks', { count: n }) : t('day.earlierWeekdays', { count: n, weekday: weekdayName(isoWeekday(date)) })}
                </option>
              ))}
            </select>
          </label>
        </>
      }
      actions={
        <>
          <LoadingChip show={day.loading} testId="day-loading" />
          {query !== null && (
            <CsvLink href={dayUrl(query, 'csv')} testId="day-csv-link">
              {t('desk.downloadCsv')}
            </CsvLink>
          )}
        </>
      }
    >
      <HistoryPreparingNotice status={preparing.status} />
      {date !== null &&
        (day.failure !== null && !day.current ? (
          <Notice tone="error" testId="day-error" title={t('day.loadFailed')}>
            {describeFailure(day.failure)}
          </Notice>
        ) : (
          day.data !== null && (
            <div className="desk-page__body" data-stale={!day.current}>
              <DayBody view={view} target={target} queueName={queueName} />
              <DayEscalations days={day.data.days} />
              <RangeExport key={date} lastDay={date} queue={state.queue} queueName={queueName} />
            </div>
          )
        ))}
    </DeskPage>
  );
}

/** The day's figures and charts; each part says so when it has nothing to show. */
function DayBody({ view, target, queueName }: { view: DayView | null; target: SlTarget | null; queueName: string }) {
  const hasCalls = view !== null && view.hasCalls;
  return (
    <>
      {view !== null && (view.hasCalls || view.hasTickets) && (
        <>
          <h2 className="desk-page__subject" data-testid="day-subject">
            {formatDayLabel(view.date)} · {queueName}
          </h2>
          <DaySummary view={view} target={target} />
        </>
      )}

      <Panel
        id="day-calls-title"
        title={t('day.callsTitle')}
        lead={t('day.callsLead')}
      >
        {hasCalls ? (
          <DayCallsChart view={view} />
        ) : (
          <Notice tone="empty" testId="day-empty" title={t('day.noCalls')}>
            {SIMULATE_HINT}
          </Notice>
        )}
      </Panel>

      {hasCalls && (
        <Panel
          id="day-service-title"
          title={t('day.serviceTitle')}
          lead={t('day.serviceLead')}
        >
          <DayServiceChart view={view} target={target} />
        </Panel>
      )}

      <Panel
        id="day-tickets-title"
        title={t('day.ticketsTitle')}
        lead={t('day.ticketsLead')}
      >
        {view !== null && view.hasTickets ? (
          <DayTicketsChart view={view} />
        ) : (
          <Notice tone="empty" testId="day-tickets-empty" title={t('day.noTickets')}>
            {t('day.noTicketsHint')}
          </Notice>
        )}
      </Panel>
    </>
  );
}
