import type { StaffingResponse } from '../../../../shared/history-api';
import { formatDuration } from '../../format';
import { intervalRangeLabel } from '../shared/interval-labels';
import { formatMean } from '../shared/number-format';
import type { StaffingView } from './staffing-series';

const MODEL_NAME = { erlangC: 'Erlang C', erlangA: 'Erlang A' } as const;

function hoursAndMinutes(intervals: number): string {
  const minutes = intervals * 15;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h === 0 ? `${m} min` : m === 0 ? `${h} h` : `${h} h ${m} min`;
}

function patienceText(response: StaffingResponse): string {
  if (response.patienceSec === null) return 'none: nobody abandoned, so Erlang A is not computed';
  const source = response.patienceSource === 'whatIf' ? 'your what-if' : 'estimated from abandoned calls';
  return `${formatDuration(response.patienceSec)}, ${source}`;
}

/** What the chart says, in sentences a planner can paste into a report. */
export function StaffingSummary({ view, response }: { view: StaffingView; response: StaffingResponse }) {
  const model = MODEL_NAME[view.model];
  const shrinkagePct = Math.round(response.target.shrinkage * 100);
  return (
    <dl className="figures figures--compact" data-testid="plan-staffing-summary">
      <div className="figure" data-level={view.underStaffedIntervals > 0 ? 'warn' : 'ok'}>
        <dt className="figure__label">Under-staffed</dt>
        <dd className="figure__value" data-testid="plan-under-staffed">
          {view.underStaffedIntervals} of {view.rows.length}
        </dd>
        <dd className="figure__note">
          intervals ({hoursAndMinutes(view.underStaffedIntervals)}) below {model}
          {view.runs.length > 0 && `: ${view.runs.slice(0, 3).map((run) => `${run.from}–${run.to}`).join(', ')}${view.runs.length > 3 ? ' …' : ''}`}
        </dd>
      </div>
      <div className="figure">
        <dt className="figure__label">Peak requirement</dt>
        <dd className="figure__value" data-testid="plan-peak-required">
          {view.peak === null ? '—' : `${view.peak.required} ${view.peak.required === 1 ? 'agent' : 'agents'}`}
        </dd>
        <dd className="figure__note">{view.peak === null ? 'no calls in the basis' : `${model}, at ${intervalRangeLabel(view.peak.time)}`}</dd>
      </div>
      <div className="figure">
        <dt className="figure__label">Positions at the peak</dt>
        <dd className="figure__value">{view.peak?.scheduled ?? '—'}</dd>
        <dd className="figure__note">to schedule with {shrinkagePct}% shrinkage</dd>
      </div>
      <div className="figure">
        <dt className="figure__label">Agent-hours</dt>
        <dd className="figure__value">
          {formatMean(view.requiredAgentHours)} <span className="figure__unit">/ {formatMean(view.staffedAgentHours)}</span>
        </dd>
        <dd className="figure__note">required ({model}) / staffed over the day</dd>
      </div>
      <div className="figure">
        <dt className="figure__label">Caller patience</dt>
        <dd className="figure__value">{response.patienceSec === null ? '—' : formatDuration(response.patienceSec)}</dd>
        <dd className="figure__note">{patienceText(response)}</dd>
      </div>
    </dl>
  );
}
