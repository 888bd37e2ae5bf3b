/**
 * A point in time that every step of a shutdown shares: each step waits for
 * its work at most until then, and the work left running is given up (the
 * process exits after the last step).
 */
export class Deadline {
  private readonly end: number;

  constructor(
    timeoutMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.end = now() + timeoutMs;
  }

  /** ms left, 0 once passed */
  remaining(): number {
    return Math.max(0, this.end - this.now());
  }

  /**
   * Waits for `work` at most `ms` (default: until the deadline). True when it
   * settled in time, fulfilled or rejected (its error is the step's to report);
   * false when the time ran out. Never rejects.
   */
  async wait(work: Promise<unknown>, ms = this.remaining()): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const settled = work.then(
      () => true,
      () => true,
    );
    const expired = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), Math.max(0, ms));
    });
    try {
      return await Promise.race([settled, expired]);
    } finally {
      clearTimeout(timer);
    }
  }
}
