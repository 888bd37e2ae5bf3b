import { describe, expect, it } from 'vitest';
import { formatCount, formatDuration, ProgressBar, progressFigures, renderProgress } from '../../../server/import/progress-bar';

describe('progress arithmetic', () => {
  it('gives the fraction done, the rate so far and the time left at that rate', () => {
    // 25 MB of 100 MB in 10 s: 2.5 MB/s, 75 MB to go = 30 s.
    expect(progressFigures(25e6, 100e6, 10_000)).toEqual({ fraction: 0.25, perSec: 2.5e6, etaMs: 30_000 });
  });

  it('has no ETA before anything was done, and none for an unknown total', () => {
    expect(progressFigures(0, 100, 5_000)).toEqual({ fraction: 0, perSec: 0, etaMs: null });
    expect(progressFigures(0, 100, 0).etaMs).toBeNull();
    expect(progressFigures(500, null, 1_000)).toEqual({ fraction: null, perSec: 500, etaMs: null });
  });

  it('is done at the total, and does not run past it when a file grew while being read', () => {
    expect(progressFigures(100, 100, 4_000)).toMatchObject({ fraction: 1, etaMs: 0 });
    expect(progressFigures(130, 100, 4_000)).toMatchObject({ fraction: 1, etaMs: 0 });
  });

  it('formats durations as m:ss or h:mm:ss and counts with k / M', () => {
    expect(formatDuration(7_000)).toBe('0:07');
    expect(formatDuration(245_400)).toBe('4:05');
    expect(formatDuration(3_909_000)).toBe('1:05:09');
    expect([formatCount(950), formatCount(1_234), formatCount(12_345), formatCount(4_560_000)]).toEqual(['950', '1.23k', '12.3k', '4.56M']);
  });

  it('draws a bar with percent, amounts, note and ETA', () => {
    const text = renderProgress(progressFigures(50, 200, 1_000), 50, 200, 'MB', '10 lines/s');
    expect(text).toBe('[######..................]  25%  50/200 MB  10 lines/s  ETA 0:03');
  });
});

describe('the progress bar', () => {
  function terminal(isTTY: boolean) {
    const writes: string[] = [];
    return { isTTY, writes, write: (text: string) => writes.push(text) };
  }

  it('redraws on a terminal at most every redrawMs and clears its line when done', () => {
    let now = 0;
    const stream = terminal(true);
    const bar = new ProgressBar({ unit: 'B', total: 100, stream, redrawMs: 200, now: () => now });
    now = 100;
    bar.update(10);
    now = 150;
    bar.update(20);
    now = 400;
    bar.update(40);
    bar.done();
    expect(stream.writes).toHaveLength(3);
    expect(stream.writes[0]).toContain('10/100 B');
    expect(stream.writes[1]).toContain('40/100 B');
    expect(stream.writes[2]).toBe('\r\x1b[2K');
  });

  it('stays silent when stderr is not a terminal', () => {
    const stream = terminal(false);
    const bar = new ProgressBar({ unit: 'B', total: 100, stream, redrawMs: 0 });
    bar.update(50);
    bar.done();
    expect(stream.writes).toEqual([]);
  });
});
