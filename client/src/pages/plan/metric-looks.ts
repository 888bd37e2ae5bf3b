import type { HeatmapMetric } from '../../../../shared/history-api';
import { formatDuration, formatPercent } from '../../format';
import { formatMean } from '../shared/number-format';

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
  cellMeaning: `${noun} per 15 minutes, mean per day`,
  format: formatMean,
  countLike: true,
});

export const METRIC_LOOKS: Record<HeatmapMetric, MetricLook> = {
  offered: count('Calls offered', 'calls offered'),
  answered: count('Calls answered', 'calls answered'),
  abandoned: count('Calls abandoned', 'calls abandoned'),
  handled: count('Calls handled', 'calls handled'),
  serviceLevelPct: {
    label: 'Service level',
    cellMeaning: 'service level in %, pooled over the days',
    format: formatPercent,
    countLike: false,
  },
  asaSec: { label: 'ASA (speed of answer)', cellMeaning: 'average speed of answer, m:ss', format: formatDuration, countLike: false },
  ahtSec: { label: 'AHT (handle time)', cellMeaning: 'average handle time, m:ss', format: formatDuration, countLike: false },
  staffedAgents: {
    label: 'Agents staffed',
    cellMeaning: 'agents logged in and not paused, mean',
    format: formatMean,
    countLike: false,
  },
  occupancyPct: {
    label: 'Occupancy',
    cellMeaning: 'share of staffed time on calls or wrap-up, %',
    format: formatPercent,
    countLike: false,
  },
};

/** A busy hour (4 intervals) in the metric's terms: a count's total, otherwise the mean of the four. */
export function busyHourFigure(look: MetricLook, total: number): string {
  return look.countLike ? `${look.format(total)} in the hour` : `${look.format(total / 4)} mean`;
}
