import type { Random } from '../random';
import { INTERVAL_MS, type SiteCalendar } from '../../../shared/site-time';

/** Give up after a week of slots without load: such a desk gets no more arrivals. */
const MAX_SLOTS = 7 * 96;

/**
 * The next arrival after `from` of a Poisson process whose rate (arrivals per
 * ms) is constant within each local 15-minute slot: one unit-exponential amount
 * of "rate x time" is spent slot by slot, which is exact for piecewise-constant
 * rates. null when the rate stays 0 for a week.
 */
export function nextArrivalAt(
  from: number,
  random: Random,
  calendar: SiteCalendar,
  ratePerMsAt: (at: number) => number,
): number | null {
  let remaining = random.exponential(1);
  let at = from;
  for (let slots = 0; slots < MAX_SLOTS; slots++) {
    const slotEnd = calendar.intervalStart(at) + INTERVAL_MS;
    const rate = ratePerMsAt(at);
    if (rate > 0) {
      const needed = remaining / rate;
      if (at + needed < slotEnd) return at + needed;
      remaining -= rate * (slotEnd - at);
    }
    at = slotEnd;
  }
  return null;
}
