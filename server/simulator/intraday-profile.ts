/**
 * Relative call volume through a site's day, one weight per local hour (1.0 =
 * the busiest hour): quiet nights, a late-morning peak, a lunch dip and an
 * early-afternoon peak, as in a weekday support desk.
 */
const HOURLY_WEIGHTS = [
  0.06, 0.04, 0.03, 0.03, 0.03, 0.05, 0.1, 0.25, 0.55, 0.85, 1.0, 1.0, 0.85, 0.75, 0.95, 0.95, 0.85, 0.65, 0.45,
  0.3, 0.22, 0.15, 0.1, 0.08,
] as const;

export const SLOTS_PER_DAY = 96;

/** The default profile: 96 weights, one per 15-minute slot, moving linearly between the hourly values. */
export function defaultIntradayProfile(): number[] {
  const profile: number[] = [];
  for (let slot = 0; slot < SLOTS_PER_DAY; slot++) {
    const hour = Math.floor(slot / 4);
    const from = HOURLY_WEIGHTS[hour]!;
    const to = HOURLY_WEIGHTS[(hour + 1) % 24]!;
    profile.push(Number((from + ((to - from) * (slot % 4)) / 4).toFixed(4)));
  }
  return profile;
}
