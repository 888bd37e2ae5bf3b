/**
 * The future-event list of the discrete-event model: a binary min-heap ordered
 * by time, then by insertion, so events scheduled for the same millisecond run
 * in the order they were scheduled (runs stay reproducible).
 */
interface Entry<T> {
  at: number;
  seq: number;
  item: T;
}

export class EventHeap<T> {
  private readonly entries: Entry<T>[] = [];
  private seq = 0;

  push(at: number, item: T): void {
    this.entries.push({ at, seq: this.seq++, item });
    this.up(this.entries.length - 1);
  }

  /** Time of the earliest event, Infinity when empty. */
  peekTime(): number {
    return this.entries[0]?.at ?? Infinity;
  }

  pop(): { at: number; item: T } | undefined {
    const top = this.entries[0];
    if (!top) return undefined;
    const last = this.entries.pop()!;
    if (this.entries.length > 0) {
      this.entries[0] = last;
      this.down(0);
    }
    return { at: top.at, item: top.item };
  }

  private before(a: Entry<T>, b: Entry<T>): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private up(index: number): void {
    const entries = this.entries;
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(entries[i]!, entries[parent]!)) break;
      [entries[i], entries[parent]] = [entries[parent]!, entries[i]!];
      i = parent;
    }
  }

  private down(index: number): void {
    const entries = this.entries;
    let i = index;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < entries.length && this.before(entries[left]!, entries[smallest]!)) smallest = left;
      if (right < entries.length && this.before(entries[right]!, entries[smallest]!)) smallest = right;
      if (smallest === i) return;
      [entries[i], entries[smallest]] = [entries[smallest]!, entries[i]!];
      i = smallest;
    }
  }
}
