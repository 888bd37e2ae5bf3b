import { parentPort, workerData } from 'node:worker_threads';
import { simulateDay, type DaySimulationConfig } from './simulate-day';

/**
 * The demo's day simulations on a thread of their own (day-simulator.ts
 * starts it): asked a day, it answers with the day's facts, one day at a time.
 */
const config = workerData as DaySimulationConfig;
parentPort!.on('message', (day: string) => {
  simulateDay(config, day).then(
    (facts) => parentPort!.postMessage({ day, facts }),
    (error: unknown) => parentPort!.postMessage({ day, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
