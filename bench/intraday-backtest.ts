/**
 * Backtest of the rest-of-today forecast (docs/PERFORMANCE.md, "Intraday
 * forecast"): simulated demo weeks, then for every day after the first four
 * weeks, at 10:00, 13:00 and 16:00, the weekday-mean forecast and the naive
 * "same weekday last week" against what came. Prints MAPE per interval and
 * per hour for each queue and the whole site.
 *
 * `npx tsx bench/intraday-backtest.ts [weeks=12] [seed=1]`
 */
import { pathToFileURL } from 'node:url';
import { backtestIntraday } from '../server/domain/forecast/intraday-backtest';
import { simulatedOfferedDays } from './support/simulated-offered';

export const BACKTEST_CUTS = ['10:00', '13:00', '16:00'];
/** a Monday */
const FIRST_DAY = '2026-01-05';

function main(): void {
  const weeks = Number(process.argv[2] ?? 12);
  const seed = Number(process.argv[3] ?? 1);
  const started = performance.now();
  const series = simulatedOfferedDays(FIRST_DAY, 7 * weeks, seed);
  console.log(`${weeks} simulated weeks from ${FIRST_DAY} (seed ${seed}), cuts ${BACKTEST_CUTS.join(', ')}`);
  console.log('| series | days | MAPE per interval: weekday mean / last week | MAPE per hour: weekday mean / last week |');
  console.log('|---|---|---|---|');
  for (const [name, days] of series) {
    const r = backtestIntraday(days, BACKTEST_CUTS);
    const pct = (n: number): string => `${n.toFixed(1)}%`;
    console.log(
      `| ${name} | ${r.forecastDays} | ${pct(r.weekdayMean.interval)} / ${pct(r.sameWeekdayLastWeek.interval)} | ${pct(r.weekdayMean.hour)} / ${pct(r.sameWeekdayLastWeek.hour)} |`,
    );
  }
  console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
