import { describe, expect, it } from 'vitest';
import { UpdateSequence } from '../../../server/realtime/update-sequence';
import type { LiveSnapshot } from '../../../shared/snapshot';
import { liveSnapshot, queueTile } from '../../support/board-fixtures';

const AT = Date.parse('2026-12-02T10:00:00Z');
const board = (waiting: number): LiveSnapshot => liveSnapshot(AT, { queues: [queueTile({ id: 'sales', waiting })] });

describe('UpdateSequence', () => {
  it('starts whole, then numbers each change as a patch from the version before', () => {
    const sequence = new UpdateSequence(5000);
    expect(sequence.next(board(0), 0)).toMatchObject({ from: 0, to: 1, patch: null });
    const second = sequence.next(board(1), 50);
    expect(second).toMatchObject({ from: 1, to: 2, patch: { queues: { updated: [{ id: 'sales', set: { waiting: 1 } }] } } });
    expect(sequence.latestVersion).toBe(2);
  });

  it('makes no version of a snapshot that differs only in its build time', () => {
    const sequence = new UpdateSequence(5000);
    sequence.next(board(0), 0);
    expect(sequence.next({ ...board(0), at: new Date(AT + 1000).toISOString() }, 1000)).toBeNull();
    expect(sequence.latestVersion).toBe(1);
  });

  it('sends the whole snapshot once the period has passed and 10 patches went out, or after ten periods', () => {
    const sequence = new UpdateSequence(1000);
    sequence.next(board(0), 0);
    const kinds: string[] = [];
    for (let i = 1; i <= 12; i++) kinds.push(sequence.next(board(i), i * 100)?.patch === null ? 'whole' : 'patch');
    // at 1,000 ms the period has passed but only 9 patches went out; at 1,100 ms, 10
    expect(kinds.indexOf('whole')).toBe(10);
    expect(sequence.next(board(100), 1300)?.patch).not.toBeNull();
    // a stretched gap: 2 patches in 10 periods, then whole
    expect(sequence.next(board(101), 9000)?.patch).not.toBeNull();
    expect(sequence.next(board(102), 12_200)?.patch).toBeNull();
  });
});
