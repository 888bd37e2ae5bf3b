import pg from 'pg';
import type { WallboardConfig } from '../config/env-config';
import { QueueSettingsBook } from '../config/queue-settings';
import { addDays, dayNumberOfDate, dayStartMs, siteDay } from '../../shared/site-time';
import type { HistoryOp } from '../domain/live-state';
import { factsFromOps, type HistoryFact } from '../history/history-facts';
import { migrate } from '../history/migrate';
import { withClient } from '../history/pg-client';
import { replaceDay, simulatedDays } from '../history/replace-day';
import type { Logger } from '../observability/logger';
import { DEMO_CONFIG, parseSimulatorConfig, type SimulatorConfig } from '../simulator/simulator-config';
import { queueRulesFor } from '../config/queue-rules';
import type { QueueRules } from '../domain/queue-reducer';
import { clipToDay } from './clip-to-day';
import { daysBefore, missingDays } from './days-to-simulate';
import type { HistoryPreparation } from './history-preparation';
import { simulateHistory } from './simulate-history';

export interface SeedDemoHistoryOptions {
  /** needs databaseUrl (the embedded Postgres' URL once started) */
  config: WallboardConfig;
  logger: Logger;
  /** whole days before today (default 28: four weeks for the weekday comparison and the heatmap) */
  days?: number;
  now?: number;
  settings?: QueueSettingsBook;
  /** told how far it got, for the pages' notice */
  progress?: HistoryPreparation;
  /** stops between days (the day under way is not written) */
  signal?: AbortSignal;
}

/**
 * For the demo: writes the simulated days missing among the `days` days before
 * today, newest first, each whole in one transaction (replace-day.ts) and
 * listed in simulated_days, so a seeding stopped half-way resumes on the next
 * start with the days not yet written. Today is the live demo's own (its
 * simulator replays today from midnight). Run it in the background.
 *
 * Each day is the built-in simulator's day from its midnight, with a seed of
 * its own (so days differ), through the live path's parser, mapper and reducer.
 * Simulating a day (CPU) overlaps with writing the previous one (Postgres).
 */
export async function seedDemoHistory(options: SeedDemoHistoryOptions): Promise<{ days: string[]; calls: number }> {
  const { config, logger, progress, signal } = options;
  if (!config.databaseUrl) throw new Error('seedDemoHistory needs config.databaseUrl');
  const today = siteDay(config.timeZone, options.now ?? Date.now());
  const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 1, application_name: 'wallboard-demo-seed' });
  pool.on('error', () => undefined); // a lost idle connection surfaces through the next query
  const written: string[] = [];
  let calls = 0;
  try {
    await migrate(pool);
    const days = daysBefore(today, options.days ?? 28);
    const missing = missingDays(days, await simulatedDays(pool, config.site, days));
    progress?.begin(days.length, days.length - missing.length);
    if (missing.length === 0) return { days: [], calls: 0 };
    logger.info({ days: missing.length, of: days.length }, 'writing simulated demo history');
    const started = performance.now();
    const simulator = parseSimulatorConfig({ ...DEMO_CONFIG, timeZone: config.timeZone });
    const rules = queueRulesFor(config, options.settings ?? QueueSettingsBook.load(config.queuesFile));
    let writing: Promise<void> = Promise.resolve();
    for (const day of missing) {
      const facts = await simulateDay(simulator, rules, day, signal);
      await writing;
      if (signal?.aborted) break;
      writing = withClient(pool, (client) => replaceDay(client, config.site, config.timeZone, day, facts)).then(() => {
        written.push(day);
        calls += facts.filter((fact) => fact.kind === 'call').length;
        progress?.dayWritten();
      });
    }
    await writing;
    logger.info({ days: written.length, calls, ms: Math.round(performance.now() - started) }, 'simulated demo history written');
    return { days: written, calls };
  } finally {
    progress?.end();
    await pool.end();
  }
}

/** One site day from its midnight until its last call has ended, its facts clipped to the day. */
async function simulateDay(config: SimulatorConfig, rules: QueueRules, day: string, signal?: AbortSignal): Promise<HistoryFact[]> {
  const startAt = dayStartMs(config.timeZone, day);
  const endAt = dayStartMs(config.timeZone, addDays(day, 1));
  const ops: HistoryOp[] = [];
  await simulateHistory({
    config: { ...config, seed: config.seed + dayNumberOfDate(day) },
    startAt,
    endAt,
    rules,
    endAgentSpans: true,
    ...(signal ? { signal } : {}),
    sink: {
      async record(more) {
        for (const op of more) ops.push(op);
        // The live board shares this process: let it (and the previous day's write) run between steps.
        await new Promise((resolve) => setImmediate(resolve));
      },
      flush: async () => undefined,
    },
  });
  return clipToDay(factsFromOps(ops), startAt, endAt);
}
