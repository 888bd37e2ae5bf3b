/**
 * The intervals an import owes a rollup, while its chunk writes and its
 * rollups run side by side on two connections (bulk-history-writer.ts).
 *
 * An interval is owed from when a chunk write touching it starts. It is due
 * for a rollup once no write touching it is still uncommitted: a rollup
 * running beside such a write would not see its rows. A rollup pays off only
 * what was owed when it started: a write that starts touching an interval
 * meanwhile (its rows may be invisible to the rollup's snapshot) leaves the
 * interval owed.
 */
export class OwedIntervals {
  /** each owed interval, with the number of the last write that touched it */
  private readonly owed = new Map<number, number>();
  /** intervals touched by uncommitted writes, and how many */
  private readonly writing = new Map<number, number>();
  private writes = 0;

  /** A write touching `intervals` starts. */
  startWrite(intervals: readonly number[]): void {
    const write = ++this.writes;
    for (const start of intervals) {
      this.owed.set(start, write);
      this.writing.set(start, (this.writing.get(start) ?? 0) + 1);
    }
  }

  /** That write committed, or failed. */
  endWrite(intervals: readonly number[]): void {
    for (const start of intervals) {
      const left = (this.writing.get(start) ?? 1) - 1;
      if (left > 0) this.writing.set(start, left);
      else this.writing.delete(start);
    }
  }

  /** The owed intervals before `before` that no uncommitted write touches, in time order: what a rollup starting now may pay off. */
  due(before: number): DueIntervals {
    const due = new Map<number, number>();
    for (const [start, write] of this.owed) if (start < before && !this.writing.has(start)) due.set(start, write);
    return { starts: [...due.keys()].sort((a, b) => a - b), writes: due };
  }

  /** A rollup of `due` committed: each interval no write has touched since is paid off. */
  paid(due: DueIntervals): void {
    for (const [start, write] of due.writes) if (this.owed.get(start) === write) this.owed.delete(start);
  }

  get size(): number {
    return this.owed.size;
  }
}

export interface DueIntervals {
  starts: number[];
  /** each interval with the last write touching it when it fell due */
  writes: ReadonlyMap<number, number>;
}
