import { Registry } from 'prom-client';
import type { WallboardConfig } from '../config/env-config';
import { QueueSettingsBook } from '../config/queue-settings';
import { dayStartMs, siteDay } from '../../shared/site-time';
import { HistoryService } from '../history/history-service';
import type { Logger } from '../observability/logger';
import { DEMO_CONFIG, parseSimulatorConfig } from '../simulator/simulator-config';
import { historySink } from '../import/history-sink';
import { queueRulesFor } from '../config/queue-rules';
import { simulatedPeriod, simulateHistory } from './simulate-history';

export interface SeedDemoHistoryOptions {
  /** needs databaseUrl (the embedded Postgres' URL once started) */
  config: WallboardConfig;
  logger: Logger;
  /** whole days before today (default 28: four weeks for the weekday comparison and the heatmap) */
  days?: number;
  now?: number;
  settings?: QueueSettingsBook;
}

/**
 * For the demo: when the site has no call history before today, writes `days`
 * days of simulated history ending at today's midnight, where the built-in
 * simulator's own day begins (it replays today from midnight). Does nothing
 * when history exists, so it is safe to call on every start; run it in the
 * background, it takes seconds to a minute.
 */
export async function seedDemoHistoryIfEmpty(options: SeedDemoHistoryOptions): Promise<{ seeded: boolean; calls: number }> {
  const { config, logger } = options;
  if (!config.databaseUrl) throw new Error('seedDemoHistoryIfEmpty needs config.databaseUrl');
  const now = options.now ?? Date.now();
  const todayStart = dayStartMs(config.timeZone, siteDay(config.timeZone, now));
  const history = new HistoryService({ databaseUrl: config.databaseUrl, site: config.site, logger, registry: new Registry() });
  try {
    const db = await history.reader();
    const { rows } = await db.query<{ present: boolean }>(
      'SELECT EXISTS (SELECT 1 FROM call_history WHERE site = $1 AND entered_at < $2) AS present',
      [config.site, new Date(todayStart).toISOString()],
    );
    if (rows[0]?.present) return { seeded: false, calls: 0 };
    const period = simulatedPeriod(config.timeZone, options.days ?? 28, todayStart);
    logger.info({ from: new Date(period.startAt).toISOString(), to: new Date(period.endAt).toISOString() }, 'writing simulated demo history');
    const result = await simulateHistory({
      config: parseSimulatorConfig({ ...DEMO_CONFIG, timeZone: config.timeZone }),
      ...period,
      rules: queueRulesFor(config, options.settings ?? QueueSettingsBook.load(config.queuesFile)),
      sink: historySink(history),
    });
    logger.info({ calls: result.tally.totalCalls, agentSpans: result.tally.agentSpans }, 'simulated demo history written');
    return { seeded: true, calls: result.tally.totalCalls };
  } finally {
    await history.close();
  }
}
