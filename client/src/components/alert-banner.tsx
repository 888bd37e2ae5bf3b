import type { ReactNode } from 'react';
import { Icon } from './icons';

/** A full-width warning that the figures below cannot be trusted as live. */
export function AlertBanner({ tone, testId, children }: { tone: 'red' | 'amber'; testId: string; children: ReactNode }) {
  return (
    <div className="banner" data-tone={tone} data-testid={testId} role="alert">
      <Icon name="warning" className="banner__icon" />
      <span className="banner__text">{children}</span>
    </div>
  );
}
