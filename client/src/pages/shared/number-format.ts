/** Numbers the desk pages print besides the board's own (format.ts): means and changes. */

import { locale } from '../../i18n/i18n';

const oneDecimal = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });

/** A mean of counts: one decimal below 100 (3.4 calls), whole above (1,240 calls). */
export function formatMean(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—';
  return Math.abs(value) < 100 ? oneDecimal.format(value) : whole.format(value);
}

/** A change in percent with its sign: "+12%", "−8%" (a true minus), "±0%". */
export function formatChangePct(pct: number): string {
  const rounded = Math.round(pct);
  if (rounded === 0) return '±0%';
  return rounded > 0 ? `+${rounded}%` : `−${Math.abs(rounded)}%`;
}
