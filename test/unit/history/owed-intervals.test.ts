import { describe, expect, it } from 'vitest';
import { OwedIntervals } from '../../../server/history/owed-intervals';

const EVER = Number.POSITIVE_INFINITY;

describe('intervals an import owes a rollup', () => {
  it('owes what a write touches from its start, due once the write is committed', () => {
    const owed = new OwedIntervals();
    owed.startWrite([30, 10, 20]);
    expect(owed.due(EVER).starts).toEqual([]);
    owed.endWrite([30, 10, 20]);
    expect(owed.due(EVER).starts).toEqual([10, 20, 30]);
    expect(owed.due(25).starts).toEqual([10, 20]);
  });

  it('leaves an interval out of a rollup while another write touching it is uncommitted', () => {
    const owed = new OwedIntervals();
    owed.startWrite([10, 20]);
    owed.startWrite([20, 30]);
    owed.endWrite([10, 20]);
    expect(owed.due(EVER).starts).toEqual([10]);
    owed.endWrite([20, 30]);
    expect(owed.due(EVER).starts).toEqual([10, 20, 30]);
  });

  it('keeps owing an interval a write touched while its rollup ran', () => {
    const owed = new OwedIntervals();
    owed.startWrite([10, 20]);
    owed.endWrite([10, 20]);
    const rollup = owed.due(EVER);
    // A later chunk touches 20 while the rollup's statement runs: the rollup may not have seen its rows.
    owed.startWrite([20]);
    owed.endWrite([20]);
    owed.paid(rollup);
    expect(owed.due(EVER).starts).toEqual([20]);
    owed.paid(owed.due(EVER));
    expect(owed.size).toBe(0);
  });
});
