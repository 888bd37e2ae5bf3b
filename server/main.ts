import path from 'node:path';
import type { WallboardConfig } from './config/env-config';
import { startEmbeddedPostgres, type RunningEmbeddedPostgres } from './history/embedded-postgres';
import { createLogger, type Logger } from './observability/logger';
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
  stopOnSignals(logger, running.stop);
}

export interface ProductionSources {
  /** where queue events come from; null = no PBX */
  ami: WallboardOptions['ami'];
  /** the ticket desk; default config.ticketDesk */
  tickets?: WallboardOptions['tickets'];
}

export interface RunningProduction {
  wallboard: RunningWallboard;
  /** the configuration the wallboard runs with: databaseUrl is the embedded Postgres' when one was started */
  config: WallboardConfig;
  stop(): Promise<void>;
}

export async function startProduction(config: WallboardConfig, logger: Logger, sources: ProductionSources): Promise<RunningProduction> {
  const embedded = config.databaseUrl ? null : await embeddedPostgresOrNone(config, logger);
  const running = embedded ? { ...config, databaseUrl: embedded.url } : config;
  const wallboard = await startWallboard({ config: running, logger, ...sources });
  logger.info(`wallboard ready: open http://localhost:${wallboard.port}`);
  return {
    wallboard,
    config: running,
    async stop() {
      await wallboard.close();
      await embedded?.stop();
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

/** SIGINT / SIGTERM run `stop` once, then the process exits. */
export function stopOnSignals(logger: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}
