import { useState } from 'react';
import { dateRangeCsvUrl } from '../shared/history-urls';
import { CsvLink } from '../shared/page-actions';
import { Panel } from '../shared/panel';
import { addDays } from '../../../../shared/site-time';

/** A CSV of every interval over a range of days, for reports beyond one day. */
export function RangeExport({ lastDay, queue, queueName }: { lastDay: string; queue: string | null; queueName: string }) {
  const [first, setFirst] = useState(() => addDays(lastDay, -6));
  const [last, setLast] = useState(lastDay);
  const href = dateRangeCsvUrl(first, last, queue);
  return (
    <Panel
      id="range-export-title"
      quiet
      title="Export a date range"
      lead={`Every 15-minute interval from the first to the last day (both included), ${queueName}, as CSV.`}
    >
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
          <CsvLink href={href} testId="day-range-csv-link">
            Download CSV
          </CsvLink>
        )}
      </div>
    </Panel>
  );
}
