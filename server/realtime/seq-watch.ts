/**
 * Polls the live store's change counter and calls `onChange` when it moved.
 * Only the reader node hears of its own applies; the others learn of them here,
 * so every node's boards follow the store within a poll (one GET per poll).
 * One read at a time: a slow store is not asked again before it answers.
 */
export class SeqWatch {
  private timer: NodeJS.Timeout | null = null;
  private reading = false;
  private last: number | null = null;

  constructor(
    private readonly readSeq: () => Promise<number>,
    private readonly onChange: () => void,
    private readonly pollMs: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.poll(), this.pollMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async poll(): Promise<void> {
    if (this.reading) return;
    this.reading = true;
    try {
      const seq = await this.readSeq();
      // the first read counts as a change: the store may have moved between the last build and it
      if (seq !== this.last) this.onChange();
      this.last = seq;
    } catch {
      // the store is down: the broadcaster's own refresh reports it, rate-limited
    } finally {
      this.reading = false;
    }
  }
}
