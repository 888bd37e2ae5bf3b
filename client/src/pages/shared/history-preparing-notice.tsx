import type { HistoryPreparing } from '../../../../shared/history-api';
import { Notice } from './notice';
import { t } from '../../i18n/i18n';

/** While history is being written: how far it got, and that the missing days are missing, not quiet. */
export function HistoryPreparingNotice({ status }: { status: HistoryPreparing | null }) {
  if (status === null || !status.preparing) return null;
  return (
    <Notice tone="progress" testId="history-preparing" title={t('desk.preparing', { pct: status.pct })}>
      <progress value={status.doneDays} max={status.totalDays} aria-label={t('desk.preparingLabel')} data-testid="history-preparing-progress" />
      <p>
        {t('desk.preparingBody', { done: status.doneDays, total: status.totalDays })}
      </p>
    </Notice>
  );
}
