import { Area, Bar, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatDuration } from '../../format';
import { CHART_INK, CHART_MARGIN, intervalAxisProps, LINE_CURSOR, SERIES_COLOURS, valueAxisProps } from '../shared/chart-theme';
import { useCompactCharts } from '../shared/use-compact-charts';
import { ChartLegend, type LegendItem } from '../shared/chart-legend';
import { intervalRangeLabel } from '../shared/interval-labels';
import { formatMean } from '../shared/number-format';
import { hoveredRow, TooltipCard, type TooltipLine } from '../shared/tooltip-card';
import type { StaffingRow, StaffingView } from './staffing-series';
import { t } from '../../i18n/i18n';

const MODEL_NAME = { erlangC: 'Erlang C', erlangA: 'Erlang A' } as const;

function legendOf(view: StaffingView): LegendItem[] {
  return [
    { label: t('plan.chart.under', { model: MODEL_NAME[view.model] }), colour: SERIES_COLOURS.underStaffed, mark: 'band' },
    { label: t('plan.chart.staffedLegend'), colour: SERIES_COLOURS.staffed, mark: 'line' },
    { label: t('plan.chart.requiredC'), colour: SERIES_COLOURS.requiredC, mark: 'line' },
    ...(view.erlangAAvailable ? [{ label: t('plan.chart.requiredALegend'), colour: SERIES_COLOURS.requiredA, mark: 'line' as const }] : []),
    { label: t('plan.chart.positions', { model: MODEL_NAME[view.model] }), colour: SERIES_COLOURS.scheduled, mark: 'dashed' },
  ];
}

/** Required and scheduled agents are whole; staffed agents are a mean over the interval. */
const agents = (n: number | null) => (n === null ? '—' : Number.isInteger(n) ? String(n) : formatMean(n));

function StaffingTooltip(props: { active?: boolean; payload?: ReadonlyArray<{ payload?: unknown }> }) {
  const row = hoveredRow<StaffingRow>(props);
  if (row === null) return null;
  const lines: TooltipLine[] = [
    { label: t('plan.metric.offered'), value: formatMean(row.offered) },
    { label: t('plan.chart.ahtPlanned'), value: formatDuration(row.ahtSec) },
    { label: t('plan.chart.traffic'), value: row.trafficErlangs === null ? '—' : formatMean(row.trafficErlangs) },
    { label: t('plan.chart.requiredC'), value: agents(row.requiredErlangC), colour: SERIES_COLOURS.requiredC },
    { label: t('plan.chart.requiredA'), value: agents(row.requiredErlangA), colour: SERIES_COLOURS.requiredA },
    { label: t('plan.chart.staffed'), value: agents(row.staffedAgents), colour: SERIES_COLOURS.staffed },
    { label: t('plan.chart.toSchedule'), value: `${agents(row.scheduledErlangC)} / ${agents(row.scheduledErlangA)}`, colour: SERIES_COLOURS.scheduled },
  ];
  return <TooltipCard title={`${intervalRangeLabel(row.time)}${row.underStaffed ? ` · ${t('plan.chart.underShort')}` : ''}`} lines={lines} />;
}

/** Agents required per interval (Erlang C and A) against agents staffed, short intervals shaded. */
/** `loading`: a newer plan is on its way; `stale`: the inputs changed since this plan (a refused what-if). */
export function StaffingChart({ view, loading, stale }: { view: StaffingView; loading: boolean; stale: boolean }) {
  const times = view.rows.map((r) => r.time);
  const compact = useCompactCharts();
  const scheduledKey = view.model === 'erlangC' ? 'scheduledErlangC' : 'scheduledErlangA';
  return (
    <div className="chart" data-testid="plan-staffing-chart" data-loading={loading} data-stale={stale} data-under-staffed={view.underStaffedIntervals}>
      <ChartLegend items={legendOf(view)} />
      <ResponsiveContainer width="100%" height={340}>
        <ComposedChart data={view.rows} margin={CHART_MARGIN} barCategoryGap={0}>
          <CartesianGrid stroke={CHART_INK.grid} vertical={false} />
          <XAxis {...intervalAxisProps(times, compact)} />
          <YAxis
            {...valueAxisProps(t('plan.chart.axis'), 'left', compact)}
            yAxisId="agents"
            domain={[0, (max: number) => Math.ceil(max * 1.1)]}
            allowDecimals={false}
          />
          {/* The short-interval bands fill the plot's height whatever the agents' scale. */}
          <YAxis yAxisId="band" domain={[0, 1]} hide />
          <Tooltip content={<StaffingTooltip />} cursor={LINE_CURSOR} isAnimationActive={false} />
          <Bar yAxisId="band" dataKey="shortBand" fill={SERIES_COLOURS.underStaffed} className="series-under-staffed" isAnimationActive={false} />
          <Area
            yAxisId="agents"
            type="step"
            dataKey="staffedAgents"
            stroke={SERIES_COLOURS.staffed}
            strokeWidth={2}
            fill={SERIES_COLOURS.staffed}
            fillOpacity={0.12}
            className="series-staffed"
            isAnimationActive={false}
          />
          <Line yAxisId="agents" type="step" dataKey={scheduledKey} stroke={SERIES_COLOURS.scheduled} strokeDasharray="5 4" strokeWidth={1.5} dot={false} className="series-scheduled" isAnimationActive={false} />
          {view.erlangAAvailable && (
            <Line yAxisId="agents" type="step" dataKey="requiredErlangA" stroke={SERIES_COLOURS.requiredA} strokeWidth={2} dot={false} className="series-required-a" isAnimationActive={false} />
          )}
          <Line yAxisId="agents" type="step" dataKey="requiredErlangC" stroke={SERIES_COLOURS.requiredC} strokeWidth={2.5} dot={false} className="series-required-c" isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
