export interface TooltipLine {
  label: string;
  value: string;
  colour?: string;
}

/** The box a chart shows under the pointer: the interval, then one line per figure. */
export function TooltipCard({ title, lines }: { title: string; lines: readonly TooltipLine[] }) {
  return (
    <div className="tooltip-card">
      <div className="tooltip-card__title">{title}</div>
      <dl className="tooltip-card__lines">
        {lines.map((line) => (
          <div key={line.label} className="tooltip-card__line">
            <dt>
              {line.colour !== undefined && <span className="tooltip-card__swatch" style={{ background: line.colour }} />}
              {line.label}
            </dt>
            <dd>{line.value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

/** The chart row under the pointer, from the props recharts passes a tooltip's `content`. */
export function hoveredRow<T>(props: { active?: boolean; payload?: ReadonlyArray<{ payload?: unknown }> }): T | null {
  if (props.active !== true) return null;
  return (props.payload?.[0]?.payload as T | undefined) ?? null;
}
