import { Bar, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCount, formatPercent } from '../../format';
import { BAR_CURSOR, CHART_INK, CHART_MARGIN, intervalAxisProps, SERIES_COLOURS, spacerAxisProps, valueAxisProps } from '../shared/chart-theme';
import { useCompactCharts } from '../shared/use-compact-charts';
import { ChartLegend } from '../shared/chart-legend';
import { intervalRangeLabel } from '../shared/interval-labels';
import { hoveredRow, TooltipCard } from '../shared/tooltip-card';
import { DAY_SYNC_ID } from './day-calls-chart';
import type { DayChartRow, DayView } from './day-series';
import { t } from '../../i18n/i18n';

const TICKETS_CHART_HEIGHT = 240;

function TicketsTooltip(props: { active?: boolean; payload?: ReadonlyArray<{ payload?: unknown }> }) {
  const row = hoveredRow<DayChartRow>(props);
  if (row === null) return null;
  const withinShare = row.firstResponded === 0 ? null : (row.firstRespondedWithinSla / row.firstResponded) * 100;
  return (
    <TooltipCard
      title={intervalRangeLabel(row.time)}
      lines={[
        { label: t('day.created'), value: formatCount(row.ticketsCreated), colour: SERIES_COLOURS.ticketsCreated },
        { label: t('day.solvedLabel'), value: formatCount(row.ticketsSolved), colour: SERIES_COLOURS.ticketsSolved },
        {
          label: t('day.frtWithinSla'),
          value: `${t('day.ofTotal', { part: row.firstRespondedWithinSla, total: row.firstResponded })}${withinShare === null ? '' : ` (${formatPercent(withinShare)})`}`,
          colour: SERIES_COLOURS.withinSla,
        },
      ]}
    />
  );
}

/** Tickets per interval on the calls charts' time axis (same widths, so the intervals line up). */
export function DayTicketsChart({ view }: { view: DayView }) {
  const times = view.rows.map((r) => r.time);
  const compact = useCompactCharts();
  return (
    <div className="chart" data-testid="day-tickets-chart">
      <ChartLegend
        items={[
          { label: t('day.created'), colour: SERIES_COLOURS.ticketsCreated, mark: 'bar' },
          { label: t('day.solvedLabel'), colour: SERIES_COLOURS.ticketsSolved, mark: 'bar' },
          { label: t('day.frtWithinSla'), colour: SERIES_COLOURS.withinSla, mark: 'line' },
        ]}
      />
      <ResponsiveContainer width="100%" height={TICKETS_CHART_HEIGHT}>
        <ComposedChart data={view.rows} syncId={DAY_SYNC_ID} margin={CHART_MARGIN} barCategoryGap="18%" barGap={0}>
          <CartesianGrid stroke={CHART_INK.grid} vertical={false} />
          <XAxis {...intervalAxisProps(times, compact)} />
          <YAxis yAxisId="tickets" allowDecimals={false} {...valueAxisProps(t('day.ticketsAxis'), 'left', compact)} />
          <YAxis yAxisId="right" {...spacerAxisProps(compact)} />
          <Tooltip content={<TicketsTooltip />} cursor={BAR_CURSOR} isAnimationActive={false} />
          <Bar yAxisId="tickets" dataKey="ticketsCreated" name="Created" fill={SERIES_COLOURS.ticketsCreated} className="series-created" isAnimationActive={false} />
          <Bar yAxisId="tickets" dataKey="ticketsSolved" name="Solved" fill={SERIES_COLOURS.ticketsSolved} className="series-solved" isAnimationActive={false} />
          <Line
            yAxisId="tickets"
            dataKey={(row: DayChartRow) => (row.toCome ? null : row.firstRespondedWithinSla)}
            name={t('day.frtWithinSla')}
            stroke={SERIES_COLOURS.withinSla}
            strokeWidth={2}
            dot={false}
            className="series-within-sla"
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
