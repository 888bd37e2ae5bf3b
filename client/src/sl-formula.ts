import type { QueueTile } from '../../shared/snapshot';

/**
 * The service-level formula in words, written next to the number (DOMAIN:
 * "which variant is in use is written next to the number"). Keyed by the
 * snapshot's `slFormula` so a new variant does not compile until it is described.
 */
const DESCRIPTIONS: Record<QueueTile['slFormula'], (thresholdSec: number) => string> = {
  'answeredWithinSl / (answered + abandoned - shortAbandoned)': (t) =>
    `SL = answered ≤ ${t} s / (answered + abandoned − short abandons)`,
};

export function describeSlFormula(tile: Pick<QueueTile, 'slFormula' | 'slThresholdSec'>): string {
  return DESCRIPTIONS[tile.slFormula](tile.slThresholdSec);
}
