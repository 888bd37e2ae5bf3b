import { Area, Bar, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCount } from '../../format';
import { BAR_CURSOR, CHART_INK, CHART_MARGIN, intervalAxisProps, SERIES_COLOURS, spacerAxisProps, valueAxisProps } from '../shared/chart-theme';
import { useCompactCharts } from '../shared/use-compact-charts';
import { ChartLegend, type LegendItem } from '../shared/chart-legend';
import { intervalRangeLabel, weekdayName } from '../shared/interval-labels';
import { isoWeekday } from '../../../../shared/site-time';
import { hoveredRow, TooltipCard, type TooltipLine } from '../shared/tooltip-card';
import type { DayChartRow, DayView } from './day-series';
import { t } from '../../i18n/i18n';
import { formatMean } from '../shared/number-format';

export const DAY_SYNC_ID = 'day';
export const DAY_CHART_HEIGHT = 300;

/** Shown when no interval timed out: a legend entry for an empty series is noise. */
function hasTimeouts(rows: readonly DayChartRow[]): boolean {
  return rows.some((row) => row.timedOut > 0);
}

/** "4 earlier Mondays" */
function earlierLabel(view: DayView): string | null {
  const withCalls = view.earlier.filter((e) => e.hasCalls).length;
  if (withCalls === 0) return null;
  const weekday = weekdayName(isoWeekday(view.date));
  return t('day.earlierWeekdays', { count: withCalls, weekday });
}

function legendOfCalls(view: DayView): LegendItem[] {
  const earlier = earlierLabel(view);
  return [
    { label: t('tile.answered'), colour: SERIES_COLOURS.answered, mark: 'bar' },
    { label: t('tile.abandoned'), colour: SERIES_COLOURS.abandoned, mark: 'bar' },
    ...(hasTimeouts(view.rows) ? [{ label: t('day.timedOutLeft'), colour: SERIES_COLOURS.timedOut, mark: 'bar' as const }] : []),
    { label: t('tile.offered'), colour: SERIES_COLOURS.offered, mark: 'line' },
    ...(view.hasForecast
      ? [
          { label: t('day.expectedRest'), colour: SERIES_COLOURS.offered, mark: 'dashed' as const },
          { label: t('day.expectedBand'), colour: SERIES_COLOURS.offered, mark: 'band' as const },
        ]
      : []),
    ...(earlier === null
      ? []
      : [
          { label: t('day.earlierRange', { earlier }), colour: SERIES_COLOURS.earlier, mark: 'band' as const },
          { label: t('day.earlierMean', { earlier }), colour: SERIES_COLOURS.earlier, mark: 'dashed' as const },
        ]),
  ];
}

function CallsTooltip(props: { active?: boolean; payload?: ReadonlyArray<{ payload?: unknown }>; view: DayView }) {
  const row = hoveredRow<DayChartRow>(props);
  if (row === null) return null;
  const lines: TooltipLine[] = [
    { label: t('tile.offered'), value: row.offered === null ? t('day.stillToCome') : formatCount(row.offered), colour: SERIES_COLOURS.offered },
    ...(row.forecast === null || row.forecastBand === null
      ? []
      : [
          {
            label: t('day.expected'),
            value: t('day.expectedValue', { mean: formatMean(row.forecast), low: formatMean(row.forecastBand[0]), high: formatMean(row.forecastBand[1]) }),
            colour: SERIES_COLOURS.offered,
          },
        ]),
    { label: t('tile.answered'), value: formatCount(row.answered), colour: SERIES_COLOURS.answered },
    { label: t('tile.abandoned'), value: formatCount(row.abandoned), colour: SERIES_COLOURS.abandoned },
  ];
  if (row.timedOut > 0) lines.push({ label: t('day.timedOutLeft'), value: formatCount(row.timedOut), colour: SERIES_COLOURS.timedOut });
  for (const e of props.view.earlier) {
    const offered = row.earlierOffered[e.key];
    if (offered !== null && offered !== undefined) {
      lines.push({ label: t('day.offeredOn', { day: e.label }), value: formatCount(offered), colour: SERIES_COLOURS.earlier });
    }
  }
  return <TooltipCard title={intervalRangeLabel(row.time)} lines={lines} />;
}

interface BandWithLine {
  band: { key: keyof DayChartRow; name: string; opacity: number; className: string };
  line: { key: keyof DayChartRow; name: string; dash: string; width: number; className: string };
  colour: string;
}

/**
 * A range drawn as a faint band with a dashed line through it (earlier weeks'
 * fewest to most with their mean; the forecast's middle 80% with what is
 * expected). Elements, not a component: recharts reads its series from the
 * chart's direct children.
 */
function bandWithLine({ band, line, colour }: BandWithLine) {
  return [
    <Area key={band.key} yAxisId="calls" dataKey={band.key} name={band.name} stroke="none" fill={colour} fillOpacity={band.opacity} className={band.className} isAnimationActive={false} />,
    <Line
      key={line.key}
      yAxisId="calls"
      dataKey={line.key}
      name={line.name}
      stroke={colour}
      strokeDasharray={line.dash}
      strokeWidth={line.width}
      dot={false}
      className={line.className}
      isAnimationActive={false}
    />,
  ];
}

/**
 * Calls per interval: answered and abandoned stacked, offered as a line (today:
 * continued dashed by the forecast, with its band); the
 * earlier weeks as one faint band from their lowest to their highest with their
 * mean dashed, so four weeks read as one range instead of four tangled lines.
 */
export function DayCallsChart({ view }: { view: DayView }) {
  const times = view.rows.map((r) => r.time);
  const compact = useCompactCharts();
  const timeouts = hasTimeouts(view.rows);
  return (
    <div className="chart" data-testid="day-chart">
      <ChartLegend items={legendOfCalls(view)} testId="day-chart-legend" />
      <ResponsiveContainer width="100%" height={DAY_CHART_HEIGHT}>
        <ComposedChart data={view.rows} syncId={DAY_SYNC_ID} margin={CHART_MARGIN} barCategoryGap="12%">
          <CartesianGrid stroke={CHART_INK.grid} vertical={false} />
          <XAxis {...intervalAxisProps(times, compact)} />
          <YAxis yAxisId="calls" allowDecimals={false} {...valueAxisProps(t('day.callsAxis'), 'left', compact)} />
          <YAxis yAxisId="right" {...spacerAxisProps(compact)} />
          <Tooltip content={<CallsTooltip view={view} />} cursor={BAR_CURSOR} isAnimationActive={false} />
          <Bar yAxisId="calls" dataKey="answered" name={t('tile.answered')} stackId="calls" fill={SERIES_COLOURS.answered} className="series-answered" isAnimationActive={false} />
          <Bar yAxisId="calls" dataKey="abandoned" name={t('tile.abandoned')} stackId="calls" fill={SERIES_COLOURS.abandoned} className="series-abandoned" isAnimationActive={false} />
          {timeouts && (
            <Bar yAxisId="calls" dataKey="timedOut" name={t('tile.timedOut')} stackId="calls" fill={SERIES_COLOURS.timedOut} className="series-timed-out" isAnimationActive={false} />
          )}
          {earlierLabel(view) !== null &&
            bandWithLine({
              band: { key: 'earlierRange', name: t('day.earlierWeeksRange'), opacity: 0.22, className: 'series-earlier-band' },
              line: { key: 'earlierMean', name: t('day.earlierWeeksMean'), dash: '4 3', width: 1.5, className: 'series-earlier-mean' },
              colour: SERIES_COLOURS.earlier,
            })}
          {view.hasForecast &&
            bandWithLine({
              band: { key: 'forecastBand', name: t('day.expectedBand'), opacity: 0.12, className: 'series-forecast-band' },
              line: { key: 'forecast', name: t('day.expected'), dash: '6 4', width: 2, className: 'series-forecast' },
              colour: SERIES_COLOURS.offered,
            })}
          <Line yAxisId="calls" dataKey="offered" name="Offered" stroke={SERIES_COLOURS.offered} strokeWidth={2} dot={false} className="series-offered" isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
