import type { QueueChoice } from './use-site-info';
import { t } from '../../i18n/i18n';

/** All queues together, or one of them; a queue named in the URL but unknown to the snapshot stays selectable. */
export function QueueSelect(props: {
  queues: readonly QueueChoice[];
  value: string | null;
  onChange: (queue: string | null) => void;
  testId: string;
}) {
  const { queues, value, onChange, testId } = props;
  const known = value === null || queues.some((q) => q.id === value);
  return (
    <label className="field">
      <span className="field__label">{t('alerts.queue')}</span>
      <select
        className="field__input"
        data-testid={testId}
        value={value ?? ''}
        onChange={(event) => onChange(event.target.value === '' ? null : event.target.value)}
      >
        <option value="">{t('desk.allQueues')}</option>
        {queues.map((q) => (
          <option key={q.id} value={q.id}>
            {q.name}
          </option>
        ))}
        {!known && <option value={value}>{value}</option>}
      </select>
    </label>
  );
}
