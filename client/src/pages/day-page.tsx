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
  const queueName = state.queue === null ? 'all queues' : (site?.queues.find((q) => q.id === state.queue)?.name ?? state.queue);
  const update = (change: Partial<DayViewState>) => setState((previous) => ({ ...previous, ...change }));
  const isToday = date !== null && site !== null && date >= site.today;

  return (
    <DeskPage
      testId="day-page"
      loading={day.loading}
      title="Day view"
      lead="One day's load, 15 minutes at a time: calls offered, answered and abandoned, service level, speed of answer and handle time, and the ticket desk, beside the same weekday of earlier weeks."
      site={site}
      timeZone={day.data?.timeZone}
      queue={state.queue}
      onQueue={(queue) => update({ queue })}
      queueTestId="day-queue"
      fields={
        <>
          <div className="field">
            <span className="field__label">Day</span>
            <div className="date-stepper">
              <button type="button" className="button button--icon" aria-label="Previous day" data-testid="day-prev" disabled={date === null} onClick={() => date !== null && update({ date: addDays(date, -1) })}>
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
              <button type="button" className="button button--icon" aria-label="Next day" data-testid="day-next" disabled={date === null || isToday} onClick={() => date !== null && update({ date: addDays(date, 1) })}>
                ›
              </button>
              <button type="button" className="button" data-testid="day-today" disabled={isToday} onClick={() => update({ date: null })}>
                Today
              </button>
            </div>
          </div>
          <label className="field">
            <span className="field__label">Compare with</span>
            <select className="field__input" value={state.compare} data-testid="day-compare" onChange={(event) => update({ compare: Number(event.target.value) })}>
              {COMPARE_CHOICES.map((n) => (
                <option key={n} value={n}>
                  {n === 0 ? 'no earlier weeks' : `${n} earlier ${date === null ? 'weeks' : `${weekdayName(isoWeekday(date))}s`}`}
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
              Download CSV
            </CsvLink>
          )}
        </>
      }
    >
      <HistoryPreparingNotice status={preparing.status} />
      {date !== null &&
        (day.failure !== null && !day.current ? (
          <Notice tone="error" testId="day-error" title="The day could not be loaded.">
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
        title="Calls per 15 minutes"
        lead="Bars: what became of the calls that entered the queue in each interval. Line: calls offered (today, up to now; then dashed, the calls expected for the rest of the day with the middle 80% of its range shaded). Shaded: the fewest to the most calls offered in the same interval on earlier weeks; dashed: their mean."
      >
        {hasCalls ? (
          <DayCallsChart view={view} />
        ) : (
          <Notice tone="empty" testId="day-empty" title="No calls recorded for this day.">
            {SIMULATE_HINT}
          </Notice>
        )}
      </Panel>

      {hasCalls && (
        <Panel
          id="day-service-title"
          title="Service level, speed of answer, handle time"
          lead="Service level: calls answered within the threshold / (answered + abandoned − short abandons). ASA: mean wait of answered calls. AHT: talk plus wrap-up per handled call."
        >
          <DayServiceChart view={view} target={target} />
        </Panel>
      )}

      <Panel
        id="day-tickets-title"
        title="Tickets per 15 minutes"
        lead="Tickets created and solved, and first responses that met their SLA due time, for the whole desk (tickets have no call queue)."
      >
        {view !== null && view.hasTickets ? (
          <DayTicketsChart view={view} />
        ) : (
          <Notice tone="empty" testId="day-tickets-empty" title="No tickets recorded for this day.">
            Tickets appear here once the help desk's webhooks reach the wallboard.
          </Notice>
        )}
      </Panel>
    </>
  );
}
