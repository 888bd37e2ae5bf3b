import type { TicketDeskConfig } from '../../config/env-config';
import { webhookConfigSchema } from '../../ingest/webhooks/webhook-config';
import type { Logger } from '../../observability/logger';
import { ticketDeskSettings, type TicketDeskSettings } from '../../wallboard';
import type { SimulatorConfig } from '../simulator-config';
import { simulatedDeskWebhookConfig, type DeskSecrets } from './simulated-desk';
import { TicketGenerator } from './ticket-generator';
import { TicketModel } from './ticket-model';
import { ticketModelConfigForCallSite } from './ticket-model-config';
import { WebhookPoster, type PosterStats } from './webhook-poster';

export interface TicketDemoOptions {
  /** the board's own URL, e.g. http://127.0.0.1:3000 */
  baseUrl: string;
  /** the secrets the board was configured with (simulatedDeskWebhookConfig / simulatedDeskEnv) */
  secrets: DeskSecrets;
  /** simulated time: the call simulator's clock, so tickets and calls share one day */
  clock: () => number;
  /** the simulated call center: its zone, intraday profile and call volume set the ticket rate (5 per call) */
  callSite: SimulatorConfig;
  /** simulated instant the desk's history starts; default the clock's current time */
  startAt?: number;
  seed?: number;
  logger?: Logger;
}

export interface RunningTicketDemo {
  stats(): PosterStats & { tickets: number };
  stop(): Promise<void>;
}

/** Log the first failed delivery, then one in this many: a board that refuses them all must not flood the log. */
const LOG_EVERY_NTH_FAILURE = 100;

/**
 * The demo's ticket desk: generic, Zendesk and Jira webhooks posted to the
 * board in real time (paced by `clock`), starting at the clock's current time.
 */
export function startTicketDemo(options: TicketDemoOptions): RunningTicketDemo {
  const { logger } = options;
  const model = new TicketModel(
    ticketModelConfigForCallSite(options.callSite, {
      seed: options.seed ?? Math.floor(Math.random() * 2 ** 31),
      // Wall time, not the simulated clock (which restarts at the site's midnight):
      // each run gets ticket numbers (hence event ids) no earlier run used.
      idBase: Math.floor(Date.now() / 1000) * 1000,
    }),
    options.startAt ?? options.clock(),
  );
  let failures = 0;
  const poster = new WebhookPoster({
    baseUrl: options.baseUrl,
    onFailure: (delivery, reason) => {
      if (failures++ % LOG_EVERY_NTH_FAILURE === 0) {
        logger?.warn({ path: delivery.path, ticketId: delivery.ticketId, reason, failures }, 'simulated ticket webhook failed');
      }
    },
  });
  const generator = new TicketGenerator({
    model,
    poster,
    secrets: options.secrets,
    clock: options.clock,
    onError: (error) => logger?.error({ err: error }, 'ticket simulator step failed'),
  });
  generator.startPaced();
  logger?.info({ peakTicketsPerHour: model.config.peakTicketsPerHour }, 'built-in ticket desk simulator posting webhooks');
  return {
    stats: () => ({ ...poster.stats(), tickets: model.ticketCount }),
    async stop() {
      poster.close();
      await generator.stop();
    },
  };
}

/**
 * The board's ticket settings for the demo: SLA policies and target as
 * configured (SLA_POLICIES_FILE, TICKET_SLA_TARGET_PCT), and the webhook
 * configuration of the simulated desks. Generic sources configured in the
 * environment keep working next to the simulator's; the Zendesk and Jira
 * endpoints take the simulated desks' secrets, groups and fields instead of
 * any ZENDESK_* / JIRA_* settings.
 */
export function demoTicketDeskSettings(configured: TicketDeskConfig, secrets: DeskSecrets): TicketDeskSettings {
  const fromEnv = configured.webhooks;
  const simulated = webhookConfigSchema.parse(simulatedDeskWebhookConfig(secrets));
  return {
    ...ticketDeskSettings(configured),
    webhooks: {
      ...simulated,
      maxBodyBytes: fromEnv.maxBodyBytes,
      generic: { sources: { ...fromEnv.generic.sources, ...simulated.generic.sources } },
    },
  };
}
