import { useState, type MouseEvent } from 'react';
import { intervalRangeLabel, weekdayName, weekdayShort } from '../shared/interval-labels';
import type { HeatCell, HeatmapGrid } from './heatmap-grid';
import type { MetricLook } from './metric-looks';
import { t } from '../../i18n/i18n';

const HOURS = Array.from({ length: 24 }, (_, h) => h);

function describeCell(cell: HeatCell, look: MetricLook): string {
  const value = cell.value === null ? t('plan.nothingToMeasure') : `${look.format(cell.value)} ${look.countLike ? look.label.toLowerCase() : ''}`.trim();
  const days = t('plan.dayCount', { count: cell.days });
  const peak = cell.peakRank === null ? '' : ` · ${t('plan.peakRank', { rank: cell.peakRank })}`;
  return `${weekdayName(cell.weekday)} ${intervalRangeLabel(cell.time)}: ${value} (${t('plan.over', { days })})${peak}`;
}

/**
 * The weekday x interval heatmap as a CSS grid: a column per 15 minutes, a row
 * per weekday. Busy hours are boxes laid over the cells in the same grid.
 */
export function Heatmap({ grid, look }: { grid: HeatmapGrid; look: MetricLook }) {
  const [hovered, setHovered] = useState<HeatCell | null>(null);

  const onHover = (event: MouseEvent<HTMLDivElement>) => {
    const target = (event.target as HTMLElement).closest<HTMLElement>('[data-testid="plan-heatmap-cell"]');
    if (target === null) return;
    const row = grid.rows[Number(target.dataset.weekday) - 1];
    setHovered(row?.cells[Number(target.dataset.interval)] ?? null);
  };

  return (
    <div className="heatmap-wrap">
      <p className="heatmap__readout" data-testid="plan-heatmap-readout" aria-live="polite">
        {hovered === null ? t('plan.pointAtCell') : describeCell(hovered, look)}
      </p>
      <div className="heatmap" data-testid="plan-heatmap" onMouseOver={onHover} onMouseLeave={() => setHovered(null)} role="grid" aria-label={t('plan.heatmapAria', { metric: look.label })}>
        <span className="heatmap__corner">{t('plan.hour')}</span>
        {HOURS.map((hour) => (
          <span key={hour} className="heatmap__hour" style={{ gridColumn: `${hour * 4 + 2} / span 4` }}>
            {String(hour).padStart(2, '0')}:00
          </span>
        ))}
        {grid.rows.map((row, r) => (
          <div key={row.weekday} className="heatmap__row" role="row" style={{ gridRow: r + 2 }}>
            <span className="heatmap__day" role="rowheader" style={{ gridRow: r + 2, gridColumn: 1 }}>
              {weekdayShort(row.weekday)}
            </span>
            {row.cells.map((cell) => (
              <span
                key={cell.interval}
                role="gridcell"
                className="heatmap__cell"
                data-testid="plan-heatmap-cell"
                data-weekday={cell.weekday}
                data-interval={cell.interval}
                data-value={cell.value ?? ''}
                data-peak={cell.peakRank !== null}
                style={{ background: cell.colour, gridRow: r + 2, gridColumn: cell.interval + 2 }}
                title={describeCell(cell, look)}
              />
            ))}
          </div>
        ))}
        {grid.busyHours.map((hour) => (
          <span
            key={`${hour.weekday}-${hour.interval}`}
            className="heatmap__busy"
            data-testid="plan-busy-hour"
            data-of-week={hour.ofWeek}
            data-weekday={hour.weekday}
            style={{ gridRow: hour.weekday + 1, gridColumn: `${hour.interval + 2} / span ${hour.span}` }}
          />
        ))}
      </div>
    </div>
  );
}
