import { useState } from 'react';
import type { BusyHour, HeatmapCell } from '../../../../shared/history-api';
import { intervalRangeLabel, weekdayName } from '../shared/interval-labels';
import { Panel } from '../shared/panel';
import { busyHourFigure, type MetricLook } from './metric-looks';
import { t } from '../../i18n/i18n';

const FIRST_SHOWN = 12;

/** The top tenth of the intervals, highest first: where staffing matters most. */
export function PeakList({ peaks, look }: { peaks: readonly HeatmapCell[]; look: MetricLook }) {
  const [all, setAll] = useState(false);
  const shown = all ? peaks : peaks.slice(0, FIRST_SHOWN);
  return (
    <Panel id="peak-list-title" title={t('plan.peaks')} lead={t('plan.peaksLead', { metric: look.label.toLowerCase() })}>
      {peaks.length === 0 ? (
        <p className="panel__lead">{t('plan.noPeaks')}</p>
      ) : (
        <>
          {/* a phone scrolls the table, not the page */}
          <div className="table-scroll">
            <table className="table" data-testid="plan-peak-list">
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">{t('plan.weekday')}</th>
                  <th scope="col">{t('plan.interval')}</th>
                  <th scope="col" className="table__num">
                    {look.label}
                  </th>
                  <th scope="col" className="table__num">
                    {t('plan.days')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {shown.map((cell, i) => (
                  <tr key={`${cell.weekday}-${cell.time}`} data-testid="plan-peak-row" data-weekday={cell.weekday} data-time={cell.time}>
                    <td className="table__rank">{i + 1}</td>
                    <td>{weekdayName(cell.weekday)}</td>
                    <td>{intervalRangeLabel(cell.time)}</td>
                    <td className="table__num table__strong">{look.format(cell.value)}</td>
                    <td className="table__num table__muted">{cell.days}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {peaks.length > FIRST_SHOWN && (
            <button type="button" className="button button--quiet" onClick={() => setAll(!all)} data-testid="plan-peak-toggle">
              {all ? t('plan.showFirst', { count: FIRST_SHOWN }) : t('plan.showAll', { count: peaks.length })}
            </button>
          )}
        </>
      )}
    </Panel>
  );
}

/** Each weekday's busiest hour (four consecutive intervals), the busiest of the week first. */
export function BusyHourList({ hours, look, onPlan }: { hours: readonly BusyHour[]; look: MetricLook; onPlan: (weekday: number) => void }) {
  return (
    <Panel id="busy-hours-title" title={t('plan.busyHours')} lead={t('plan.busyHoursLead', { metric: look.label.toLowerCase() })}>
      {hours.length === 0 && <p className="panel__lead">{t('plan.noBusyHour')}</p>}
      <ol className="busy-list" data-testid="plan-busy-hours">
        {hours.map((hour, i) => (
          <li key={hour.weekday} className="busy-list__item" data-of-week={i === 0} data-testid="plan-busy-hour-row">
            <span className="busy-list__day">{weekdayName(hour.weekday)}</span>
            <span className="busy-list__time">
              {hour.times[0] === undefined ? '—' : intervalRangeLabel(hour.times[0], hour.times.length)}
            </span>
            <span className="busy-list__figure">{busyHourFigure(look, hour.total)}</span>
            {i === 0 && <span className="busy-list__badge">{t('plan.weekBusyBadge')}</span>}
            <button
              type="button"
              className="button button--quiet busy-list__plan"
              aria-label={t('plan.planFor', { weekday: weekdayName(hour.weekday) })}
              title={t('plan.planForBelow', { weekday: weekdayName(hour.weekday) })}
              onClick={() => onPlan(hour.weekday)}
            >
              {t('plan.planButton')}
            </button>
          </li>
        ))}
      </ol>
    </Panel>
  );
}
