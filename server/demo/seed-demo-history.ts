import pg from 'pg';
import type { WallboardConfig } from '../config/env-config';
import { siteDay } from '../../shared/site-time';
import type { HistoryFact } from '../history/history-facts';
import { migrate } from '../history/migrate';
import { withClient } from '../history/pg-client';
import { replaceDay, simulatedDays } from '../history/replace-day';
import type { Logger } from '../observability/logger';
import { startDaySimulator, type DaySimulator } from './day-simulator';
import { daysBefore, missingDays } from './days-to-simulate';
import type { HistoryPreparation } from './history-preparation';
import type { DaySimulationConfig } from './simulate-day';

export interface SeedDemoHistoryOptions {
  /** needs databaseUrl (the embedded Postgres' URL once started) */
  config: WallboardConfig;
  logger: Logger;
  /** whole days before today (default 28: four weeks for the weekday comparison and the heatmap) */
  days?: number;
  now?: number;
  /** told how far it got, for the pages' notice */
  progress?: HistoryPreparation;
  /** days simulated at once (default: simulationThreads()) */
  threads?: number;
  /** stops between days (the day being simulated is not written) */
  signal?: AbortSignal;
}

/**
 * For the demo: writes the simulated days missing among the `days` days before
 * today, newest first, each whole in one transaction (replace-day.ts) and
 * listed in simulated_days, so a seeding stopped half-way resumes on the next
 * start with the days not yet written. Today is the live demo's own (its
 * simulator replays today from midnight). Run it in the background.
 *
 * Days are simulated on worker threads (simulate-day.ts, day-simulator.ts)
 * while earlier ones are written: CPU there, Postgres here.
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
    const simulator = startDaySimulator(simulationConfig(config), options.threads);
    try {
      // days are simulated on their threads, a few ahead, while the oldest asked for is written
      const ahead = missing.slice(0, simulator.threads).map((day) => simulated(simulator, day));
      for (let i = 0; i < missing.length && !signal?.aborted; i++) {
        const day = missing[i]!;
        const facts = await ahead[i]!;
        const following = missing[i + simulator.threads];
        if (following !== undefined) ahead.push(simulated(simulator, following));
        await withClient(pool, (client) => replaceDay(client, config.site, config.timeZone, day, facts));
        written.push(day);
        calls += facts.filter((fact) => fact.kind === 'call').length;
        progress?.dayWritten();
      }
    } finally {
      await simulator.close();
    }
    const ms = Math.round(performance.now() - started);
    if (written.length < missing.length) {
      logger.info({ days: written.length, left: missing.length - written.length, ms }, 'simulated demo history stopped; the next start writes the days left');
    } else logger.info({ days: written.length, calls, ms }, 'simulated demo history written');
    return { days: written, calls };
  } finally {
    progress?.end();
    await pool.end();
  }
}

/** A day's facts; a simulation nobody waits for any more (a write failed, or the seeding was stopped) fails unheard. */
function simulated(simulator: DaySimulator, day: string): Promise<HistoryFact[]> {
  const facts = simulator.simulate(day);
  facts.catch(() => undefined);
  return facts;
}

function simulationConfig(config: WallboardConfig): DaySimulationConfig {
  const { timeZone, queuesFile, shortAbandonSec, callMaxAgeSec, agentForgetAfterSec } = config;
  return {
    timeZone,
    queuesFile,
    shortAbandonSec,
    ...(callMaxAgeSec !== undefined ? { callMaxAgeSec } : {}),
    ...(agentForgetAfterSec !== undefined ? { agentForgetAfterSec } : {}),
  };
}
