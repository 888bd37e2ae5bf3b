import { describe, expect, it } from 'vitest';
import { longestWaitAt, tileStatus } from '../../../client/src/tile-status';
import { periodStats, queueTile, waitingSince } from '../../support/board-fixtures';

const NOW = Date.parse('2026-03-02T09:00:00Z');

/** A queue with SL threshold 20 s, target 90%, red margin 10 points, red wait factor 2 (the fixture defaults). */
function queue(slPct: number | null, longestWaitSec: number) {
  // SL from 1000 answered-or-abandoned calls, so tenths of a percent are exact.
  const today =
    slPct === null
      ? periodStats()
      : periodStats({ offered: 1000, answered: 1000, answeredWithinSl: Math.round(slPct * 10), handled: 1000 });
  return queueTile({ id: 'q', today, ...waitingSince(NOW, longestWaitSec > 0 ? 1 : 0, longestWaitSec) });
}

describe('tileStatus', () => {
  it('is ok at or above the SL target with short waits', () => {
    expect(tileStatus(queue(90, 20), NOW)).toMatchObject({ level: 'ok', sl: 'ok', wait: 'ok' });
    expect(tileStatus(queue(99, 0), NOW).level).toBe('ok');
  });

  it('is ok when the SL cannot be measured yet', () => {
    expect(tileStatus(queue(null, 0), NOW)).toMatchObject({ level: 'ok', sl: 'ok', slShortfallPct: 0 });
  });

  it('turns amber when SL is under target by less than the red margin', () => {
    expect(tileStatus(queue(89.9, 0), NOW)).toMatchObject({ level: 'warn', sl: 'warn' });
    expect(tileStatus(queue(80.1, 0), NOW)).toMatchObject({ level: 'warn', sl: 'warn' });
    expect(tileStatus(queue(85, 0), NOW).slShortfallPct).toBeCloseTo(5);
  });

  it('turns red when SL is the red margin or more under target', () => {
    expect(tileStatus(queue(80, 0), NOW)).toMatchObject({ level: 'alert', sl: 'alert' });
    expect(tileStatus(queue(42, 0), NOW)).toMatchObject({ level: 'alert', sl: 'alert' });
  });

  it('treats float noise at exactly the target as on target', () => {
    const tile = queue(90, 0);
    const noisy = { ...tile, today: { ...tile.today, serviceLevelPct: 89.99999999999999 } };
    expect(tileStatus(noisy, NOW).sl).toBe('ok');
  });

  it('turns amber when the longest wait passes the SL threshold, red past threshold x factor', () => {
    expect(tileStatus(queue(95, 21), NOW)).toMatchObject({ level: 'warn', wait: 'warn' });
    expect(tileStatus(queue(95, 40), NOW)).toMatchObject({ level: 'warn', wait: 'warn' });
    expect(tileStatus(queue(95, 41), NOW)).toMatchObject({ level: 'alert', wait: 'alert' });
  });

  it('takes the worse of SL and wait for the tile colour', () => {
    expect(tileStatus(queue(85, 45), NOW)).toMatchObject({ level: 'alert', sl: 'warn', wait: 'alert' });
    expect(tileStatus(queue(70, 25), NOW)).toMatchObject({ level: 'alert', sl: 'alert', wait: 'warn' });
  });

  it('uses the queue own thresholds', () => {
    const tile = { ...queue(75, 50), slThresholdSec: 60, thresholds: { slTargetPct: 80, slRedMarginPct: 20, waitRedFactor: 3 } };
    expect(tileStatus(tile, NOW)).toMatchObject({ level: 'warn', sl: 'warn', wait: 'ok' });
  });

  it('lets the wait go red between pushes as the clock runs', () => {
    const tile = queue(95, 15);
    expect(tileStatus(tile, NOW).wait).toBe('ok');
    expect(tileStatus(tile, NOW + 10_000).wait).toBe('warn');
    expect(tileStatus(tile, NOW + 30_000).wait).toBe('alert');
  });
});

describe('longestWaitAt', () => {
  it('ticks from the oldest join time', () => {
    const tile = queueTile({ id: 'q', ...waitingSince(NOW, 3, 30) });
    expect(longestWaitAt(tile, NOW)).toBe(30);
    expect(longestWaitAt(tile, NOW + 5_400)).toBe(35);
  });

  it('never shows less than the server figure when the clock estimate runs behind', () => {
    const tile = queueTile({ id: 'q', ...waitingSince(NOW, 1, 30) });
    expect(longestWaitAt(tile, NOW - 10_000)).toBe(30);
  });

  it('is zero when nobody waits, and the server figure when the join time is missing', () => {
    expect(longestWaitAt(queueTile({ id: 'q' }), NOW)).toBe(0);
    expect(longestWaitAt(queueTile({ id: 'q', waiting: 2, oldestJoinedAt: null, longestWaitSec: 12 }), NOW)).toBe(12);
  });
});
