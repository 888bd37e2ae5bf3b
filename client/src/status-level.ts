import { t } from './i18n/i18n';

/** ok: within target; warn: amber; alert: red. */
export type StatusLevel = 'ok' | 'warn' | 'alert';

const SEVERITY: Record<StatusLevel, number> = { ok: 0, warn: 1, alert: 2 };

export function worstLevel(a: StatusLevel, b: StatusLevel): StatusLevel {
  return SEVERITY[a] >= SEVERITY[b] ? a : b;
}

export interface TargetStatus {
  level: StatusLevel;
  /** percentage points under target, 0 when on target or not measurable */
  shortfallPct: number;
}

// Float noise from within / total * 100 must not flip a figure to amber at exactly the target.
const EPSILON = 1e-9;

/** A percentage against its target: amber under it, red `redMarginPct` points or more under; not measurable (null) is ok. */
export function targetStatus(pct: number | null, targetPct: number, redMarginPct: number): TargetStatus {
  if (pct === null) return { level: 'ok', shortfallPct: 0 };
  const shortfallPct = targetPct - pct;
  if (shortfallPct <= EPSILON) return { level: 'ok', shortfallPct: 0 };
  return { level: shortfallPct + EPSILON >= redMarginPct ? 'alert' : 'warn', shortfallPct };
}

/** The words under a figure with a target: `noneYet` while there is nothing to measure. */
export function targetNote(status: TargetStatus, measurable: boolean, noneYet: string): string {
  if (!measurable) return noneYet;
  if (status.level === 'ok') return t('target.onTarget');
  return t('target.under', { points: Math.ceil(status.shortfallPct - EPSILON) });
}
