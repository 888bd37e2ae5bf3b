export interface SkippedEntry {
  key: string;
  field: string;
  reason: string;
}

/** Entries a read skipped because they were not what this store writes: counted, and told to whoever asked. */
export class SkippedEntries {
  private count = 0;

  constructor(private readonly onSkippedEntry: ((entry: SkippedEntry) => void) | undefined) {}

  get total(): number {
    return this.count;
  }

  skip(key: string, field: string, reason: string): void {
    this.count += 1;
    this.onSkippedEntry?.({ key, field, reason });
  }

  /** A stored sequence number or version: 0 when the key is missing or holds something else (then skipped). */
  seq(key: string, raw: unknown): number {
    if (raw === null) return 0;
    const seq = Number(raw);
    if (Number.isSafeInteger(seq) && seq >= 0) return seq;
    this.skip(key, '', 'not a sequence number');
    return 0;
  }
}
