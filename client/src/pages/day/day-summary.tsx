import { formatCount, formatDuration, formatPercent } from '../../format';
import { formatChangePct, formatMean } from '../shared/number-format';
import { weekdayName } from '../shared/interval-labels';
import { isoWeekday } from '../../../../shared/site-time';
import { changePct, type DayView, type SlTarget } from './day-series';
import { t } from '../../i18n/i18n';

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
  if (comparison === null) return t('day.noComparison');
  const earlier = t('day.earlierWeekdays', { count: comparison.earlierDays, weekday: weekdayName(isoWeekday(view.date)) });
  if (comparison.until === '00:00') return t('day.justBegun', { earlier });
  const change = changePct(comparison.offered, comparison.earlierMean);
  const vs =
    change === null ? t('day.noneOn', { earlier }) : t('day.versus', { change: formatChangePct(change), mean: formatMean(comparison.earlierMean), earlier });
  return comparison.until === null ? vs : t('day.byThen', { until: comparison.until, offered: formatCount(comparison.offered), vs });
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
      <Figure label={t('tile.offered')} value={formatCount(total.offered)} note={offeredNote} testId="day-total-offered" />
      <Figure label={t('tile.answered')} value={formatCount(total.answered)} testId="day-total-answered" />
      <Figure
        label={t('tile.abandoned')}
        value={formatCount(total.abandoned)}
        note={abandonShare === null ? undefined : t('day.ofOffered', { pct: abandonShare })}
        testId="day-total-abandoned"
      />
      <Figure
        label={t('day.serviceLevel')}
        value={formatPercent(total.serviceLevelPct)}
        note={target === null ? t('day.targetsDiffer') : t('day.target', { pct: target.pct, seconds: target.thresholdSec })}
        testId="day-total-sl"
        level={slLevel}
      />
      <Figure label={t('tile.asa')} value={formatDuration(total.asaSec)} note={t('day.asaNote')} testId="day-total-asa" />
      <Figure label={t('tile.aht')} value={formatDuration(total.ahtSec)} note={t('day.ahtNote')} testId="day-total-aht" />
      <Figure label={t('day.ticketsCreated')} value={formatCount(tickets.created)} note={t('day.solved', { count: tickets.solved })} testId="day-total-tickets" />
      <Figure
        label={t('day.frtInSla')}
        value={formatPercent(withinSla)}
        note={t('day.ofFirstResponses', { within: tickets.firstRespondedWithinSla, total: tickets.firstResponded })}
        testId="day-total-frt"
      />
    </dl>
  );
}
