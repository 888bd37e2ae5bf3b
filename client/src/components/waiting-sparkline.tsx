import { sparklinePath } from '../sparkline-path';
import { t } from '../i18n/i18n';

const WIDTH = 120;
const HEIGHT = 24;

/** Callers waiting over the last hour (most per minute), drawn under the Waiting figure. */
export function WaitingSparkline({ perMinute, label }: { perMinute: readonly (number | null)[]; label: string }) {
  const peak = Math.max(0, ...perMinute.map((v) => v ?? 0));
  return (
    <svg
      className="sparkline"
      data-testid="waiting-sparkline"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      preserveAspectRatio="none"
      role="img"
      aria-label={t('tile.sparkline', { label, peak })}
    >
      <title>{t('tile.sparkline', { label, peak })}</title>
      <path d={sparklinePath(perMinute, WIDTH, HEIGHT)} vectorEffect="non-scaling-stroke" />
    </svg>
  );
}
