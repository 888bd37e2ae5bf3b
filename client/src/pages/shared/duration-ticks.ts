/**
 * Ticks of a seconds axis at steps a reader counts in (15 s, 30 s, 1 min, 5 min
 * ...), so the m:ss labels read 0:30, 1:00, 1:30 rather than 1:15, 2:30, 3:45.
 */

const STEPS_SEC = [5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200] as const;

/** Ticks from 0 to just above `maxSec` with at most `maxTicks` steps, leaving headroom above the highest value. */
export function durationTicks(maxSec: number, maxTicks = 5): number[] {
  const top = Number.isFinite(maxSec) && maxSec > 0 ? maxSec * 1.1 : 60;
  const step = STEPS_SEC.find((s) => top / s <= maxTicks) ?? Math.ceil(top / maxTicks / 3600) * 3600;
  const count = Math.max(1, Math.ceil(top / step));
  return Array.from({ length: count + 1 }, (_, i) => i * step);
}
