/**
 * A line through intervals with gaps (null where nothing was measured) draws
 * nothing for a value with gaps on both sides: such points get a dot.
 */

export function isIsolated(values: ReadonlyArray<number | null>, index: number): boolean {
  const value = values[index];
  return value !== null && value !== undefined && (values[index - 1] ?? null) === null && (values[index + 1] ?? null) === null;
}

interface DotProps {
  cx?: number;
  cy?: number;
  index?: number;
}

/** A recharts `dot` renderer that marks only the isolated points of `values`. */
export function isolatedDot(values: ReadonlyArray<number | null>, colour: string) {
  return function IsolatedDot({ cx, cy, index }: DotProps) {
    if (cx === undefined || cy === undefined || index === undefined || !isIsolated(values, index)) return <g key={`gap-${index}`} />;
    return <circle key={`dot-${index}`} cx={cx} cy={cy} r={3} fill={colour} className="isolated-dot" />;
  };
}
