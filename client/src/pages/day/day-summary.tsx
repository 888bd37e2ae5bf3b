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

/** The day's totals, the numbers a manager reports, each with its comparison. */
export function DaySummary({ view, target }: { view: DayView; target: SlTarget | null }) {
  const { total, tickets } = view;
  const comparedWith = view.earlier.filter((e) => e.hasCalls).length;
  const change = changePct(total.offered, view.earlierOfferedMean);
  const offeredNote =
    change === null
      ? 'no earlier weeks to compare'
      : `${formatChangePct(change)} vs ${formatMean(view.earlierOfferedMean)}, the mean of ${comparedWith} earlier ${weekdayName(isoWeekday(view.date))}s`;
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
