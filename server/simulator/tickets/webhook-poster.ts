import { abortableSleep, PermanentError, retry } from '../../resilience/retry';
import { retryAfterMs } from '../../resilience/retry-after';
import { Random } from '../random';
import type { WebhookDelivery } from './webhook-delivery';

/**
 * Sends the simulated desks' webhook deliveries over HTTP, the way real help
 * desks misbehave: some deliveries twice (same body, same signature, same event
 * id: a provider retrying after a lost answer), and some after the ticket's
 * next delivery (only a delivery whose effect that next one supersedes, so the
 * receiver is required to cope: it must drop the older update as stale).
 *
 * A ticket's deliveries otherwise go out one at a time, in order: a receiver
 * may rely on a ticket's updates arriving in order except where they are
 * deliberately reordered. Many tickets are in flight at once, up to
 * `concurrency`. A 429 is waited out as its Retry-After says, as often as
 * it comes: the receiver asked for exactly that, so it spends no attempt (a
 * sender that gave up on a busy receiver would lose the delivery). Network
 * errors, 408 and 5xx are retried with jittered exponential backoff up to
 * `maxAttempts`; other answers are final. The queue is bounded: `send` waits
 * for room.
 */

export interface WebhookPosterOptions {
  /** the board, e.g. http://127.0.0.1:3000 */
  baseUrl: string;
  /** requests in flight at most (one per ticket at a time); default 8 */
  concurrency?: number;
  /** deliveries accepted and not yet done, at most; `send` waits for room; default 2000 */
  maxQueued?: number;
  /** attempts per request before it counts as failed; default 6 */
  maxAttempts?: number;
  /** ceiling of the backoff before the 2nd attempt, doubling up to `backoffMaxMs` (full jitter); defaults 100 and 5000 */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  requestTimeoutMs?: number;
  /** a Retry-After longer than this is cut to it; default 60 s */
  maxRetryAfterMs?: number;
  /** share of deliveries sent twice; default 0.03 */
  duplicateShare?: number;
  /** share of all deliveries to send after their successor, as far as supersedable pairs allow; default 0.02 */
  reorderShare?: number;
  seed?: number;
  /** when an attempt is sent, for deliveries signed at sending (Zendesk's timestamp); default Date.now */
  clock?: () => number;
  /** told about every delivery given up on (after retries, or refused with a final answer) */
  onFailure?: (delivery: WebhookDelivery, reason: string) => void;
}

export interface PosterStats {
  /** deliveries acknowledged with 2xx (first sending) */
  delivered: number;
  /** re-deliveries acknowledged with 2xx */
  duplicates: number;
  /** deliveries sent after the ticket's next delivery */
  reordered: number;
  /** attempts repeated after a network error, 408 or 5xx */
  retries: number;
  /** waits asked for by a 429's Retry-After */
  throttled: number;
  /** requests given up on: out of attempts, or refused (4xx) */
  failed: number;
  /** accepted and not yet done (in flight included) */
  queued: number;
  /** the most ever queued at once (never above maxQueued) */
  maxQueuedSeen: number;
  /** the most requests ever in flight at once (never above concurrency) */
  maxInFlightSeen: number;
}

interface Planned {
  delivery: WebhookDelivery;
  duplicate: boolean;
  reordered: boolean;
}

type Outcome = { ok: true } | { ok: false; reason: string };

export class WebhookPoster {
  private readonly baseUrl: string;
  private readonly concurrency: number;
  private readonly maxQueued: number;
  private readonly maxAttempts: number;
  private readonly backoffBaseMs: number;
  private readonly backoffMaxMs: number;
  private readonly requestTimeoutMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly duplicateShare: number;
  private readonly reorderShare: number;
  /** decides re-deliveries and reorders: by seed and batch order, never by timing */
  private readonly random: Random;
  /** backoff jitter, apart so timing cannot change the decisions */
  private readonly jitter: Random;
  private readonly onFailure: WebhookPosterOptions['onFailure'];
  private readonly clock: () => number;
  private readonly abort = new AbortController();

  /** pending deliveries per ticket, in the order they go out */
  private readonly lanes = new Map<string, Planned[]>();
  /** tickets with pending deliveries and nothing in flight, oldest first */
  private readonly ready = new Set<string>();
  private readonly active = new Set<string>();
  private queued = 0;
  private planned = 0;
  private readonly counts = { delivered: 0, duplicates: 0, reordered: 0, retries: 0, throttled: 0, failed: 0, maxQueuedSeen: 0, maxInFlightSeen: 0 };
  private roomWaiters: (() => void)[] = [];
  private idleWaiters: (() => void)[] = [];
  private sending: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(options: WebhookPosterOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.concurrency = positiveInt(options.concurrency ?? 8, 'concurrency');
    this.maxQueued = positiveInt(options.maxQueued ?? 2000, 'maxQueued');
    this.maxAttempts = positiveInt(options.maxAttempts ?? 6, 'maxAttempts');
    this.backoffBaseMs = options.backoffBaseMs ?? 100;
    this.backoffMaxMs = options.backoffMaxMs ?? 5000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
    this.duplicateShare = share(options.duplicateShare ?? 0.03, 'duplicateShare');
    this.reorderShare = share(options.reorderShare ?? 0.02, 'reorderShare');
    this.random = new Random(options.seed ?? 1);
    this.jitter = new Random((options.seed ?? 1) ^ 0x5bd1e995);
    this.onFailure = options.onFailure;
    this.clock = options.clock ?? Date.now;
  }

  /**
   * Queues a batch of deliveries in true order, deciding here (deterministically,
   * by seed and order) which are re-delivered and which go after their
   * successor (only a superseded delivery whose successor is in the same batch).
   * Resolves once all are queued: it waits while the queue is full. Batches
   * are queued one after the other, never interleaved.
   */
  send(batch: readonly WebhookDelivery[]): Promise<void> {
    const queuedBatch = this.sending.then(() => this.queueAll(this.plan(batch)));
    this.sending = queuedBatch.catch(() => undefined);
    return queuedBatch;
  }

  /** Resolves when every queued delivery has been sent or given up on. */
  idle(): Promise<void> {
    return this.sending.then(() =>
      this.queued === 0 ? undefined : new Promise<void>((resolve) => this.idleWaiters.push(resolve)),
    );
  }

  stats(): PosterStats {
    return { ...this.counts, queued: this.queued };
  }

  /** Drops what is queued and aborts requests in flight; `send` and `idle` settle. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.abort.abort();
    for (const lane of this.lanes.values()) this.queued -= lane.length;
    this.lanes.clear();
    this.ready.clear();
    this.wake();
  }

  private plan(batch: readonly WebhookDelivery[]): Planned[] {
    const order: Planned[] = [];
    const held = new Map<string, Planned>();
    for (const delivery of batch) {
      this.planned++;
      const item: Planned = { delivery, duplicate: this.random.chance(this.duplicateShare), reordered: false };
      const waiting = held.get(delivery.ticketId);
      if (waiting) {
        held.delete(delivery.ticketId);
        waiting.reordered = true;
        this.counts.reordered++;
        order.push(item, waiting);
      } else if (delivery.supersededByNext && this.counts.reordered + held.size + 1 <= this.reorderShare * this.planned) {
        held.set(delivery.ticketId, item);
      } else {
        order.push(item);
      }
    }
    // Held with no successor in this batch: it goes out in its own place after all.
    for (const item of held.values()) order.push(item);
    return order;
  }

  private async queueAll(order: readonly Planned[]): Promise<void> {
    for (const item of order) {
      while (!this.closed && this.queued >= this.maxQueued) await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
      if (this.closed) return;
      const lane = this.lanes.get(item.delivery.ticketId);
      if (lane) lane.push(item);
      else this.lanes.set(item.delivery.ticketId, [item]);
      if (!this.active.has(item.delivery.ticketId)) this.ready.add(item.delivery.ticketId);
      this.queued++;
      this.counts.maxQueuedSeen = Math.max(this.counts.maxQueuedSeen, this.queued);
      this.pump();
    }
  }

  private pump(): void {
    while (!this.closed && this.active.size < this.concurrency && this.ready.size > 0) {
      const ticketId = this.ready.values().next().value!;
      this.ready.delete(ticketId);
      this.active.add(ticketId);
      this.counts.maxInFlightSeen = Math.max(this.counts.maxInFlightSeen, this.active.size);
      void this.runNext(ticketId);
    }
  }

  private async runNext(ticketId: string): Promise<void> {
    const lane = this.lanes.get(ticketId);
    const item = lane?.shift();
    if (item) await this.deliver(item);
    this.active.delete(ticketId);
    if (item) this.queued--;
    if (!this.closed) {
      if (lane && lane.length > 0) this.ready.add(ticketId);
      else this.lanes.delete(ticketId);
    }
    this.wake();
    this.pump();
  }

  private async deliver(item: Planned): Promise<void> {
    const first = await this.post(item.delivery);
    if (!first.ok) return this.fail(item.delivery, first.reason);
    this.counts.delivered++;
    if (!item.duplicate) return;
    const again = await this.post(item.delivery);
    if (again.ok) this.counts.duplicates++;
    else this.fail(item.delivery, `re-delivery: ${again.reason}`);
  }

  private fail(delivery: WebhookDelivery, reason: string): void {
    if (this.closed) return;
    this.counts.failed++;
    this.onFailure?.(delivery, reason);
  }

  /** One request, with retries. */
  private async post(delivery: WebhookDelivery): Promise<Outcome> {
    try {
      await retry(() => this.request(delivery), {
        initialDelayMs: this.backoffBaseMs,
        maxDelayMs: this.backoffMaxMs,
        maxAttempts: this.maxAttempts,
        random: () => this.jitter.next(),
        signal: this.abort.signal,
        onRetry: () => {
          this.counts.retries++;
        },
      });
      return { ok: true };
    } catch (error) {
      return { ok: false, reason: (error as Error).message };
    }
  }

  /**
   * One attempt, with the waits 429s ask for; throws with the reason, a
   * PermanentError for an answer that a retry cannot change.
   */
  private async request(delivery: WebhookDelivery): Promise<void> {
    for (;;) {
      let response: Response;
      let text: string;
      try {
        response = await fetch(`${this.baseUrl}${delivery.path}`, {
          method: 'POST',
          // A desk that signs the time of sending signs each attempt anew, as Zendesk does.
          headers: delivery.headersAt ? { ...delivery.headers, ...delivery.headersAt(this.clock()) } : delivery.headers,
          body: delivery.body,
          signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.requestTimeoutMs)]),
        });
        text = await response.text();
      } catch (error) {
        throw new Error(`network: ${(error as Error).message}`);
      }
      if (response.ok) return;
      if (response.status === 429) {
        this.counts.throttled++;
        await abortableSleep(retryAfterMs(response.headers.get('retry-after'), Date.now(), this.maxRetryAfterMs), this.abort.signal);
        continue;
      }
      const reason = `HTTP ${response.status}: ${text.slice(0, 300)}`;
      throw isRetryable(response.status) ? new Error(reason) : new PermanentError(reason);
    }
  }

  private wake(): void {
    const room = this.roomWaiters;
    this.roomWaiters = [];
    for (const resolve of room) resolve();
    if (this.queued === 0 || this.closed) {
      const idle = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of idle) resolve();
    }
  }
}

function isRetryable(status: number): boolean {
  return status === 408 || status >= 500;
}

function positiveInt(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a whole number >= 1, got ${value}`);
  return value;
}

function share(value: number, name: string): number {
  if (!(value >= 0 && value <= 1)) throw new RangeError(`${name} must be in [0, 1], got ${value}`);
  return value;
}
