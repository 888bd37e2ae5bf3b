import { gradientCss, legendValues, NO_DATA_COLOUR, type ColourDomain } from './colour-scale';
import type { MetricLook } from './metric-looks';

/** The colour scale with its values, and what the outlines mean. */
export function HeatmapLegend({ domain, look }: { domain: ColourDomain | null; look: MetricLook }) {
  return (
    <div className="heat-legend" data-testid="plan-heatmap-legend">
      {domain !== null && (
        <div className="heat-legend__scale">
          <span className="heat-legend__caption">{look.cellMeaning}</span>
          <span className="heat-legend__bar" style={{ background: gradientCss() }} />
          <span className="heat-legend__ticks">
            {legendValues(domain).map((value) => (
              <span key={value}>{look.format(value)}</span>
            ))}
          </span>
        </div>
      )}
      <ul className="legend">
        <li className="legend__item">
          <span className="legend__mark legend__mark--outline" style={{ ['--mark' as string]: '#f1f5f9' }} />
          Top 10% of intervals
        </li>
        <li className="legend__item">
          <span className="legend__mark legend__mark--outline heat-legend__busy" />
          The week's busy hour
        </li>
        <li className="legend__item">
          <span className="legend__mark heat-legend__busy-day" />
          Each weekday's busy hour
        </li>
        <li className="legend__item">
          <span className="legend__mark legend__mark--band" style={{ ['--mark' as string]: NO_DATA_COLOUR }} />
          Nothing to measure
        </li>
      </ul>
    </div>
  );
}
