import type { ReactNode } from 'react';
import { t } from '../../i18n/i18n';

/** A panel-sized message in place of a chart: nothing to show, or why it failed, and what to do; or a slim one above the panels while history is still being written. */
export function Notice({ tone, testId, title, children }: { tone: 'empty' | 'error' | 'progress'; testId: string; title: string; children?: ReactNode }) {
  return (
    <div className="notice" data-tone={tone} data-testid={testId} role={tone === 'error' ? 'alert' : 'status'}>
      <p className="notice__title">{title}</p>
      {children !== undefined && <div className="notice__body">{children}</div>}
    </div>
  );
}

export const SIMULATE_HINT = (
  <>
    {t('desk.simulateHint')} <code>npm run simulate -- --days 28</code>
  </>
);

/** A refused save: what the server named as wrong, one line each. */
export function RefusedNotice({ testId, title, problems }: { testId: string; title: string; problems: readonly string[] }) {
  return (
    <Notice tone="error" testId={testId} title={title}>
      <ul>
        {problems.map((problem) => (
          <li key={problem}>{problem}</li>
        ))}
      </ul>
    </Notice>
  );
}
