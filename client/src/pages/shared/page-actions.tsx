import type { ReactNode } from 'react';
import { t } from '../../i18n/i18n';

/** Shown while an answer is on its way. */
export function LoadingChip({ show, testId, children }: { show: boolean; testId: string; children?: ReactNode }) {
  return show ? (
    <span className="loading-chip" data-testid={testId}>
      {children ?? t('app.loading')}
    </span>
  ) : null;
}

/** A download of what the page shows, as CSV. */
export function CsvLink({ href, testId, children }: { href: string; testId: string; children: ReactNode }) {
  return (
    <a className="button" href={href} download data-testid={testId}>
      {children}
    </a>
  );
}
