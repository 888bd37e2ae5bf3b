import { randomBytes } from 'node:crypto';
import type { WallboardConfig } from '../config/env-config';
import { startProduction, stopOnSignals, type RunningProduction } from '../main';
import { createLogger, type Logger } from '../observability/logger';
import type { Deadline } from '../resilience/deadline';
import type { AsteriskSimulator } from '../simulator/asterisk-simulator';
import { runDemoSimulator } from '../simulator/run-simulator';
import { randomDeskSecrets } from '../simulator/tickets/simulated-desk';
import { demoTicketDeskSettings, startTicketDemo } from '../simulator/tickets/start-ticket-demo';
import { clearDemoSite } from './clear-demo-site';
import { HistoryPreparation } from './history-preparation';
import { seedDemoHistory } from './seed-demo-history';

/** Two hours of desk history, replayed in seconds, give the panel a backlog and tickets near their due times; a whole day would take minutes to post. */
const DEMO_TICKET_HISTORY_MS = 2 * 3600 * 1000;

/**
 * The demo (`npm start` without AMI_HOST): the production wallboard fed by the
 * built-in Asterisk simulator (today replayed from midnight, then real time),
 * simulated help desks posting signed webhooks, and four weeks of simulated
 * history for the day and plan pages.
 */
export async function runDemo(config: WallboardConfig): Promise<void> {
  const logger = createLogger(config.logLevel);
  const demo = await startDemo(config, logger);
  stopOnSignals(logger, config.shutdownTimeoutMs, (deadline) => demo.stop(deadline));
}

export interface DemoOptions {
  /** the simulated days missing among the four weeks before today (default true) */
  seedHistory?: boolean;
}

export interface RunningDemo {
  production: RunningProduction;
  simulator: AsteriskSimulator;
  /** stops the desks, the wallboard and the simulator, each step bounded by `deadline` */
  stop(deadline: Deadline): Promise<void>;
}

/** Starts the demo and resolves once the simulator has caught up with the clock. */
export async function startDemo(config: WallboardConfig, logger: Logger, options: DemoOptions = {}): Promise<RunningDemo> {
  if (config.redis) {
    // The simulator replays today from midnight: a persistent store must not count it twice.
    const removed = await clearDemoSite(config.redis, config.site, logger).catch((error: unknown) => {
      logger.warn({ err: error }, 'could not clear the previous demo run from Redis; its counters may add up with this run');
      return 0;
    });
    if (removed > 0) logger.info({ site: config.site, keys: removed }, 'previous demo run cleared from Redis: the simulator replays today');
  }
  // A private AMI endpoint on loopback with a throwaway secret: nobody else can log in.
  const secret = randomBytes(12).toString('hex');
  const simulator = await runDemoSimulator({ port: 0, host: '127.0.0.1', username: 'wallboard', secret, timeZone: config.timeZone });
  logger.info({ port: simulator.port }, 'built-in Asterisk simulator running; replaying today so far, then real time');
  const deskSecrets = randomDeskSecrets();
  const preparation = new HistoryPreparation();

  const production = await startProduction(config, logger, {
    ami: { host: '127.0.0.1', port: simulator.port, username: 'wallboard', secret, sourceKind: 'simulator' },
    tickets: demoTicketDeskSettings(config.ticketDesk, deskSecrets),
    historyPreparing: () => preparation.status(),
  });
  const stopSeeding = new AbortController();
  let seeding: Promise<unknown> = Promise.resolve();
  if (production.config.databaseUrl && options.seedHistory !== false) {
    // In the background while the live board is already up; the pages show how far it got.
    seeding = seedDemoHistory({ config: production.config, logger, progress: preparation, signal: stopSeeding.signal }).catch(
      (error: unknown) => logger.warn({ err: error }, 'demo history not (all) written; the next start writes the missing days'),
    );
  }

  // Each pass closes the gap the previous one took to run; three leave well under a second.
  for (let pass = 0; pass < 3; pass++) await simulator.catchUp(Date.now());
  logger.info({ simulatedNow: new Date(simulator.now()).toISOString() }, 'simulator caught up with the clock');

  // The simulated help desks post to the board itself, on the call simulator's clock.
  const desk = startTicketDemo({
    baseUrl: production.wallboard.url,
    secrets: deskSecrets,
    clock: () => simulator.now(),
    startAt: simulator.now() - DEMO_TICKET_HISTORY_MS,
    callSite: simulator.config,
    logger,
  });

  return {
    production,
    simulator,
    async stop(deadline) {
      stopSeeding.abort();
      await deadline.wait(desk.stop());
      // the day being written commits or not before its database goes away
      await deadline.wait(seeding);
      await production.stop(deadline);
      await deadline.wait(simulator.stop());
    },
  };
}
