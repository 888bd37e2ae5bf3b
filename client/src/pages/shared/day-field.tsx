import { isDate } from '../../../../shared/site-time';
import { t } from '../../i18n/i18n';

/** The toolbar's "Day" picker: a site date up to today; a half-typed date is not passed on. */
export function DayField({ value, today, testId, onChange }: { value: string | null; today: string | undefined; testId: string; onChange: (date: string) => void }) {
  return (
    <label className="field">
      <span className="field__label">{t('day.day')}</span>
      <input
        className="field__input"
        type="date"
        value={value ?? ''}
        max={today}
        data-testid={testId}
        onChange={(event) => isDate(event.target.value) && onChange(event.target.value)}
      />
    </label>
  );
}
