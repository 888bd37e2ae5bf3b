import { afterEach, describe, expect, it } from 'vitest';
import { COUNTER_FIELDS, type Counters } from '../../server/domain/live-state';
import { readIntervalStats } from '../../server/history/history-queries';
import { simulatedPeriod, simulateHistory } from '../../server/demo/simulate-history';
import { DEMO_CONFIG, parseSimulatorConfig } from '../../server/simulator/simulator-config';
import { dumpTables, historyDb, type HistoryDb } from '../unit/import/history-db';
import { rulesOf } from '../unit/import/import-test-kit';

const SITE = 'sim';
let target: HistoryDb | null = null;
afterEach(async () => {
  await target?.close();
  target = null;
});

describe('simulated history', () => {
  it('writes two days and a morning whose interval rows equal the simulator ledger, and the same again when run twice', async () => {
    target = await historyDb('import_simulate', SITE);
    const config = parseSimulatorConfig({ ...DEMO_CONFIG, seed: 5 });
    const rules = rulesOf(config);
    // --days 2 ending Wednesday 2026-03-04 10:00 in Moscow: Monday, Tuesday and Wednesday morning.
    const period = simulatedPeriod(config.timeZone, 2, Date.parse('2026-03-04T07:00:00Z'));
    expect(period.startAt).toBe(Date.parse('2026-03-01T21:00:00Z'));
    const result = await simulateHistory({ config, ...period, rules, sink: target.sink });

    const ledger = result.model.ledger;
    let intervals = 0;
    for (const queueId of ledger.queueIds) {
      const stored = await readIntervalStats(target.db, SITE, queueId, [{ from: period.startAt, to: result.endedAt + 1 }]);
      const withCalls = [...stored].filter(([, row]) => row.counters.offered > 0).map(([start]) => start);
      expect(withCalls.sort((a, b) => a - b), `intervals with calls in ${queueId}`).toEqual(ledger.intervals(queueId));
      for (const start of ledger.intervals(queueId)) {
        const counters = Object.fromEntries(COUNTER_FIELDS.map((f) => [f, stored.get(start)!.counters[f]])) as Counters;
        expect(counters, `${queueId} ${new Date(start).toISOString()}`).toEqual(ledger.interval(queueId, start));
        intervals++;
      }
    }
    expect(intervals).toBeGreaterThan(2 * 3 * 60);
    expect(result.invalidEvents).toBe(0);
    expect(result.tally.totalCalls).toBe(ledger.queueIds.reduce((sum, q) => sum + ledger.total(q).offered, 0));

    const before = await dumpTables(target.db);
    await simulateHistory({ config, ...period, rules, sink: target.sink });
    expect(await dumpTables(target.db)).toEqual(before);
  });
});
