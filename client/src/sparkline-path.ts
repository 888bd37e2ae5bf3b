/**
 * The SVG path of a sparkline: one point per value, spread over `width`, the
 * largest value (at least `floor`, so two waiting callers do not fill the
 * height) at the top. A null (a minute nobody watched) breaks the line rather
 * than drawing a zero that never happened.
 */
export function sparklinePath(values: readonly (number | null)[], width: number, height: number, floor = 5): string {
  const top = Math.max(floor, ...values.map((v) => v ?? 0));
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  const commands: string[] = [];
  let drawing = false;
  values.forEach((value, i) => {
    if (value === null) {
      drawing = false;
      return;
    }
    const x = round(i * step);
    const y = round(height - (value / top) * height);
    commands.push(`${drawing ? 'L' : 'M'}${x} ${y}`);
    drawing = true;
  });
  return commands.join(' ');
}

const round = (n: number): number => Math.round(n * 10) / 10;
