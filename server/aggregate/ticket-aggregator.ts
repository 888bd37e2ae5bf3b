import type { SlaPolicies } from '../domain/sla/sla-policy';
import type { TicketState } from '../domain/sla/ticket-state';
import type { TicketEvent } from '../domain/ticket-events';
import { eventKey, ticketKey } from '../domain/tickets/ticket-ops';
import { ticketRowOf } from '../domain/tickets/ticket-row';
import type { Logger } from '../observability/logger';
import type { WallboardMetrics } from '../observability/metrics';
import { DeadLetters } from '../resilience/dead-letters';
import { classifyStoreError } from '../resilience/error-class';
import { DEFAULT_TICKET_RETENTION } from '../store/ticket-retention';
import type { DeadLetterStore } from '../store/dead-letter-store';
import type { TicketLiveStore } from '../store/ticket-live-store';
import { reduceTicketChange } from './reduce-ticket-change';

export interface TicketAggregatorOptions {
  store: TicketLiveStore & DeadLetterStore;
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
  /** where a delivery the store refuses for good is set aside; default: the store's list, counted on metrics */
  deadLetters?: DeadLetters;
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
  /**
   * Only when the store refused the delivery for good (a permanent error,
   * error-class.ts): its events, set aside whole as a dead letter; none is
   * counted above (those of its tickets written before the refusal are in the
   * store, and a replay of the letter finds them as repeats).
   */
  deadLettered?: number;
}

/** Too many deliveries are waiting for the store; the sender should retry later. */
export class TicketBacklogFull extends Error {
  constructor(pending: number) {
    super(`${pending} ticket deliveries are waiting for the live store`);
    this.name = 'TicketBacklogFull';
  }
}

/** The tickets of a batch kept changing under it on other nodes; the sender should retry. */
export class TicketContention extends Error {
  constructor(tickets: number, attempts: number) {
    super(`${tickets} tickets changed under every one of ${attempts} attempts`);
    this.name = 'TicketContention';
  }
}

/** Reads and compare-and-sets of one batch before its deliveries are failed as contended. */
const MAX_ATTEMPTS = 8;

interface Delivery {
  events: readonly TicketEvent[];
  resolve(outcome: TicketDeliveryOutcome): void;
  reject(error: unknown): void;
}

/** A batch's events, grouped for the store. */
interface BatchPlan {
  /** ticketKey -> the first occurrence of each of its event ids in the batch, in arrival order */
  byTicket: Map<string, { delivery: number; event: TicketEvent }[]>;
  /** per delivery: the tickets its events wait for (a repeat within the batch waits for its first occurrence's) */
  waitsFor: Set<string>[];
  outcomes: TicketDeliveryOutcome[];
}

/** How far a batch got into the store. */
interface WrittenTickets {
  /** tickets whose events are all in the store */
  settled: Set<string>;
  /** the tickets the batch changed, as they now stand */
  changed: TicketState[];
  /** the site's seq after the last apply that wrote; null when none wrote */
  seq: number | null;
  /** why some tickets are not settled */
  failure: unknown;
}

/**
 * Feeds webhook deliveries through the ticket SLA reducer into the live store,
 * one site, one batch at a time (like LiveAggregator for calls). Any number of
 * processes may run one for the same site, each taking any deliveries.
 *
 * Deliveries that arrive while a batch is written form the next batch. The
 * process keeps no tickets: for a batch, one read gets the touched tickets as
 * the store holds them (with their revisions) and which event ids it has
 * recorded; each ticket's events are reduced in arrival order into one change
 * (record, board row, event ids, counters); one compare-and-set apply writes
 * every change whose ticket nobody wrote meanwhile and whose events nobody
 * took. The tickets refused are read and reduced again, up to MAX_ATTEMPTS:
 * a refusal means another writer got there, so some write always progresses.
 * A delivery's promise settles once its tickets are settled: a 200 means its
 * events are in the store, and a failure means they are not, or are and will
 * be seen as repeats when the sender retries. A batch the store refuses for
 * good is tried again one delivery at a time, so a poison delivery fails
 * alone; one refused for good on its own is a dead letter, and resolves as
 * such (a retry by the sender could only fail the same way).
 */
export class TicketAggregator {
  private queue: Delivery[] = [];
  private flushing: Promise<void> | null = null;
  private readonly clock: () => number;
  private readonly eventIdsMs: number;
  private readonly maxPending: number;
  private readonly deadLetters: DeadLetters;

  constructor(private readonly options: TicketAggregatorOptions) {
    this.clock = options.clock ?? Date.now;
    const { store, site, logger, metrics } = options;
    this.deadLetters = options.deadLetters ?? new DeadLetters({ store, site, logger, metrics });
    this.eventIdsMs = options.eventIdsMs ?? DEFAULT_TICKET_RETENTION.eventIdsMs;
    this.maxPending = options.maxPending ?? 10_000;
  }

  /**
   * Rewrites the open tickets' board rows: the at-risk instants in a row follow
   * the policies, which may have changed since the last run. A ticket written
   * meanwhile by another node is left to that write, which put a row too.
   */
  async init(): Promise<void> {
    const { store, site, policies } = this.options;
    const open = await store.readOpenTickets(site);
    if (open.length === 0) return;
    const now = this.clock();
    await store.applyTicketChanges(site, {
      changes: open.map(({ state, revision }) => ({
        ticketKey: ticketKey(state),
        revision,
        ops: [{ op: 'ticket.open', state, row: ticketRowOf(state, policies) }],
      })),
      now,
      seenSince: now - this.eventIdsMs,
    });
  }

  /** Resolves once the delivery's events are in the store, or set aside as a dead letter. */
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
    const plan = planBatch(batch);
    const written = await this.writeTickets(plan);
    const failed = batch.filter((delivery, i) => {
      if (![...plan.waitsFor[i]!].every((key) => written.settled.has(key))) return true;
      const outcome = plan.outcomes[i]!;
      for (const kind of OUTCOME_KINDS) if (outcome[kind] > 0) this.options.metrics.ticketEvents.inc({ outcome: kind }, outcome[kind]);
      delivery.resolve(outcome);
      return false;
    });
    if (written.seq !== null) this.options.onApplied?.(written.seq);
    if (written.changed.length > 0) this.options.onHistory?.(written.changed);
    if (failed.length === 0) return;
    if (classifyStoreError(written.failure) === 'transient') {
      this.options.logger.warn({ err: written.failure, deliveries: failed.length }, 'ticket deliveries not applied, the senders will retry');
      for (const delivery of failed) delivery.reject(written.failure);
    } else if (batch.length > 1) {
      // Which delivery is the poison is not known: each goes alone, so the others are not failed with it.
      for (const delivery of failed) await this.applyBatch([delivery]);
    } else {
      await this.deadLetters.record('tickets', failed[0]!.events, written.failure);
      failed[0]!.resolve({ accepted: 0, duplicates: 0, stale: 0, ignored: 0, deadLettered: failed[0]!.events.length });
    }
  }

  /**
   * Reads, reduces and compare-and-sets the batch's tickets until each is
   * settled (its events written, or all repeats) or the attempts run out;
   * counts each settled event's outcome into its delivery's.
   */
  private async writeTickets(plan: BatchPlan): Promise<WrittenTickets> {
    const { store, site, policies, timeZone } = this.options;
    const now = this.clock();
    const seenSince = now - this.eventIdsMs;
    const written: WrittenTickets = { settled: new Set(), changed: [], seq: null, failure: null };
    let pending = [...plan.byTicket.keys()];
    try {
      for (let attempt = 1; pending.length > 0 && attempt <= MAX_ATTEMPTS; attempt++) {
        const lookup = await store.lookUpTickets(site, {
          eventKeys: pending.flatMap((key) => plan.byTicket.get(key)!.map(({ event }) => eventKey(event))),
          ticketKeys: pending,
          seenSince,
        });
        const reduced = pending.map((key) => {
          const events = plan.byTicket.get(key)!.map(({ event }) => event);
          return { key, ...reduceTicketChange(key, events, lookup, policies, timeZone) };
        });
        const writes = reduced.filter((ticket) => ticket.change !== null);
        const result =
          writes.length > 0 ? await store.applyTicketChanges(site, { changes: writes.map((ticket) => ticket.change!), now, seenSince }) : null;
        if (result?.applied.includes(true)) written.seq = result.seq;
        const refused = new Set(writes.filter((_, i) => !result!.applied[i]).map((ticket) => ticket.key));
        pending = [];
        for (const ticket of reduced) {
          if (refused.has(ticket.key)) {
            pending.push(ticket.key);
            continue;
          }
          written.settled.add(ticket.key);
          if (ticket.changed) written.changed.push(ticket.changed);
          plan.byTicket.get(ticket.key)!.forEach(({ delivery }, i) => (plan.outcomes[delivery]![ticket.outcomes[i]!] += 1));
        }
      }
      if (pending.length > 0) written.failure = new TicketContention(pending.length, MAX_ATTEMPTS);
    } catch (error) {
      // An apply may have landed with only its reply lost: the retry finds its event ids recorded.
      written.failure = error;
      this.options.metrics.storeApplyFailures.inc();
    }
    return written;
  }
}

const OUTCOME_KINDS = ['accepted', 'duplicates', 'stale', 'ignored'] as const;

/** Groups a batch's events by ticket; a repeat of an event id within the batch is a duplicate at once. */
function planBatch(batch: readonly Delivery[]): BatchPlan {
  const plan: BatchPlan = {
    byTicket: new Map(),
    waitsFor: batch.map(() => new Set()),
    outcomes: batch.map(() => ({ accepted: 0, duplicates: 0, stale: 0, ignored: 0 })),
  };
  /** eventKey -> ticketKey of its first occurrence */
  const firstSeen = new Map<string, string>();
  batch.forEach((delivery, i) => {
    for (const event of delivery.events) {
      const idKey = eventKey(event);
      const owner = firstSeen.get(idKey);
      if (owner !== undefined) {
        plan.outcomes[i]!.duplicates += 1;
        plan.waitsFor[i]!.add(owner);
        continue;
      }
      const key = ticketKey(event);
      firstSeen.set(idKey, key);
      plan.waitsFor[i]!.add(key);
      const events = plan.byTicket.get(key);
      if (events) events.push({ delivery: i, event });
      else plan.byTicket.set(key, [{ delivery: i, event }]);
    }
  });
  return plan;
}
