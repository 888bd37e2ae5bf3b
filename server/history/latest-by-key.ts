/**
 * Rows keyed by a text and a number (an agent and the instant its span
 * began): the latest row of each key, in the order the keys first came, as a
 * Map would keep them. Two levels of maps instead of one keyed by a joined
 * string: an import files hundreds of thousands of spans, and building a
 * string per row was a tenth of the importer's own time.
 */
export class LatestByKey<T> {
  private positions = new Map<string, Map<number, number>>();
  private rows: T[] = [];

  get size(): number {
    return this.rows.length;
  }

  set(text: string, n: number, row: T): void {
    let byNumber = this.positions.get(text);
    if (!byNumber) {
      byNumber = new Map();
      this.positions.set(text, byNumber);
    }
    const position = byNumber.get(n);
    if (position === undefined) {
      byNumber.set(n, this.rows.length);
      this.rows.push(row);
    } else {
      this.rows[position] = row;
    }
  }

  /** The rows held, emptied. */
  take(): T[] {
    const rows = this.rows;
    this.rows = [];
    this.positions = new Map();
    return rows;
  }
}
