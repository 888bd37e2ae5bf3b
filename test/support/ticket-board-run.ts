import { expect } from 'vitest';
import type { LiveSnapshot } from '../../shared/snapshot';
import type { TicketSnapshot } from '../../shared/ticket-snapshot';
import type { DeskApiConfig, WallboardConfig } from '../../server/config/env-config';
import { QueueSettingsBook } from '../../server/config/queue-settings';
import type { SlaPolicies } from '../../server/domain/sla/sla-policy';
import { CLOCK_WINDOW_SEC_RANGE, webhookConfigSchema } from '../../server/ingest/webhooks/webhook-config';
import { createLogger } from '../../server/observability/logger';
import type { SimulatorConfig } from '../../server/simulator/simulator-config';
import { simulatedDeskWebhookConfig, type DeskSecrets } from '../../server/simulator/tickets/simulated-desk';
import { TicketGenerator } from '../../server/simulator/tickets/ticket-generator';
import { sortEscalations, sortMatrix, TicketLedger, type TicketFigures } from '../../server/simulator/tickets/ticket-ledger';
import type { TicketChange } from '../../server/simulator/tickets/ticket-change';
import { TicketModel } from '../../server/simulator/tickets/ticket-model';
import { ticketObservation } from '../../server/simulator/tickets/truth-events';
import type { WebhookDelivery } from '../../server/simulator/tickets/webhook-delivery';
import { ticketModelConfigForCallSite } from '../../server/simulator/tickets/ticket-model-config';
import { WebhookPoster } from '../../server/simulator/tickets/webhook-poster';
import type { LiveStore } from '../../server/store/live-store';
import { credentialsFor } from './test-credentials';
import { startWallboard, type RunningWallboard } from '../../server/wallboard';
import { bookInDeskApi, type FakeDeskApi } from './fake-desk-api';

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

/**
 * Desks whose webhooks do not all reach the board, with the REST API that
 * heals them: each change is booked in the fake API (as its ticket now
 * stands) and, as the board hears it, in the ledger (ledger.hear); `lost`
 * says which deliveries never arrive (the desk gave up, or no board was
 * listening yet).
 */
export class LossyDesks {
  readonly ledger: TicketLedger;
  private readonly latest = new Map<string, TicketChange>();
  private readonly lostDeliveries = new Set<string>();
  lostCount = 0;

  constructor(
    readonly api: FakeDeskApi,
    policies: SlaPolicies,
    timeZone: string,
    private readonly lost: (change: TicketChange) => boolean,
  ) {
    this.ledger = new TicketLedger(policies, timeZone);
  }

  /** Books a released change; a lost one is remembered so its delivery is not sent. */
  record(change: TicketChange): void {
    const lost = this.lost(change);
    if (lost) {
      this.lostDeliveries.add(deliveryKey(change.ticket.id, change.at));
      this.lostCount += 1;
    }
    this.ledger.hear(change, !lost);
    bookInDeskApi(this.api, change);
    if (change.ticket.desk !== 'generic') this.latest.set(change.ticket.id, change);
  }

  /** The poster's side: only the deliveries that are not lost. */
  delivered(deliveries: readonly WebhookDelivery[]): WebhookDelivery[] {
    return deliveries.filter((delivery) => !this.lostDeliveries.delete(deliveryKey(delivery.ticketId, delivery.at)));
  }

  /** Has the board read the desks' APIs and books in the ledger what that read shows: every API ticket as it now stands. */
  async reconcile(board: RunningWallboard): Promise<void> {
    const reports = await board.deskSync!.runOnce();
    expect(reports?.map((report) => report.error), 'a full read of both desks').toEqual([null, null]);
    this.ledger.observe([...this.latest.values()].map((change) => ticketObservation(change, `api-${change.id}`)));
  }
}

function deliveryKey(ticketId: string, at: number): string {
  return `${ticketId}@${at}`;
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
  /** the model to go on with (one that ran before the board started); default: a new one from the time */
  model?: TicketModel;
  /** deliveries that never arrive and the API that heals them; default: every delivery arrives */
  lossy?: LossyDesks;
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
    clock: time.clock,
    onFailure: (delivery, reason) => failures.push(`${delivery.path} ${delivery.ticketId}: ${reason}`),
  });
  const model = options.model ?? new TicketModel(ticketModelConfigForCallSite(options.site, { seed }), time.now);
  const { lossy } = options;
  const ledger = lossy?.ledger ?? new TicketLedger(options.policies, options.site.timeZone);
  const generator = new TicketGenerator({
    model,
    poster: lossy ? { send: (deliveries) => poster.send(lossy.delivered(deliveries)) } : poster,
    secrets: options.secrets,
    clock: time.clock,
    ledger: lossy ?? ledger,
    batchSize: 2000,
  });
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
  /** the desks' REST APIs to backfill and reconcile from */
  deskApis?: DeskApiConfig;
  /** the simulated clock */
  clock: () => number;
  store: LiveStore;
  policies: SlaPolicies;
  secrets: DeskSecrets;
}

/**
 * The simulated clock moves on in 10-minute steps while requests are in
 * flight, so a Zendesk delivery signed when sent may be read a step or more
 * later: the replay window is as wide as allowed here (the window itself is
 * tested in the unit tests).
 */
const SIMULATED_REPLAY_WINDOW_SEC = CLOCK_WINDOW_SEC_RANGE.max;

/** A wallboard without a PBX that takes the simulated desks' webhooks. */
export function startTicketBoard(options: TicketBoardOptions): Promise<RunningWallboard> {
  const desks = simulatedDeskWebhookConfig(options.secrets);
  return startWallboard({
    config: options.config,
    ami: null,
    logger: createLogger('silent'),
    clock: options.clock,
    store: options.store,
    queueSettings: QueueSettingsBook.parse({ queues: {} }),
    clientDir: '/nonexistent',
    tickets: {
      policies: options.policies,
      webhooks: webhookConfigSchema.parse({ ...desks, zendesk: { ...desks.zendesk!, replayWindowSec: SIMULATED_REPLAY_WINDOW_SEC } }),
      slaTargetPct: 90,
      deskApis: options.deskApis,
    },
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
