/**
 * The heatmap's sequential colour scale: from the panel's own dark (little)
 * through blue and teal to yellow (most), so the eye goes to the peaks on a
 * dark page, and lightness alone still orders the cells for colour-blind readers.
 */

export const HEAT_STOPS = ['#15212d', '#163b5e', '#1b5f97', '#2388b8', '#33b2b4', '#8fd27f', '#f3df5a'] as const;

/** Cells with nothing to measure (a rate in an interval without calls). */
export const NO_DATA_COLOUR = '#0c1219';

export interface ColourDomain {
  min: number;
  max: number;
}

/**
 * The range the colours span. Counts start at zero, so a cell's brightness is
 * in proportion to its load (a quiet 12 calls does not look like an empty 0
 * beside a busy 40); rates and durations span what was measured. Null when
 * nothing was.
 */
export function domainOf(values: Iterable<number | null>, fromZero: boolean): ColourDomain | null {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    if (value === null || !Number.isFinite(value)) continue;
    min = Math.min(min, value);
    max = Math.max(max, value);
  }
  if (max === Number.NEGATIVE_INFINITY) return null;
  return { min: fromZero ? Math.min(0, min) : min, max };
}

function channels(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

const toHex = (rgb: readonly number[]) => `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;

/** Position 0..1 on the scale as a colour, interpolated between neighbouring stops. */
export function colourAt(position: number): string {
  const t = Math.min(1, Math.max(0, Number.isFinite(position) ? position : 0));
  const scaled = t * (HEAT_STOPS.length - 1);
  const lower = Math.min(Math.floor(scaled), HEAT_STOPS.length - 2);
  const mix = scaled - lower;
  const a = channels(HEAT_STOPS[lower] ?? HEAT_STOPS[0]);
  const b = channels(HEAT_STOPS[lower + 1] ?? HEAT_STOPS[0]);
  return toHex(a.map((c, i) => c + (b[i]! - c) * mix));
}

export function heatColour(value: number | null, domain: ColourDomain | null): string {
  if (value === null || domain === null || !Number.isFinite(value)) return NO_DATA_COLOUR;
  const span = domain.max - domain.min;
  // One value everywhere: the middle of the scale, not the dark end, so it does not read as "nothing".
  return colourAt(span === 0 ? 0.5 : (value - domain.min) / span);
}

/** The legend's bar: the same stops as a CSS gradient. */
export function gradientCss(): string {
  return `linear-gradient(to right, ${HEAT_STOPS.join(', ')})`;
}

/** `count` evenly spaced values from min to max, both included, for the legend's labels. */
export function legendValues(domain: ColourDomain, count = 5): number[] {
  if (count < 2 || domain.max === domain.min) return [domain.min];
  return Array.from({ length: count }, (_, i) => domain.min + ((domain.max - domain.min) * i) / (count - 1));
}
