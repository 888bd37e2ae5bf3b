import { describe, expect, it } from 'vitest';
import { heatmapResponseSchema, type HeatmapResponse } from '../../../shared/history-api';
import { NO_DATA_COLOUR } from '../../../client/src/pages/plan/colour-scale';
import { buildHeatmapGrid } from '../../../client/src/pages/plan/heatmap-grid';
import { heatmapPayload } from '../../support/fake-history-server';

const fullWeek = () => heatmapPayload({ weeks: 8, metric: 'offered', format: 'json' }, 'full');

describe('heatmap grid', () => {
  it('lays the cells out as 7 weekdays, Monday first, by 96 intervals', () => {
    const grid = buildHeatmapGrid(fullWeek(), true);
    expect(grid.rows.map((r) => r.weekday)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    for (const row of grid.rows) {
      expect(row.cells).toHaveLength(96);
      expect(row.cells.map((c) => c.interval)).toEqual(Array.from({ length: 96 }, (_, i) => i));
    }
    const reply = fullWeek();
    const tuesday1030 = reply.cells.find((c) => c.weekday === 2 && c.time === '10:30')!;
    expect(grid.rows[1]!.cells[42]).toMatchObject({ time: '10:30', value: tuesday1030.value, days: 8 });
  });

  it('keeps every cell in its place when the reply lacks some (a DST week)', () => {
    const reply = fullWeek();
    const gappy: HeatmapResponse = heatmapResponseSchema.parse({
      ...reply,
      cells: reply.cells.filter((c) => !(c.weekday === 7 && c.time.startsWith('02:'))),
    });
    const sunday = buildHeatmapGrid(gappy, true).rows[6]!.cells;
    expect(sunday).toHaveLength(96);
    expect(sunday[8]).toMatchObject({ time: '02:00', value: null, days: 0, colour: NO_DATA_COLOUR });
    expect(sunday[12]!.time).toBe('03:00');
    expect(sunday[12]!.value).toBe(reply.cells.find((c) => c.weekday === 7 && c.time === '03:00')!.value);
  });

  it('ranks the top tenth of the cells in the order the API gives them', () => {
    const reply = fullWeek();
    const grid = buildHeatmapGrid(reply, true);
    const peaks = grid.rows.flatMap((r) => r.cells).filter((c) => c.peakRank !== null);
    expect(grid.peaks).toEqual(reply.peaks.topDecile);
    expect(peaks).toHaveLength(reply.peaks.topDecile.length);
    const first = reply.peaks.topDecile[0]!;
    const top = peaks.find((c) => c.peakRank === 1)!;
    expect([top.weekday, top.time]).toEqual([first.weekday, first.time]);
    // Every peak is at least as high as every other cell.
    const lowestPeak = Math.min(...peaks.map((c) => c.value ?? 0));
    const others = grid.rows.flatMap((r) => r.cells).filter((c) => c.peakRank === null);
    expect(others.every((c) => (c.value ?? 0) <= lowestPeak)).toBe(true);
  });

  it("marks each weekday's busy hour over its four intervals, the first as the week's", () => {
    const reply = fullWeek();
    const grid = buildHeatmapGrid(reply, true);
    expect(grid.busyHours).toHaveLength(7);
    const week = grid.busyHours.filter((h) => h.ofWeek);
    expect(week).toHaveLength(1);
    const busiest = reply.peaks.busyHours[0]!;
    expect(week[0]).toEqual({ weekday: busiest.weekday, interval: 41, span: 4, ofWeek: true });
    expect(busiest.times).toEqual(['10:15', '10:30', '10:45', '11:00']);
  });

  it('marks no zeros as peaks or busy hours when history is sparse', () => {
    const reply = fullWeek();
    // One busy Monday morning, every other cell at zero: the API's top tenth and busy hours still list zeros.
    const sparse = heatmapResponseSchema.parse({
      ...reply,
      cells: reply.cells.map((c) => ({ ...c, value: c.weekday === 1 && (c.time === '09:00' || c.time === '10:30') ? 0.4 : 0 })),
      peaks: {
        topDecile: [
          { weekday: 1, time: '09:00', value: 0.4, days: 8 },
          { weekday: 1, time: '10:30', value: 0.4, days: 8 },
          { weekday: 1, time: '00:00', value: 0, days: 8 },
        ],
        busyHours: [
          { weekday: 1, times: ['08:15', '08:30', '08:45', '09:00'], total: 0.4 },
          { weekday: 2, times: ['00:00', '00:15', '00:30', '00:45'], total: 0 },
        ],
      },
    });
    const grid = buildHeatmapGrid(sparse, true);
    expect(grid.peaks.map((c) => c.time)).toEqual(['09:00', '10:30']);
    expect(grid.rows[0]!.cells[0]!.peakRank).toBeNull();
    expect(grid.busyHourList.map((h) => h.weekday)).toEqual([1]);
    expect(grid.busyHours).toEqual([{ weekday: 1, interval: 33, span: 4, ofWeek: true }]);
  });

  it('has no colour domain and no marks when nothing was measured', () => {
    const grid = buildHeatmapGrid(heatmapPayload({ weeks: 8, metric: 'offered', format: 'json' }, 'empty'), true);
    expect(grid.domain).toBeNull();
    expect(grid.busyHours).toEqual([]);
    expect(grid.rows.flatMap((r) => r.cells).every((c) => c.colour === NO_DATA_COLOUR)).toBe(true);
  });
});
