/** Ends a subscription to the store's change counter. */
export type SeqUnsubscribe = () => Promise<void>;

export interface SeqWatchOptions {
  readSeq: () => Promise<number>;
  onChange: () => void;
  pollMs: number;
  /**
   * Pushes of the store's new seq after each apply (Redis pub/sub): a change
   * reaches this node in one hop instead of up to a poll later. While
   * subscribed, the poll only backs it up, at subscribedPollMs.
   */
  subscribe?: (onSeq: (seq: number) => void) => Promise<SeqUnsubscribe>;
  subscribedPollMs?: number;
}

/**
 * A pushed message can be lost (the subscriber's connection dropped and came
 * back): a slow poll still finds the change, as does the broadcaster's refresh.
 */
const DEFAULT_SUBSCRIBED_POLL_MS = 1000;

/**
 * Follows the live store's change counter and calls `onChange` when it moved.
 * Only the reader node hears of its own applies; the others learn of them here,
 * so every node's boards follow the store: pushed by the store when it can
 * (`subscribe`), else within a poll (one GET per poll). One read at a time: a
 * slow store is not asked again before it answers.
 */
export class SeqWatch {
  private timer: NodeJS.Timeout | null = null;
  private reading = false;
  private last: number | null = null;
  private unsubscribe: SeqUnsubscribe | null = null;
  private stopped = false;

  constructor(private readonly options: SeqWatchOptions) {}

  start(): void {
    this.stopped = false;
    this.poll(this.options.pollMs);
    if (this.options.subscribe) void this.subscribe(this.options.subscribe);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const unsubscribe = this.unsubscribe;
    this.unsubscribe = null;
    void unsubscribe?.().catch(() => undefined);
  }

  private poll(everyMs: number): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = setInterval(() => void this.read(), everyMs);
  }

  private async subscribe(subscribe: NonNullable<SeqWatchOptions['subscribe']>): Promise<void> {
    let unsubscribe: SeqUnsubscribe;
    try {
      unsubscribe = await subscribe((seq) => this.seen(seq));
    } catch {
      // no pub/sub (the store is down at start, or refuses SUBSCRIBE): the fast poll goes on
      return;
    }
    if (this.stopped) {
      await unsubscribe().catch(() => undefined);
      return;
    }
    this.unsubscribe = unsubscribe;
    this.poll(this.options.subscribedPollMs ?? DEFAULT_SUBSCRIBED_POLL_MS);
  }

  private seen(seq: number): void {
    if (this.stopped || seq === this.last) return;
    this.last = seq;
    this.options.onChange();
  }

  private async read(): Promise<void> {
    if (this.reading) return;
    this.reading = true;
    try {
      const seq = await this.options.readSeq();
      // the first read counts as a change (last is null): the store may have moved between the last build and it
      this.seen(seq);
    } catch {
      // the store is down: the broadcaster's own refresh reports it, rate-limited
    } finally {
      this.reading = false;
    }
  }
}
