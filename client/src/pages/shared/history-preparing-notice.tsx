import type { HistoryPreparing } from '../../../../shared/history-api';
import { Notice } from './notice';

/** While history is being written: how far it got, and that the missing days are missing, not quiet. */
export function HistoryPreparingNotice({ status }: { status: HistoryPreparing | null }) {
  if (status === null || !status.preparing) return null;
  return (
    <Notice tone="progress" testId="history-preparing" title={`History being prepared: ${status.pct}%`}>
      <progress value={status.doneDays} max={status.totalDays} aria-label="History being prepared" data-testid="history-preparing-progress" />
      <p>
        {status.doneDays} of {status.totalDays} days written, newest first. Days not yet written are missing from these figures, not quiet.
      </p>
    </Notice>
  );
}
