import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { loadConfig } from './config/env-config';
import { startEmbeddedPostgres } from './history/embedded-postgres';
import { seedDemoHistoryIfEmpty } from './import/seed-demo-history';
import { createLogger } from './observability/logger';
import { runDemoSimulator } from './simulator/run-simulator';
import { randomDeskSecrets } from './simulator/tickets/simulated-desk';
import { demoTicketDeskSettings, startTicketDemo } from './simulator/tickets/start-ticket-demo';
import { startWallboard, type WallboardOptions } from './wallboard';

const DEMO_TICKET_HISTORY_MS = 2 * 3600 * 1000;

/**
 * `npm start`: the wallboard on the configured PBX, or on the built-in
 * simulator (real time) when no AMI_HOST is set. History goes to DATABASE_URL,
 * or to a Postgres the server runs itself with its data under DATA_DIR.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  const logger = createLogger(config.logLevel);

  let ami: WallboardOptions['ami'] = null;
  let stopSimulator = async (): Promise<void> => undefined;
  let catchUp = async (): Promise<void> => undefined;
  let tickets: WallboardOptions['tickets'];
  let startTickets = (_boardUrl: string): void => undefined;
  let stopTickets = async (): Promise<void> => undefined;
  if (config.simulator) {
    // A private AMI endpoint on loopback with a throwaway secret: nobody else can log in.
    const secret = randomBytes(12).toString('hex');
    const simulator = await runDemoSimulator({ port: 0, host: '127.0.0.1', username: 'wallboard', secret, timeZone: config.timeZone });
    logger.info({ port: simulator.port }, 'built-in Asterisk simulator running; replaying today so far, then real time');
    ami = { host: '127.0.0.1', port: simulator.port, username: 'wallboard', secret, sourceKind: 'simulator' };
    stopSimulator = () => simulator.stop();
    catchUp = async () => {
      // Each pass closes the gap the previous one took to run; three leave well under a second.
      for (let pass = 0; pass < 3; pass++) await simulator.catchUp(Date.now());
      logger.info({ simulatedNow: new Date(simulator.now()).toISOString() }, 'simulator caught up with the clock');
    };
    // The simulated help desks post signed webhooks to the board itself, on the call simulator's clock.
    const deskSecrets = randomDeskSecrets();
    tickets = demoTicketDeskSettings(config.ticketDesk, deskSecrets);
    startTickets = (boardUrl) => {
      // Two hours of desk history, replayed in seconds, give the panel a backlog and
      // tickets near their due times; a whole day would take minutes to post.
      const desk = startTicketDemo({
        baseUrl: boardUrl,
        secrets: deskSecrets,
        clock: () => simulator.now(),
        startAt: simulator.now() - DEMO_TICKET_HISTORY_MS,
        callSite: simulator.config,
        logger,
      });
      stopTickets = () => desk.stop();
    };
  } else if (config.ami) {
    ami = { ...config.ami, sourceKind: 'ami' };
  }

  let stopEmbeddedPostgres = async (): Promise<void> => undefined;
  if (!config.databaseUrl) {
    try {
      const embedded = await startEmbeddedPostgres({ dataDir: path.join(config.dataDir ?? 'data', 'postgres'), logger });
      config = { ...config, databaseUrl: embedded.url };
      stopEmbeddedPostgres = () => embedded.stop();
    } catch (error) {
      logger.error({ err: error }, 'embedded Postgres did not start: running without history (set DATABASE_URL to use a Postgres server)');
    }
  }

  if (config.simulator && config.databaseUrl) {
    // Four weeks of simulated history (once, on an empty database) so the day and plan pages
    // have curves to show; it runs in the background while the live board is already up.
    void seedDemoHistoryIfEmpty({ config, logger }).catch((error: unknown) =>
      logger.warn({ err: error }, 'demo history not seeded'),
    );
  }

  const wallboard = await startWallboard({ config, ami, logger, tickets });
  logger.info(`wallboard ready: open http://localhost:${wallboard.port}`);
  await catchUp();
  startTickets(wallboard.url);

  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await stopTickets();
    await wallboard.close();
    await stopSimulator();
    await stopEmbeddedPostgres();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
