import { weeksCount } from '../shared/interval-labels';
import { t } from '../../i18n/i18n';

/**
 * How much history the pooled figures rest on. A mean per day over fewer days
 * than the window asked for is right only when it says so: four weeks of
 * history in an eight-week window must not read as half the load.
 */
export function HistoryDepth({ observedDays, weeks }: { observedDays: number; weeks: number }) {
  const windowDays = weeks * 7;
  if (observedDays >= windowDays) {
    return <span data-testid="plan-history-depth"> {t('plan.depthFull', { days: windowDays })}</span>;
  }
  return (
    <span className="history-depth" data-testid="plan-history-depth" data-short="true" role="note">
      <span aria-hidden="true">⚠ </span>
      {t('plan.depthShort', { observed: observedDays, days: windowDays, weeks: weeksCount(weeks) })}
    </span>
  );
}
