import { useMemo } from 'react';
import { heatmapMetrics, heatmapResponseSchema, staffingResponseSchema } from '../../../shared/history-api';
import { useSearchState } from '../app-shell/use-search-state';
import { Heatmap } from './plan/heatmap';
import { buildHeatmapGrid } from './plan/heatmap-grid';
import { HeatmapLegend } from './plan/heatmap-legend';
import { HistoryDepth } from './plan/history-depth';
import { METRIC_LOOKS } from './plan/metric-looks';
import { BusyHourList, PeakList } from './plan/peak-list';
import { parsePlanViewState, serializePlanViewState, WEEKS_CHOICES, type PlanViewState } from './plan/plan-view-state';
import { StaffingChart } from './plan/staffing-chart';
import { buildStaffingView } from './plan/staffing-series';
import { StaffingSummary } from './plan/staffing-summary';
import { describeParamProblem, fieldOfParam, staffingParams, type StaffingBasis, type WhatIfField } from './plan/what-if';
import { WhatIfForm } from './plan/what-if-form';
import { DeskPage } from './shared/desk-page';
import { describeFailure } from './shared/history-reply';
import { heatmapUrl, staffingUrl } from './shared/history-urls';
import { formatDayLabel, weekdayName, weeksCount } from './shared/interval-labels';
import { HistoryPreparingNotice } from './shared/history-preparing-notice';
import { Notice, SIMULATE_HINT } from './shared/notice';
import { CsvLink, LoadingChip } from './shared/page-actions';
import { Panel } from './shared/panel';
import { addDays, isDate } from '../../../shared/site-time';
import { useDebouncedValue } from './shared/use-debounced-value';
import { useHistoryJson } from './shared/use-history-json';
import { useHistoryPreparing } from './shared/use-history-preparing';
import { useSiteInfo } from './shared/use-site-info';
import './desk-pages.css';
import { t } from '../i18n/i18n';

/** Typing settles this long before the server recomputes the staffing. */
const WHAT_IF_DEBOUNCE_MS = 400;

function basisLabel(state: PlanViewState, weeksInUse: number | null): string {
  if (state.basis.kind === 'date') return formatDayLabel(state.basis.date);
  const weekday = weekdayName(state.basis.weekday);
  return weeksInUse === null ? t('plan.averageWeekday', { weekday }) : t('plan.averageWeekdayOver', { weekday, weeks: weeksCount(weeksInUse) });
}

/** The select's value for "as many weeks as the history has". */
const ALL_HISTORY = '';

/** The planner's page: when the load peaks, and how many agents each interval needs against how many it had. */
export function PlanPage() {
  const site = useSiteInfo();
  const [state, setState] = useSearchState(parsePlanViewState, serializePlanViewState);
  const update = (change: Partial<PlanViewState>) => setState((previous) => ({ ...previous, ...change }));
  const look = METRIC_LOOKS[state.metric];

  const heatmapQuery = { weeks: state.weeks, queue: state.queue, metric: state.metric };
  const preparing = useHistoryPreparing();
  // each poll while history is written brings the days written since
  const heatmap = useHistoryJson(heatmapUrl(heatmapQuery), heatmapResponseSchema, preparing.landed);
  const grid = useMemo(() => (heatmap.data === null ? null : buildHeatmapGrid(heatmap.data, look.countLike)), [heatmap.data, look]);
  const weeksInUse = state.weeks ?? heatmap.data?.weeks ?? null;

  const settledWhatIf = useDebouncedValue(state.whatIf, WHAT_IF_DEBOUNCE_MS);
  const basis: StaffingBasis = state.basis.kind === 'weekday' ? { ...state.basis, weeks: state.weeks } : state.basis;
  const request = staffingParams(basis, state.queue, settledWhatIf);
  const basisReady = basis.kind === 'weekday' || isDate(basis.date);
  const staffing = useHistoryJson(request.ok && basisReady ? staffingUrl(request.params) : null, staffingResponseSchema, preparing.landed);
  const staffingView = useMemo(
    () => (staffing.data === null ? null : buildStaffingView(staffing.data, state.model)),
    [staffing.data, state.model],
  );
  const recomputing = staffing.loading || settledWhatIf !== state.whatIf;

  // The form's own checks answer at once; the server's 400 (for the request just made) names the rest.
  const typed = staffingParams(basis, state.queue, state.whatIf);
  const problems: Partial<Record<WhatIfField, string>> = {};
  if (!typed.ok) for (const p of typed.problems) problems[p.field] = p.message;
  const refused = staffing.failure?.kind === 'bad-request' ? staffing.failure.problems : [];
  for (const p of refused) {
    const field = fieldOfParam(p.param);
    if (field !== null && problems[field] === undefined) problems[field] = p.message;
  }

  return (
    <DeskPage
      testId="plan-page"
      title={t('plan.title')}
      lead={t('plan.lead')}
      site={site}
      timeZone={heatmap.data?.timeZone}
      queue={state.queue}
      onQueue={(queue) => update({ queue })}
      queueTestId="plan-queue"
      fields={
        <>
          <label className="field">
            <span className="field__label">{t('plan.heatmapOf')}</span>
            <select className="field__input" data-testid="plan-metric" value={state.metric} onChange={(event) => update({ metric: event.target.value as PlanViewState['metric'] })}>
              {heatmapMetrics.map((metric) => (
                <option key={metric} value={metric}>
                  {METRIC_LOOKS[metric].label}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field__label">{t('plan.history')}</span>
            <select
              className="field__input"
              data-testid="plan-weeks"
              value={state.weeks ?? ALL_HISTORY}
              onChange={(event) => update({ weeks: event.target.value === ALL_HISTORY ? null : Number(event.target.value) })}
            >
              <option value={ALL_HISTORY}>{t('plan.allHistory')}</option>
              {WEEKS_CHOICES.map((weeks) => (
                <option key={weeks} value={weeks}>
                  {t('plan.lastWeeks', { count: weeks })}
                </option>
              ))}
            </select>
          </label>
        </>
      }
      actions={
        <>
          <LoadingChip show={heatmap.loading} testId="plan-heatmap-loading" />
          <CsvLink href={heatmapUrl(heatmapQuery, 'csv')} testId="plan-heatmap-csv-link">
            {t('plan.heatmapCsv')}
          </CsvLink>
        </>
      }
    >
      <HistoryPreparingNotice status={preparing.status} />
      <Panel
        id="heatmap-title"
        title={t('plan.heatmapTitle', { metric: look.label })}
        lead={
          <>
            {t('plan.heatmapLead', { meaning: look.cellMeaning })}
            {heatmap.data !== null &&
              t('plan.heatmapOver', { weeks: weeksCount(heatmap.data.weeks), from: formatDayLabel(heatmap.data.from), to: formatDayLabel(addDays(heatmap.data.to, -1)) })}
            {t('plan.brighter')}
            {heatmap.data !== null && <HistoryDepth observedDays={heatmap.data.observedDays} weeks={heatmap.data.weeks} />}
          </>
        }
      >
        {heatmap.failure !== null && !heatmap.current ? (
          <Notice tone="error" testId="plan-heatmap-error" title={t('plan.heatmapFailed')}>
            {describeFailure(heatmap.failure)}
          </Notice>
        ) : grid === null ? null : grid.domain === null ? (
          <Notice tone="empty" testId="plan-heatmap-empty" title={t('plan.heatmapEmpty')}>
            {SIMULATE_HINT}
          </Notice>
        ) : (
          <div className="chart" data-loading={heatmap.loading}>
            <HeatmapLegend domain={grid.domain} look={look} />
            <Heatmap grid={grid} look={look} />
          </div>
        )}
      </Panel>

      {grid !== null && heatmap.current && grid.domain !== null && (
        <div className="desk-columns">
          <PeakList peaks={grid.peaks} look={look} />
          <BusyHourList hours={grid.busyHourList} look={look} onPlan={(weekday) => {
              update({ basis: { kind: 'weekday', weekday } });
              document.getElementById('staffing-title')?.scrollIntoView({ behavior: 'smooth', block: 'start' });
            }} />
        </div>
      )}

      <Panel
        id="staffing-title"
        testId="plan-staffing"
        loading={recomputing}
        title={t('plan.staffingTitle')}
        lead={
          <>
            {t('plan.staffingLead', { basis: basisLabel(state, weeksInUse), pct: state.whatIf.slPct || '…', seconds: state.whatIf.slSec || '…' })}
          </>
        }
        actions={
          <>
            <LoadingChip show={recomputing} testId="plan-staffing-loading">
              {t('plan.recomputing')}
            </LoadingChip>
            {request.ok && basisReady && (
              <CsvLink href={staffingUrl(request.params, 'csv')} testId="plan-staffing-csv-link">
                {t('plan.staffingCsv')}
              </CsvLink>
            )}
          </>
        }
      >

        <WhatIfForm
          state={state}
          weeksInUse={weeksInUse}
          today={site?.today ?? null}
          problems={problems}
          onBasis={(next) => update({ basis: next })}
          onWhatIf={(whatIf) => update({ whatIf })}
          onModel={(model) => update({ model })}
          erlangAAvailable={staffingView?.erlangAAvailable ?? true}
        />

        {staffing.failure !== null && (
          <Notice
            tone="error"
            testId="plan-staffing-error"
            title={
              staffing.failure.kind === 'bad-request'
                ? t('plan.refused')
                : t('plan.staffingFailed')
            }
          >
            {staffing.failure.kind === 'bad-request' ? (
              <ul className="notice__list">
                {staffing.failure.problems.map((p) => (
                  <li key={`${p.param}-${p.message}`}>{describeParamProblem(p, request.ok ? request.params : {})}</li>
                ))}
              </ul>
            ) : (
              describeFailure(staffing.failure)
            )}
          </Notice>
        )}

        {staffingView !== null && staffing.data !== null &&
          (staffingView.hasLoad ? (
            <div className="desk-page__body" data-stale={!staffing.current}>
              <StaffingSummary view={staffingView} response={staffing.data} />
              <StaffingChart view={staffingView} loading={recomputing} stale={!staffing.current} />
            </div>
          ) : (
            <Notice tone="empty" testId="plan-staffing-empty" title={t('plan.staffingEmpty')}>
              {SIMULATE_HINT}
            </Notice>
          ))}
      </Panel>
    </DeskPage>
  );
}
