import type { DeskSecrets } from './simulated-desk';
import type { TicketLedger } from './ticket-ledger';
import type { TicketModel } from './ticket-model';
import { encodeDelivery } from './webhook-delivery';
import type { WebhookPoster } from './webhook-poster';

export interface TicketGeneratorOptions {
  model: TicketModel;
  /** where the deliveries go: a WebhookPoster */
  poster: Pick<WebhookPoster, 'send'>;
  secrets: DeskSecrets;
  /** simulated time, epoch ms: the call simulator's clock in the demo, the test's in tests */
  clock: () => number;
  /** books the truth of every change released (before it is handed to the poster); none in the demo (it would grow without end) */
  ledger?: Pick<TicketLedger, 'record'>;
  /** most changes released and handed to the poster at once; default 500 */
  batchSize?: number;
  /** a paced step that failed (the poster itself never throws; this is for bugs) */
  onError?: (error: unknown) => void;
}

/**
 * Drives the ticket model with a clock and hands each change, encoded and
 * signed for its desk, to the poster. Two ways to run:
 * - accelerated (tests): move the clock, `await catchUp()`, then
 *   `await poster.idle()`; the ledger then holds the truth up to the clock.
 * - paced (demo): `startPaced()` catches up every `tickMs` of wall time, so
 *   tickets follow whatever the clock does (real time, or the call simulator's
 *   fast replay of the day so far).
 */
export class TicketGenerator {
  private readonly batchSize: number;
  private running: Promise<void> = Promise.resolve();
  private busy = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: TicketGeneratorOptions) {
    this.batchSize = options.batchSize ?? 500;
  }

  /**
   * Releases every change due by the clock's current time, books it and queues
   * its delivery (waiting while the poster's queue is full). Calls run one
   * after the other.
   */
  catchUp(): Promise<void> {
    const step = this.running.then(() => this.releaseUpTo(this.options.clock()));
    this.running = step.catch(() => undefined);
    return step;
  }

  startPaced(tickMs = 250): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      // A tick while the previous one still waits for the poster would only queue behind it.
      if (this.busy) return;
      this.busy = true;
      this.catchUp()
        .catch((error: unknown) => this.options.onError?.(error))
        .finally(() => (this.busy = false));
    }, tickMs);
  }

  /** Stops pacing; resolves when the step under way has queued its deliveries. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private async releaseUpTo(target: number): Promise<void> {
    const { model, ledger, poster, secrets } = this.options;
    for (;;) {
      const changes = model.advanceTo(target, this.batchSize);
      if (changes.length === 0) return;
      for (const change of changes) ledger?.record(change);
      const sentAt = this.options.clock();
      await poster.send(changes.map((change) => encodeDelivery(change, secrets, sentAt)));
      if (changes.length < this.batchSize) return;
    }
  }
}
