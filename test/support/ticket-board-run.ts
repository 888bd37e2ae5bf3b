import { expect } from 'vitest';
import type { LiveSnapshot } from '../../shared/snapshot';
import type { TicketSnapshot } from '../../shared/ticket-snapshot';
import type { WallboardConfig } from '../../server/config/env-config';
import { QueueSettingsBook } from '../../server/config/queue-settings';
import type { SlaPolicies } from '../../server/domain/sla/sla-policy';
import { webhookConfigSchema } from '../../server/ingest/webhooks/webhook-config';
import { createLogger } from '../../server/observability/logger';
import type { SimulatorConfig } from '../../server/simulator/simulator-config';
import { simulatedDeskWebhookConfig, type DeskSecrets } from '../../server/simulator/tickets/simulated-desk';
import { TicketGenerator } from '../../server/simulator/tickets/ticket-generator';
import { sortEscalations, sortMatrix, TicketLedger, type TicketFigures } from '../../server/simulator/tickets/ticket-ledger';
import { TicketModel } from '../../server/simulator/tickets/ticket-model';
import { ticketModelConfigForCallSite } from '../../server/simulator/tickets/ticket-model-config';
import { WebhookPoster } from '../../server/simulator/tickets/webhook-poster';
import type { LiveStore } from '../../server/store/live-store';
import { credentialsFor } from './test-credentials';
import { startWallboard, type RunningWallboard } from '../../server/wallboard';

/**
 * What the ticket truth tests share: the simulated desks posting to a board on
 * a simulated clock, a board configured for them, and its figures in the
 * ledger's form.
 */

/** Simulated time: the test moves it, the boards and the desks read it. */
export class SimulatedTime {
  constructor(public now: number) {}

  readonly clock = (): number => this.now;
}

export interface SimulatedDesksOptions {
  /** where the desks post: a board, or something in front of boards */
  baseUrl: string;
  /** the call site the desks sit next to (zone, volume) */
  site: SimulatorConfig;
  policies: SlaPolicies;
  secrets: DeskSecrets;
  time: SimulatedTime;
  seed: number;
}

export interface SimulatedDesks {
  readonly ledger: TicketLedger;
  readonly poster: WebhookPoster;
  /** deliveries given up on, with the reason */
  readonly failures: string[];
  /**
   * Moves the time to `until` in 10-minute steps, posting what each step
   * released, and waits for the poster: a 200 means a delivery's events are in
   * the store, so the boards then have everything up to `until`.
   */
  advanceTo(until: number): Promise<void>;
}

const STEP_MS = 10 * 60_000;

export function startSimulatedDesks(options: SimulatedDesksOptions): SimulatedDesks {
  const { time, seed } = options;
  const failures: string[] = [];
  const poster = new WebhookPoster({
    baseUrl: options.baseUrl,
    concurrency: 8,
    seed,
    onFailure: (delivery, reason) => failures.push(`${delivery.path} ${delivery.ticketId}: ${reason}`),
  });
  const model = new TicketModel(ticketModelConfigForCallSite(options.site, { seed }), time.now);
  const ledger = new TicketLedger(options.policies, options.site.timeZone);
  const generator = new TicketGenerator({ model, poster, secrets: options.secrets, clock: time.clock, ledger, batchSize: 2000 });
  return {
    ledger,
    poster,
    failures,
    async advanceTo(until) {
      while (time.now < until) {
        time.now = Math.min(until, time.now + STEP_MS);
        await generator.catchUp();
      }
      await poster.idle();
    },
  };
}

export interface TicketBoardOptions {
  config: WallboardConfig;
  /** the simulated clock */
  clock: () => number;
  store: LiveStore;
  policies: SlaPolicies;
  secrets: DeskSecrets;
}

/** A wallboard without a PBX that takes the simulated desks' webhooks. */
export function startTicketBoard(options: TicketBoardOptions): Promise<RunningWallboard> {
  return startWallboard({
    config: options.config,
    ami: null,
    logger: createLogger('silent'),
    clock: options.clock,
    store: options.store,
    queueSettings: QueueSettingsBook.parse({ queues: {} }),
    clientDir: '/nonexistent',
    tickets: { policies: options.policies, webhooks: webhookConfigSchema.parse(simulatedDeskWebhookConfig(options.secrets)), slaTargetPct: 90 },
  });
}

/** The board's ticket figures in the ledger's form: lists in a fixed order, the configured target left out. */
export function figuresOf(tickets: TicketSnapshot): TicketFigures {
  const { slaTargetPct: _target, ...figures } = tickets;
  return { ...figures, openMatrix: sortMatrix(figures.openMatrix), today: { ...figures.today, escalations: sortEscalations(figures.today.escalations) } };
}

/** GET /api/snapshot of a board, its ticket figures. */
export async function boardTicketFigures(board: RunningWallboard): Promise<TicketFigures> {
  const response = await fetch(`${board.url}/api/snapshot`, { headers: (await credentialsFor(board, 'viewer')).headers });
  expect(response.status).toBe(200);
  const snapshot = (await response.json()) as LiveSnapshot;
  expect(snapshot.tickets, 'the snapshot has a ticket half').toBeDefined();
  return figuresOf(snapshot.tickets!);
}
