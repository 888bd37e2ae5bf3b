import { useState } from 'react';
import { dateRangeCsvUrl } from '../shared/history-urls';
import { addDays } from '../../../../shared/site-time';

/** A CSV of every interval over a range of days, for reports beyond one day. */
export function RangeExport({ lastDay, queue, queueName }: { lastDay: string; queue: string | null; queueName: string }) {
  const [first, setFirst] = useState(() => addDays(lastDay, -6));
  const [last, setLast] = useState(lastDay);
  const href = dateRangeCsvUrl(first, last, queue);
  return (
    <section className="panel panel--quiet" aria-labelledby="range-export-title">
      <div className="panel__head">
        <h2 className="panel__title" id="range-export-title">
          Export a date range
        </h2>
        <p className="panel__lead">Every 15-minute interval from the first to the last day (both included), {queueName}, as CSV.</p>
      </div>
      <div className="toolbar toolbar--inline">
        <label className="field">
          <span className="field__label">First day</span>
          <input className="field__input" type="date" value={first} max={last} onChange={(e) => setFirst(e.target.value)} data-testid="day-range-from" />
        </label>
        <label className="field">
          <span className="field__label">Last day</span>
          <input className="field__input" type="date" value={last} min={first} onChange={(e) => setLast(e.target.value)} data-testid="day-range-to" />
        </label>
        {href === null ? (
          <span className="field__error">The first day must not be after the last.</span>
        ) : (
          <a className="button" href={href} download data-testid="day-range-csv-link">
            Download CSV
          </a>
        )}
      </div>
    </section>
  );
}
