import { describe, expect, it } from 'vitest';
import { colourAt, domainOf, heatColour, HEAT_STOPS, legendValues, NO_DATA_COLOUR } from '../../../client/src/pages/plan/colour-scale';

/** Relative luminance (sRGB, WCAG) of #rrggbb. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

describe('heatmap colour scale', () => {
  it('starts counts at zero and rates at their lowest value', () => {
    expect(domainOf([12, 40, null, 25], true)).toEqual({ min: 0, max: 40 });
    expect(domainOf([82, 95, null, 71], false)).toEqual({ min: 71, max: 95 });
  });

  it('has no domain when nothing was measured', () => {
    expect(domainOf([null, null], true)).toBeNull();
    expect(domainOf([], false)).toBeNull();
  });

  it('runs from the first stop to the last', () => {
    expect(colourAt(0)).toBe(HEAT_STOPS[0]);
    expect(colourAt(1)).toBe(HEAT_STOPS[HEAT_STOPS.length - 1]);
    expect(heatColour(0, { min: 0, max: 40 })).toBe(HEAT_STOPS[0]);
    expect(heatColour(40, { min: 0, max: 40 })).toBe(HEAT_STOPS[HEAT_STOPS.length - 1]);
  });

  it('gets lighter as the value grows, so the order reads without hue', () => {
    const steps = Array.from({ length: 41 }, (_, i) => luminance(heatColour(i, { min: 0, max: 40 })));
    for (let i = 1; i < steps.length; i++) expect(steps[i]).toBeGreaterThanOrEqual(steps[i - 1]!);
  });

  it('clamps values outside the domain and marks cells with nothing to measure apart', () => {
    expect(heatColour(-5, { min: 0, max: 40 })).toBe(HEAT_STOPS[0]);
    expect(heatColour(99, { min: 0, max: 40 })).toBe(HEAT_STOPS[HEAT_STOPS.length - 1]);
    expect(heatColour(null, { min: 0, max: 40 })).toBe(NO_DATA_COLOUR);
    expect(heatColour(3, null)).toBe(NO_DATA_COLOUR);
    expect(HEAT_STOPS).not.toContain(NO_DATA_COLOUR);
  });

  it('shows a single value in the middle of the scale, not as "nothing"', () => {
    expect(heatColour(7, { min: 7, max: 7 })).toBe(colourAt(0.5));
  });

  it('labels the legend with evenly spaced values from min to max', () => {
    expect(legendValues({ min: 0, max: 40 })).toEqual([0, 10, 20, 30, 40]);
    expect(legendValues({ min: 60, max: 90 }, 4)).toEqual([60, 70, 80, 90]);
    expect(legendValues({ min: 5, max: 5 })).toEqual([5]);
  });
});
