import type { SlaPolicies } from '../domain/sla/sla-policy';
import { reduceTicket } from '../domain/sla/ticket-sla';
import type { TicketState } from '../domain/sla/ticket-state';
import type { TicketEvent } from '../domain/ticket-events';
import { ticketFactOps, ticketFacts } from '../domain/tickets/ticket-counters';
import { eventKey, isOpenStatus, ticketKey, type TicketOp } from '../domain/tickets/ticket-ops';
import { ticketRowOf } from '../domain/tickets/ticket-row';
import type { Logger } from '../observability/logger';
import type { WallboardMetrics } from '../observability/metrics';
import { DEFAULT_TICKET_RETENTION } from '../store/ticket-retention';
import type { TicketLiveStore } from '../store/ticket-live-store';

export interface TicketAggregatorOptions {
  store: TicketLiveStore;
  site: string;
  /** the site's zone: counters count per site day */
  timeZone: string;
  policies: SlaPolicies;
  logger: Logger;
  metrics: WallboardMetrics;
  /** wall clock (epoch ms): stamps recorded event ids */
  clock?: () => number;
  /** called after each batch lands in the store, with the site's new sequence number */
  onApplied?: (seq: number) => void;
  /** the tickets a batch changed, as they now stand, once the batch is in the store (for history) */
  onHistory?: (tickets: TicketState[]) => void;
  /** how far back a recorded event id makes a delivery a repeat; the store's retention (default 7 days) */
  eventIdsMs?: number;
  /** deliveries waiting beyond this are refused at once (TicketBacklogFull) instead of queueing */
  maxPending?: number;
}

/** What became of one delivery's events; the webhook's 200 reply. */
export interface TicketDeliveryOutcome {
  /** applied to their ticket */
  accepted: number;
  /** event ids seen before (a re-delivery): nothing changed */
  duplicates: number;
  /** older than what the ticket already holds (isNewer): not applied, so nothing rolled back */
  stale: number;
  /** for a ticket never created (or forgotten since it was solved), or a second creation */
  ignored: number;
}

/** Too many deliveries are waiting for the store; the sender should retry later. */
export class TicketBacklogFull extends Error {
  constructor(pending: number) {
    super(`${pending} ticket deliveries are waiting for the live store`);
    this.name = 'TicketBacklogFull';
  }
}

interface Delivery {
  events: readonly TicketEvent[];
  resolve(outcome: TicketDeliveryOutcome): void;
  reject(error: unknown): void;
}

/**
 * Feeds webhook deliveries through the ticket SLA reducer into the live store,
 * one site, one batch at a time (like LiveAggregator for calls).
 *
 * Deliveries that arrive while a batch is written form the next batch. For a
 * batch, one read asks the store which event ids it has seen and for the
 * tickets the mirror lacks (solved ones, or ones dropped after a failure); the
 * events are reduced in arrival order, and everything they change (ticket
 * states, board rows, event ids, counters) goes to the store in one apply.
 * Each delivery's promise settles only after that apply: a 200 means the events
 * are in the store, and a failure means they are not, or are and will be seen
 * as repeats when the sender retries.
 *
 * `mirror` holds the open tickets' states, loaded on start. It is the only
 * writer's copy: one process per site takes the site's webhooks.
 */
export class TicketAggregator {
  private readonly mirror = new Map<string, TicketState>();
  private queue: Delivery[] = [];
  private flushing: Promise<void> | null = null;
  private readonly clock: () => number;
  private readonly eventIdsMs: number;
  private readonly maxPending: number;

  constructor(private readonly options: TicketAggregatorOptions) {
    this.clock = options.clock ?? Date.now;
    this.eventIdsMs = options.eventIdsMs ?? DEFAULT_TICKET_RETENTION.eventIdsMs;
    this.maxPending = options.maxPending ?? 10_000;
  }

  /**
   * Loads the open tickets and rewrites their board rows: the at-risk instants
   * in a row follow the policies, which may have changed since the last run.
   */
  async init(): Promise<void> {
    const { store, site, policies } = this.options;
    const open = await store.readOpenTickets(site);
    this.mirror.clear();
    for (const state of open) this.mirror.set(ticketKey(state), state);
    if (open.length > 0) {
      await store.applyTickets(
        site,
        open.map((state) => ({ op: 'ticket.open', state, row: ticketRowOf(state, policies) })),
        this.clock(),
      );
    }
  }

  /** Resolves once the delivery's events are in the store. */
  submit(events: readonly TicketEvent[]): Promise<TicketDeliveryOutcome> {
    if (this.queue.length >= this.maxPending) return Promise.reject(new TicketBacklogFull(this.queue.length));
    return new Promise((resolve, reject) => {
      this.queue.push({ events, resolve, reject });
      if (!this.flushing) this.flushing = this.drain();
    });
  }

  /** Resolves when every delivery submitted so far has settled. */
  async settled(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private async drain(): Promise<void> {
    // Let the deliveries of the same moment join one batch.
    await new Promise<void>((resolve) => setImmediate(resolve));
    try {
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        await this.applyBatch(batch);
      }
    } finally {
      this.flushing = null;
    }
  }

  private async applyBatch(batch: Delivery[]): Promise<void> {
    const { store, site, policies, metrics } = this.options;
    const events = batch.flatMap((delivery) => delivery.events);
    const touched = [...new Set(events.map(ticketKey))];
    const now = this.clock();
    try {
      const lookup = await store.lookUpTickets(site, {
        eventKeys: [...new Set(events.map(eventKey))],
        ticketKeys: touched.filter((key) => !this.mirror.has(key)),
        seenSince: now - this.eventIdsMs,
      });
      const working = new Map<string, TicketState>(lookup.tickets);
      for (const key of touched) {
        const mirrored = this.mirror.get(key);
        if (mirrored) working.set(key, mirrored);
      }
      const seen = lookup.seenEventKeys;
      const changed = new Set<string>();
      const ops: TicketOp[] = [];
      const outcomes = batch.map((delivery) => {
        const outcome: TicketDeliveryOutcome = { accepted: 0, duplicates: 0, stale: 0, ignored: 0 };
        for (const event of delivery.events) {
          const idKey = eventKey(event);
          if (seen.has(idKey)) {
            outcome.duplicates += 1;
            continue;
          }
          seen.add(idKey);
          ops.push({ op: 'ticketEvent.seen', eventKey: idKey });
          const key = ticketKey(event);
          const before = working.get(key);
          const { state: after, effects } = reduceTicket(before, event, policies);
          const ignored = effects.find((effect) => effect.type === 'eventIgnored');
          if (ignored || !after) {
            if (ignored?.reason === 'stale') outcome.stale += 1;
            else outcome.ignored += 1;
            continue;
          }
          working.set(key, after);
          changed.add(key);
          ops.push(...ticketFactOps(after, ticketFacts(before, after, event, effects), this.options.timeZone));
          outcome.accepted += 1;
        }
        return outcome;
      });
      for (const key of changed) {
        const state = working.get(key) as TicketState;
        ops.push(isOpenStatus(state.status) ? { op: 'ticket.open', state, row: ticketRowOf(state, policies) } : { op: 'ticket.done', state });
      }

      // Nothing new (every event a repeat): nothing to write, and the board's seq stays.
      const seq = ops.length > 0 ? await store.applyTickets(site, ops, now) : null;
      for (const key of changed) {
        const state = working.get(key) as TicketState;
        if (isOpenStatus(state.status)) this.mirror.set(key, state);
        else this.mirror.delete(key);
      }
      for (const outcome of outcomes) {
        for (const kind of ['accepted', 'duplicates', 'stale', 'ignored'] as const) {
          if (outcome[kind] > 0) metrics.ticketEvents.inc({ outcome: kind }, outcome[kind]);
        }
      }
      batch.forEach((delivery, i) => delivery.resolve(outcomes[i] as TicketDeliveryOutcome));
      if (seq !== null) this.options.onApplied?.(seq);
      if (changed.size > 0) this.options.onHistory?.([...changed].map((key) => working.get(key) as TicketState));
    } catch (error) {
      // The apply may have landed with only its reply lost: read these tickets
      // from the store next time instead of trusting the mirror.
      for (const key of touched) this.mirror.delete(key);
      metrics.storeApplyFailures.inc();
      this.options.logger.warn({ err: error, deliveries: batch.length }, 'ticket batch not applied, the senders will retry');
      for (const delivery of batch) delivery.reject(error);
    }
  }
}
