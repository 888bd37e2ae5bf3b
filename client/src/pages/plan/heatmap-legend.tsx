import { gradientCss, legendValues, NO_DATA_COLOUR, type ColourDomain } from './colour-scale';
import type { MetricLook } from './metric-looks';
import { t } from '../../i18n/i18n';

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
          {t('plan.legend.top')}
        </li>
        <li className="legend__item">
          <span className="legend__mark legend__mark--outline heat-legend__busy" />
          {t('plan.legend.weekBusy')}
        </li>
        <li className="legend__item">
          <span className="legend__mark heat-legend__busy-day" />
          {t('plan.legend.dayBusy')}
        </li>
        <li className="legend__item">
          <span className="legend__mark legend__mark--band" style={{ ['--mark' as string]: NO_DATA_COLOUR }} />
          {t('plan.legend.nothing')}
        </li>
      </ul>
    </div>
  );
}
