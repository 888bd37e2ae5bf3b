import { useState } from 'react';
import type { BusyHour, HeatmapCell } from '../../../../shared/history-api';
import { intervalRangeLabel, weekdayName } from '../shared/interval-labels';
import { Panel } from '../shared/panel';
import { busyHourFigure, type MetricLook } from './metric-looks';

const FIRST_SHOWN = 12;

/** The top tenth of the intervals, highest first: where staffing matters most. */
export function PeakList({ peaks, look }: { peaks: readonly HeatmapCell[]; look: MetricLook }) {
  const [all, setAll] = useState(false);
  const shown = all ? peaks : peaks.slice(0, FIRST_SHOWN);
  return (
    <Panel id="peak-list-title" title="Peak intervals" lead={`The top 10% of the week's intervals by ${look.label.toLowerCase()}, highest first.`}>
      {peaks.length === 0 ? (
        <p className="panel__lead">No interval stands above the rest yet.</p>
      ) : (
        <>
          {/* a phone scrolls the table, not the page */}
          <div className="table-scroll">
            <table className="table" data-testid="plan-peak-list">
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">Weekday</th>
                  <th scope="col">Interval</th>
                  <th scope="col" className="table__num">
                    {look.label}
                  </th>
                  <th scope="col" className="table__num">
                    Days
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
              {all ? `Show the first ${FIRST_SHOWN}` : `Show all ${peaks.length}`}
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
    <Panel id="busy-hours-title" title="Busy hour by weekday" lead={`The hour with the highest ${look.label.toLowerCase()} on each weekday.`}>
      {hours.length === 0 && <p className="panel__lead">No hour stands above the rest yet.</p>}
      <ol className="busy-list" data-testid="plan-busy-hours">
        {hours.map((hour, i) => (
          <li key={hour.weekday} className="busy-list__item" data-of-week={i === 0} data-testid="plan-busy-hour-row">
            <span className="busy-list__day">{weekdayName(hour.weekday)}</span>
            <span className="busy-list__time">
              {hour.times[0] === undefined ? '—' : intervalRangeLabel(hour.times[0], hour.times.length)}
            </span>
            <span className="busy-list__figure">{busyHourFigure(look, hour.total)}</span>
            {i === 0 && <span className="busy-list__badge">Week's busy hour</span>}
            <button
              type="button"
              className="button button--quiet busy-list__plan"
              aria-label={`Plan staffing for ${weekdayName(hour.weekday)}`}
              title={`Plan staffing for ${weekdayName(hour.weekday)}, below`}
              onClick={() => onPlan(hour.weekday)}
            >
              Plan ↓
            </button>
          </li>
        ))}
      </ol>
    </Panel>
  );
}
