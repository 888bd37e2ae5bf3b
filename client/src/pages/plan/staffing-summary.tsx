import type { StaffingResponse } from '../../../../shared/history-api';
import { formatDuration } from '../../format';
import { intervalRangeLabel } from '../shared/interval-labels';
import { formatMean } from '../shared/number-format';
import type { StaffingView } from './staffing-series';
import { t } from '../../i18n/i18n';

const MODEL_NAME = { erlangC: 'Erlang C', erlangA: 'Erlang A' } as const;

function hoursAndMinutes(intervals: number): string {
  const minutes = intervals * 15;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h === 0 ? t('unit.ageMinutes', { n: m }) : m === 0 ? t('unit.ageHours', { n: h }) : `${t('unit.ageHours', { n: h })} ${t('unit.ageMinutes', { n: m })}`;
}

function patienceText(response: StaffingResponse): string {
  if (response.patienceSec === null) return t('plan.noPatience');
  const source = response.patienceSource === 'whatIf' ? t('plan.yourWhatIf') : t('plan.estimatedPatience');
  return `${formatDuration(response.patienceSec)}, ${source}`;
}

/** What the chart says, in sentences a planner can paste into a report. */
export function StaffingSummary({ view, response }: { view: StaffingView; response: StaffingResponse }) {
  const model = MODEL_NAME[view.model];
  const shrinkagePct = Math.round(response.target.shrinkage * 100);
  return (
    <dl className="figures figures--compact" data-testid="plan-staffing-summary">
      <div className="figure" data-level={view.underStaffedIntervals > 0 ? 'warn' : 'ok'}>
        <dt className="figure__label">{t('plan.underStaffed')}</dt>
        <dd className="figure__value" data-testid="plan-under-staffed">
          {t('day.ofTotal', { part: view.underStaffedIntervals, total: view.rows.length })}
        </dd>
        <dd className="figure__note">
          {t('plan.intervalsBelow', { duration: hoursAndMinutes(view.underStaffedIntervals), model })}
          {view.runs.length > 0 && `: ${view.runs.slice(0, 3).map((run) => `${run.from}–${run.to}`).join(', ')}${view.runs.length > 3 ? ' …' : ''}`}
        </dd>
      </div>
      <div className="figure">
        <dt className="figure__label">{t('plan.peakRequirement')}</dt>
        <dd className="figure__value" data-testid="plan-peak-required">
          {view.peak === null ? '—' : t('plan.agents', { count: view.peak.required })}
        </dd>
        <dd className="figure__note">{view.peak === null ? t('plan.noCallsInBasis') : t('plan.modelAt', { model, time: intervalRangeLabel(view.peak.time) })}</dd>
      </div>
      <div className="figure">
        <dt className="figure__label">{t('plan.positionsAtPeak')}</dt>
        <dd className="figure__value">{view.peak?.scheduled ?? '—'}</dd>
        <dd className="figure__note">{t('plan.withShrinkage', { pct: shrinkagePct })}</dd>
      </div>
      <div className="figure">
        <dt className="figure__label">{t('plan.agentHours')}</dt>
        <dd className="figure__value">
          {formatMean(view.requiredAgentHours)} <span className="figure__unit">/ {formatMean(view.staffedAgentHours)}</span>
        </dd>
        <dd className="figure__note">{t('plan.requiredStaffed', { model })}</dd>
      </div>
      <div className="figure">
        <dt className="figure__label">{t('plan.patience')}</dt>
        <dd className="figure__value">{response.patienceSec === null ? '—' : formatDuration(response.patienceSec)}</dd>
        <dd className="figure__note">{patienceText(response)}</dd>
      </div>
    </dl>
  );
}
