import { describe, expect, it } from 'vitest';
import { describeSlFormula } from '../../../client/src/sl-formula';

describe('describeSlFormula', () => {
  it('writes the formula in words with the queue own threshold', () => {
    expect(
      describeSlFormula({ slFormula: 'answeredWithinSl / (answered + abandoned - shortAbandoned)', slThresholdSec: 30 }),
    ).toBe('SL = answered ≤ 30 s / (answered + abandoned − short abandons)');
  });
});
