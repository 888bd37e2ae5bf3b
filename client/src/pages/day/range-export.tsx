import { useState } from 'react';
import { dateRangeCsvUrl } from '../shared/history-urls';
import { CsvLink } from '../shared/page-actions';
import { Panel } from '../shared/panel';
import { addDays } from '../../../../shared/site-time';
import { t } from '../../i18n/i18n';

/** A CSV of every interval over a range of days, for reports beyond one day. */
export function RangeExport({ lastDay, queue, queueName }: { lastDay: string; queue: string | null; queueName: string }) {
  const [first, setFirst] = useState(() => addDays(lastDay, -6));
  const [last, setLast] = useState(lastDay);
  const href = dateRangeCsvUrl(first, last, queue);
  return (
    <Panel
      id="range-export-title"
      quiet
      title={t('day.exportTitle')}
      lead={t('day.exportLead', { queue: queueName })}
    >
      <div className="toolbar toolbar--inline">
        <label className="field">
          <span className="field__label">{t('day.firstDay')}</span>
          <input className="field__input" type="date" value={first} max={last} onChange={(e) => setFirst(e.target.value)} data-testid="day-range-from" />
        </label>
        <label className="field">
          <span className="field__label">{t('day.lastDay')}</span>
          <input className="field__input" type="date" value={last} min={first} onChange={(e) => setLast(e.target.value)} data-testid="day-range-to" />
        </label>
        {href === null ? (
          <span className="field__error">{t('day.rangeBackwards')}</span>
        ) : (
          <CsvLink href={href} testId="day-range-csv-link">
            {t('desk.downloadCsv')}
          </CsvLink>
        )}
      </div>
    </Panel>
  );
}
