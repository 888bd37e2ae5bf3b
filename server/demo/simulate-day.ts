import type { WallboardConfig } from '../config/env-config';
import { QueueSettingsBook } from '../config/queue-settings';
import { queueRulesFor } from '../config/queue-rules';
import { addDays, dayNumberOfDate, dayStartMs } from '../../shared/site-time';
import type { HistoryOp } from '../domain/live-state';
import { factsFromOps, type HistoryFact } from '../history/history-facts';
import { DEMO_CONFIG, parseSimulatorConfig } from '../simulator/simulator-config';
import { clipToDay } from './clip-to-day';
import { simulateHistory } from './simulate-history';

/** What a day's simulation needs of the wallboard's configuration (plain data, so a worker can be given it). */
export type DaySimulationConfig = Pick<WallboardConfig, 'timeZone' | 'queuesFile' | 'shortAbandonSec' | 'callMaxAgeSec' | 'agentForgetAfterSec'>;

/**
 * One site day of the demo's history: the built-in simulator's day from its
 * midnight, with a seed of its own (so days differ), through the live path's
 * parser, mapper and reducer, until its last call has ended; its facts clipped
 * to the day (clip-to-day.ts). The same day gives the same facts.
 */
export async function simulateDay(config: DaySimulationConfig, day: string): Promise<HistoryFact[]> {
  const simulator = parseSimulatorConfig({ ...DEMO_CONFIG, timeZone: config.timeZone });
  const startAt = dayStartMs(config.timeZone, day);
  const endAt = dayStartMs(config.timeZone, addDays(day, 1));
  const ops: HistoryOp[] = [];
  await simulateHistory({
    config: { ...simulator, seed: simulator.seed + dayNumberOfDate(day) },
    startAt,
    endAt,
    rules: queueRulesFor(config, QueueSettingsBook.load(config.queuesFile)),
    endAgentSpans: true,
    sink: {
      async record(more) {
        for (const op of more) ops.push(op);
      },
      flush: async () => undefined,
    },
  });
  return clipToDay(factsFromOps(ops), startAt, endAt);
}
