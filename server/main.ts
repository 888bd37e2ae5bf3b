import path from 'node:path';
import { DEFAULT_SHUTDOWN_TIMEOUT_MS, type WallboardConfig } from './config/env-config';
import { firstStartBanner } from './auth/first-start';
import { startEmbeddedPostgres, type RunningEmbeddedPostgres } from './history/embedded-postgres';
import { createLogger, type Logger } from './observability/logger';
import { Deadline } from './resilience/deadline';
import { startWallboard, type RunningWallboard, type WallboardOptions } from './wallboard';

/**
 * The production start-up: the wallboard on the configured PBX (AMI_*), history
 * in DATABASE_URL or in a Postgres the server runs itself under DATA_DIR.
 * server/start.ts runs it; the demo (server/demo/) composes startProduction.
 */
export async function runProduction(config: WallboardConfig): Promise<void> {
  const logger = createLogger(config.logLevel);
  const running = await startProduction(config, logger, {
    ami: config.ami ? { ...config.ami, sourceKind: 'ami' } : null,
  });
  stopOnSignals(logger, config.shutdownTimeoutMs, running.stop);
}

export interface ProductionSources {
  /** where queue events come from; null = no PBX */
  ami: WallboardOptions['ami'];
  /** the ticket desk; default config.ticketDesk */
  tickets?: WallboardOptions['tickets'];
  /** history still being written (the demo's simulated weeks), for GET /api/history/preparing */
  historyPreparing?: WallboardOptions['historyPreparing'];
}

export interface RunningProduction {
  wallboard: RunningWallboard;
  /** the configuration the wallboard runs with: databaseUrl is the embedded Postgres' when one was started */
  config: WallboardConfig;
  /** closes the wallboard, then the embedded Postgres, by the deadline */
  stop(deadline: Deadline): Promise<void>;
}

export async function startProduction(config: WallboardConfig, logger: Logger, sources: ProductionSources): Promise<RunningProduction> {
  const embedded = config.databaseUrl ? null : await embeddedPostgresOrNone(config, logger);
  const running = embedded ? { ...config, databaseUrl: embedded.url } : config;
  const wallboard = await startWallboard({ config: running, logger, ...sources });
  const url = `http://localhost:${wallboard.port}`;
  logger.info(`wallboard ready: open ${url}`);
  // on the terminal, not in the JSON log: the password is shown once and log files are kept
  if (wallboard.firstStart) process.stdout.write(`${firstStartBanner(url, wallboard.firstStart)}\n`);
  return {
    wallboard,
    config: running,
    async stop(deadline) {
      await wallboard.close(deadline);
      if (embedded) await deadline.wait(embedded.stop());
    },
  };
}

async function embeddedPostgresOrNone(config: WallboardConfig, logger: Logger): Promise<RunningEmbeddedPostgres | null> {
  try {
    return await startEmbeddedPostgres({ dataDir: path.join(config.dataDir ?? 'data', 'postgres'), logger });
  } catch (error) {
    logger.error({ err: error }, 'embedded Postgres did not start: running without history (set DATABASE_URL to use a Postgres server)');
    return null;
  }
}

/** Time between the end of the last shutdown step and the backstop exit. */
const EXIT_MARGIN_MS = 250;

/**
 * SIGINT / SIGTERM run `stop` once with a deadline `timeoutMs` away, then the
 * process exits (0). `stop` bounds each of its steps by the deadline and logs
 * what it could not flush; should a step not keep to it, the process exits at
 * the deadline anyway (1).
 */
export function stopOnSignals(
  logger: Logger,
  timeoutMs: number | undefined = DEFAULT_SHUTDOWN_TIMEOUT_MS,
  stop: (deadline: Deadline) => Promise<void>,
): void {
  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, timeoutMs }, 'shutting down');
    setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown deadline passed: exiting with work unfinished');
      process.exit(1);
    }, timeoutMs);
    try {
      // The steps end a little before the backstop, so a stop that keeps to its deadline exits on its own.
      await stop(new Deadline(timeoutMs - Math.min(EXIT_MARGIN_MS, timeoutMs / 10)));
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
    }
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}
