import type { ReactNode } from 'react';
import { formatPercent } from '../format';
import { targetNote, type StatusLevel, type TargetStatus } from '../status-level';
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

/** A percentage against its target: coloured by its level, with the shortfall under it (`noneYet` while not measurable). */
export function TargetMetric(props: { label: string; testId: string; size: MetricProps['size']; pct: number | null; status: TargetStatus; noneYet: string }) {
  const { label, testId, size, pct, status, noneYet } = props;
  return (
    <Metric label={label} testId={testId} value={formatPercent(pct)} size={size} level={status.level} note={targetNote(status, pct !== null, noneYet)} />
  );
}

/** One count of a counts list (`<dl>`): its label and value, and what qualifies it (`children`, e.g. a rate). */
export function Count({ label, value, testId, children }: { label: string; value: string; testId: string; children?: ReactNode }) {
  return (
    <div className="count">
      <dt>{label}</dt>
      <dd>
        <span data-testid={testId}>{value}</span>
        {children}
      </dd>
    </div>
  );
}
