import type { HeatmapMetric } from '../../../../shared/history-api';
import { formatDuration, formatPercent } from '../../format';
import { formatMean } from '../shared/number-format';
import { t } from '../../i18n/i18n';

/** How a heatmap metric is named, explained, and printed. */
export interface MetricLook {
  label: string;
  /** what one cell holds, in words with its unit */
  cellMeaning: string;
  format(value: number | null): string;
  /** counts: a busy hour's total means something ("140 calls in the hour"), and the colour scale starts at zero */
  countLike: boolean;
}

const count = (label: string, noun: string): MetricLook => ({
  label,
  cellMeaning: t('plan.perInterval', { noun }),
  format: formatMean,
  countLike: true,
});

export const METRIC_LOOKS: Record<HeatmapMetric, MetricLook> = {
  offered: count(t('plan.metric.offered'), t('plan.noun.offered')),
  answered: count(t('plan.metric.answered'), t('plan.noun.answered')),
  abandoned: count(t('plan.metric.abandoned'), t('plan.noun.abandoned')),
  handled: count(t('plan.metric.handled'), t('plan.noun.handled')),
  serviceLevelPct: {
    label: t('day.serviceLevel'),
    cellMeaning: t('plan.cell.serviceLevel'),
    format: formatPercent,
    countLike: false,
  },
  asaSec: { label: t('plan.metric.asa'), cellMeaning: t('plan.cell.asa'), format: formatDuration, countLike: false },
  ahtSec: { label: t('plan.metric.aht'), cellMeaning: t('plan.cell.aht'), format: formatDuration, countLike: false },
  staffedAgents: {
    label: t('plan.metric.staffed'),
    cellMeaning: t('plan.cell.staffed'),
    format: formatMean,
    countLike: false,
  },
  occupancyPct: {
    label: t('plan.metric.occupancy'),
    cellMeaning: t('plan.cell.occupancy'),
    format: formatPercent,
    countLike: false,
  },
};

/** A busy hour (4 intervals) in the metric's terms: a count's total, otherwise the mean of the four. */
export function busyHourFigure(look: MetricLook, total: number): string {
  return look.countLike ? t('plan.inTheHour', { value: look.format(total) }) : t('plan.mean', { value: look.format(total / 4) });
}
