export type LegendMark = 'bar' | 'line' | 'dashed' | 'band' | 'outline';

export interface LegendItem {
  label: string;
  colour: string;
  mark: LegendMark;
}

/** A legend above a chart, in HTML so it wraps and reads like the rest of the page. */
export function ChartLegend({ items, testId }: { items: readonly LegendItem[]; testId?: string }) {
  return (
    <ul className="legend" data-testid={testId}>
      {items.map((item) => (
        <li key={item.label} className="legend__item">
          <span className={`legend__mark legend__mark--${item.mark}`} style={{ ['--mark' as string]: item.colour }} />
          {item.label}
        </li>
      ))}
    </ul>
  );
}
