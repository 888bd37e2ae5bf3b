import type { DaySeries } from '../../../../shared/history-api';
import { formatCount } from '../../format';
import { formatDayLabel } from '../shared/interval-labels';
import { Panel } from '../shared/panel';
import { weeksBackLabel } from './day-series';
import { t } from '../../i18n/i18n';

/**
 * Escalations to development per day: raised to the developers' tracker and
 * back with support, for the day and the same weekday of the weeks compared.
 */
export function DayEscalations({ days }: { days: readonly DaySeries[] }) {
  const counted = days.filter((day) => day.escalations !== undefined);
  if (counted.length === 0) return null;
  return (
    <Panel
      id="day-escalations-title"
      testId="day-escalations"
      title={t('tickets.devEscalations')}
      lead={t('day.escalationsLead')}
    >
      <table className="day-escalations">
        <thead>
          <tr>
            <th scope="col">{t('day.day')}</th>
            <th scope="col">{t('day.raised')}</th>
            <th scope="col">{t('day.backWithSupport')}</th>
          </tr>
        </thead>
        <tbody>
          {counted.map((day, weeks) => (
            <tr key={day.date} data-testid={`day-escalations-${day.date}`}>
              <th scope="row">{weeks === 0 ? formatDayLabel(day.date) : `${formatDayLabel(day.date, false)} (${weeksBackLabel(weeks)})`}</th>
              <td data-testid="day-escalations-raised">{formatCount(day.escalations!.raised)}</td>
              <td data-testid="day-escalations-back">{formatCount(day.escalations!.cameBack)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}
