import type { QueueTile } from '../../shared/snapshot';
import { t } from './i18n/i18n';

/**
 * The service-level formula in words (DOMAIN: "which variant is in use is
 * written next to the number"): the tooltip of a tile's SL row, since a line
 * under every tile was clutter on a TV; the README has it too. Keyed by the
 * snapshot's `slFormula` so a new variant does not compile until it is described.
 */
const DESCRIPTIONS: Record<QueueTile['slFormula'], (thresholdSec: number) => string> = {
  'answeredWithinSl / (answered + abandoned - shortAbandoned)': (seconds) =>
    t('tile.slFormula', { seconds }),
};

export function describeSlFormula(tile: Pick<QueueTile, 'slFormula' | 'slThresholdSec'>): string {
  return DESCRIPTIONS[tile.slFormula](tile.slThresholdSec);
}
