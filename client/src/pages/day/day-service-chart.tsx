import { CartesianGrid, ComposedChart, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCount, formatDuration, formatPercent } from '../../format';
import { CHART_INK, CHART_MARGIN, intervalAxisProps, LINE_CURSOR, SERIES_COLOURS, valueAxisProps } from '../shared/chart-theme';
import { useCompactCharts } from '../shared/use-compact-charts';
import { ChartLegend, type LegendItem } from '../shared/chart-legend';
import { intervalRangeLabel } from '../shared/interval-labels';
import { durationTicks } from '../shared/duration-ticks';
import { isolatedDot } from '../shared/isolated-dot';
import { hoveredRow, TooltipCard } from '../shared/tooltip-card';
import { DAY_CHART_HEIGHT, DAY_SYNC_ID } from './day-calls-chart';
import type { DayChartRow, DayView, SlTarget } from './day-series';
import { t } from '../../i18n/i18n';

function legendOfService(target: SlTarget | null): LegendItem[] {
  return [
    { label: t('day.slLegend'), colour: SERIES_COLOURS.serviceLevel, mark: 'line' },
    ...(target === null ? [] : [{ label: t('day.targetLegend', { pct: target.pct, seconds: target.thresholdSec }), colour: SERIES_COLOURS.target, mark: 'dashed' as const }]),
    { label: t('day.ahtLegend'), colour: SERIES_COLOURS.aht, mark: 'line' },
    { label: t('day.asaLegend'), colour: SERIES_COLOURS.asa, mark: 'line' },
  ];
}

function ServiceTooltip(props: { active?: boolean; payload?: ReadonlyArray<{ payload?: unknown }>; target: SlTarget | null }) {
  const row = hoveredRow<DayChartRow>(props);
  if (row === null) return null;
  const measured = row.answered + row.abandoned;
  return (
    <TooltipCard
      title={intervalRangeLabel(row.time)}
      lines={[
        {
          label: t('day.serviceLevel'),
          value: row.serviceLevelPct === null ? t('day.noCallsShort') : t('day.slInTime', { pct: formatPercent(row.serviceLevelPct), count: row.answeredWithinSl }),
          colour: SERIES_COLOURS.serviceLevel,
        },
        ...(props.target === null ? [] : [{ label: t('tile.target'), value: `${props.target.pct}%`, colour: SERIES_COLOURS.target }]),
        { label: t('tile.asa'), value: formatDuration(row.asaSec), colour: SERIES_COLOURS.asa },
        { label: t('tile.aht'), value: formatDuration(row.ahtSec), colour: SERIES_COLOURS.aht },
        { label: t('day.answeredPlusAbandoned'), value: formatCount(measured) },
      ]}
    />
  );
}

/**
 * Service level against its target (percent, left) with AHT and ASA on right
 * axes of their own: handle times run to minutes and waits to seconds, so on
 * one scale ASA would lie flat on zero.
 */
export function DayServiceChart({ view, target }: { view: DayView; target: SlTarget | null }) {
  const times = view.rows.map((r) => r.time);
  const compact = useCompactCharts();
  const ahtTicks = durationTicks(Math.max(0, ...view.rows.map((r) => r.ahtSec ?? 0)));
  const asaTicks = durationTicks(Math.max(0, ...view.rows.map((r) => r.asaSec ?? 0)));
  return (
    <div className="chart" data-testid="day-sl-chart">
      <ChartLegend items={legendOfService(target)} />
      <ResponsiveContainer width="100%" height={DAY_CHART_HEIGHT}>
        <ComposedChart data={view.rows} syncId={DAY_SYNC_ID} margin={CHART_MARGIN}>
          <CartesianGrid stroke={CHART_INK.grid} vertical={false} />
          <XAxis {...intervalAxisProps(times, compact)} />
          <YAxis
            {...valueAxisProps(t('day.slAxis'), 'left', compact)}
            yAxisId="pct"
            domain={[0, 100]}
            ticks={[0, 20, 40, 60, 80, 100]}
            tickFormatter={(v: number) => `${v}%`}
          />
          <YAxis
            {...valueAxisProps(t('day.ahtAxis'), 'right', compact)}
            yAxisId="aht"
            orientation="right"
            domain={[0, ahtTicks.at(-1) ?? 60]}
            ticks={ahtTicks}
            tickFormatter={(v: number) => formatDuration(v)}
          />
          <YAxis
            {...valueAxisProps(t('day.asaAxis'), 'right', compact)}
            yAxisId="asa"
            orientation="right"
            domain={[0, asaTicks.at(-1) ?? 60]}
            ticks={asaTicks}
            tickFormatter={(v: number) => formatDuration(v)}
          />
          <Tooltip content={<ServiceTooltip target={target} />} cursor={LINE_CURSOR} isAnimationActive={false} />
          {target !== null && (
            <ReferenceLine yAxisId="pct" y={target.pct} stroke={SERIES_COLOURS.target} strokeDasharray="6 4" strokeWidth={1.5} className="series-target" />
          )}
          <Line yAxisId="aht" dataKey="ahtSec" name={t('tile.aht')} stroke={SERIES_COLOURS.aht} strokeWidth={1.5} dot={isolatedDot(view.rows.map((r) => r.ahtSec), SERIES_COLOURS.aht)} className="series-aht" isAnimationActive={false} />
          <Line yAxisId="asa" dataKey="asaSec" name={t('tile.asa')} stroke={SERIES_COLOURS.asa} strokeWidth={1.5} dot={isolatedDot(view.rows.map((r) => r.asaSec), SERIES_COLOURS.asa)} className="series-asa" isAnimationActive={false} />
          <Line
            yAxisId="pct"
            dataKey="serviceLevelPct"
            name={t('day.serviceLevel')}
            stroke={SERIES_COLOURS.serviceLevel}
            strokeWidth={2.5}
            dot={isolatedDot(view.rows.map((r) => r.serviceLevelPct), SERIES_COLOURS.serviceLevel)}
            className="series-sl"
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
