import { addDays, dayStartMs, HOUR_MS } from '../../shared/site-time';
import { dayGrid } from '../../server/history/interval-grid';
import type { OfferedDay } from '../../server/domain/forecast/intraday-backtest';
import { CallCenterModel } from '../../server/simulator/call-center-model';
import { DEMO_CONFIG, parseSimulatorConfig } from '../../server/simulator/simulator-config';

/**
 * Calls offered per 15-minute slot over `days` simulated days from `firstDay`,
 * per demo queue and for the whole site, read from the model's ledger (what
 * truly arrived; history's counters equal it, history-truth.test.ts).
 */
export function simulatedOfferedDays(firstDay: string, days: number, seed = 1): Map<string, OfferedDay[]> {
  const config = parseSimulatorConfig({ ...DEMO_CONFIG, seed });
  const { timeZone } = config;
  const model = new CallCenterModel(config, dayStartMs(timeZone, firstDay));
  const queues = config.queues.map((q) => q.name);
  const series = new Map<string, OfferedDay[]>([...queues, 'all queues'].map((name) => [name, []]));
  for (let d = 0; d < days; d++) {
    const day = addDays(firstDay, d);
    // in hourly steps, dropping the AMI events nobody reads here: kept, a week of them fills gigabytes
    for (let at = dayStartMs(timeZone, day) + HOUR_MS; at <= dayStartMs(timeZone, addDays(day, 1)); at += HOUR_MS) {
      model.advanceTo(at);
      model.takeEvents();
    }
    const grid = dayGrid(timeZone, day);
    const perQueue = queues.map((queue) => grid.map(({ start }) => model.ledger.interval(queue, start).offered));
    queues.forEach((queue, q) => series.get(queue)!.push({ day, slots: grid.map(({ time }, i) => ({ time, offered: perQueue[q]![i]! })) }));
    series.get('all queues')!.push({
      day,
      slots: grid.map(({ time }, i) => ({ time, offered: perQueue.reduce((total, offered) => total + offered[i]!, 0) })),
    });
  }
  return series;
}
