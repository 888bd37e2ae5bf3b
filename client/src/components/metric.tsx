import type { ReactNode } from 'react';
import type { StatusLevel } from '../tile-status';
import { Icon } from './icons';
import { LEVEL_LOOK } from './looks';

export interface MetricProps {
  label: string;
  value: string;
  /** the element holding only the value, for tests */
  testId: string;
  size: 'xl' | 'lg' | 'md';
  /** colours the value; a non-ok level also shows its icon and `note` */
  level?: StatusLevel;
  note?: ReactNode;
}

export function Metric({ label, value, testId, size, level, note }: MetricProps) {
  return (
    <div className={`metric metric--${size}`} data-level={level}>
      <div className="metric__label">{label}</div>
      <div className="metric__value" data-testid={testId}>
        {value}
      </div>
      {note !== undefined && (
        <div className="metric__note">
          {level !== undefined && <Icon name={LEVEL_LOOK[level].icon} />}
          {note}
        </div>
      )}
    </div>
  );
}
