import { formatCount, formatDuration, formatPercent } from '../../format';
import { formatChangePct, formatMean } from '../shared/number-format';
import { weekdayName } from '../shared/interval-labels';
import { isoWeekday } from '../../../../shared/site-time';
import { changePct, type DayView, type SlTarget } from './day-series';

function Figure({ label, value, note, testId, level }: { label: string; value: string; note?: string; testId: string; level?: 'ok' | 'warn' }) {
  return (
    <div className="figure" data-level={level}>
      <dt className="figure__label">{label}</dt>
      <dd className="figure__value" data-testid={testId}>
        {value}
      </dd>
      {note !== undefined && <dd className="figure__note">{note}</dd>}
    </div>
  );
}

function describeComparison(view: DayView): string {
  const comparison = view.offeredComparison;
  if (comparison === null) return 'no earlier weeks to compare';
  const earlier = `${comparison.earlierDays} earlier ${weekdayName(isoWeekday(view.date))}s`;
  if (comparison.until === '00:00') return `the day has just begun; compared with ${earlier} from 00:15`;
  const change = changePct(comparison.offered, comparison.earlierMean);
  const vs = change === null ? `none on ${earlier}` : `${formatChangePct(change)} vs ${formatMean(comparison.earlierMean)}, the mean of ${earlier}`;
  return comparison.until === null ? vs : `by ${comparison.until}: ${formatCount(comparison.offered)}, ${vs} by then`;
}

/** The day's totals, the numbers a manager reports, each with its comparison. */
export function DaySummary({ view, target }: { view: DayView; target: SlTarget | null }) {
  const { total, tickets } = view;
  const offeredNote = describeComparison(view);
  const abandonShare = total.offered === 0 ? null : (total.abandoned / total.offered) * 100;
  const slLevel = target === null || total.serviceLevelPct === null ? undefined : total.serviceLevelPct >= target.pct ? 'ok' : 'warn';
  const withinSla = tickets.firstResponded === 0 ? null : (tickets.firstRespondedWithinSla / tickets.firstResponded) * 100;

  return (
    <dl className="figures" data-testid="day-summary">
      <Figure label="Offered" value={formatCount(total.offered)} note={offeredNote} testId="day-total-offered" />
      <Figure label="Answered" value={formatCount(total.answered)} testId="day-total-answered" />
      <Figure
        label="Abandoned"
        value={formatCount(total.abandoned)}
        note={abandonShare === null ? undefined : `${abandonShare.toFixed(1)}% of offered`}
        testId="day-total-abandoned"
      />
      <Figure
        label="Service level"
        value={formatPercent(total.serviceLevelPct)}
        note={target === null ? 'targets differ by queue' : `target ${target.pct}% in ${target.thresholdSec} s`}
        testId="day-total-sl"
        level={slLevel}
      />
      <Figure label="ASA" value={formatDuration(total.asaSec)} note="average speed of answer" testId="day-total-asa" />
      <Figure label="AHT" value={formatDuration(total.ahtSec)} note="average handle time" testId="day-total-aht" />
      <Figure label="Tickets created" value={formatCount(tickets.created)} note={`${formatCount(tickets.solved)} solved`} testId="day-total-tickets" />
      <Figure
        label="First response in SLA"
        value={formatPercent(withinSla)}
        note={`${formatCount(tickets.firstRespondedWithinSla)} of ${formatCount(tickets.firstResponded)} first responses`}
        testId="day-total-frt"
      />
    </dl>
  );
}
