/**
 * Rows in COPY's binary format (COPY ... FROM STDIN WITH (FORMAT binary)):
 * Postgres takes each value as it stores it, so nothing is parsed but the
 * jsonb, and the importer writes numbers and times into a buffer instead of
 * printing them. Values follow the column order of the COPY, one call per
 * column; `take` hands over what is written so far.
 */

/** 'PGCOPY\n\xff\r\n\0', no flags, no header extension. */
const HEADER = Buffer.from([0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00, 0, 0, 0, 0, 0, 0, 0, 0]);
const TEXT_OID = 25;
/** Postgres counts time from 2000-01-01 UTC: timestamps in microseconds, dates in days. */
const PG_EPOCH_MS = Date.UTC(2000, 0, 1);
const DAY_MS = 86_400_000;
const TWO_TO_32 = 2 ** 32;
const PIECE_BYTES = 256 * 1024;
const SHORT_STRING = 128;

export class BinaryCopyRows {
  private buffer: Buffer;
  private view: DataView;
  private at = 0;
  private readonly days = new Map<string, number>();

  constructor(capacity = PIECE_BYTES) {
    this.buffer = Buffer.allocUnsafe(Math.max(capacity, HEADER.length));
    this.view = viewOf(this.buffer);
    this.at = HEADER.copy(this.buffer, 0);
  }

  /** Bytes written so far (in the current piece, since the last `take`). */
  get size(): number {
    return this.at;
  }

  /** Drops what was written after `size` (a row that could not be written whole). */
  rewind(size: number): void {
    if (size < 0 || size > this.at) throw new RangeError(`cannot rewind to ${size} of ${this.at} bytes`);
    this.at = size;
  }

  /** A value made once by `preparedValue`, for the many rows that hold it. */
  prepared(value: Uint8Array): void {
    this.room(value.length);
    this.buffer.set(value, this.at);
    this.at += value.length;
  }

  /** Starts a row of `columns` values. */
  row(columns: number): void {
    this.room(2);
    this.put16(columns);
  }

  text(value: string | null): void {
    if (value === null) return this.null();
    this.room(4 + 3 * value.length);
    const written = this.utf8(value, this.at + 4);
    this.view.setInt32(this.at, written);
    this.at += 4 + written;
  }

  /** jsonb: a version byte, then the JSON text. */
  jsonb(json: string): void {
    this.room(5 + 3 * json.length);
    const written = this.utf8(json, this.at + 5);
    this.view.setInt32(this.at, written + 1);
    this.buffer[this.at + 4] = 1;
    this.at += 5 + written;
  }

  /**
   * Writes `value` at `at` as UTF-8, returning its bytes. Short ASCII strings
   * (ids, states, a span's memberships) byte by byte: Buffer.write costs a
   * call into C++ each, a quarter of the time of writing a span row.
   */
  private utf8(value: string, at: number): number {
    const length = value.length;
    if (length <= SHORT_STRING) {
      let i = 0;
      for (; i < length; i++) {
        const code = value.charCodeAt(i);
        if (code > 0x7f) break;
        this.buffer[at + i] = code;
      }
      if (i === length) return length;
    }
    return this.buffer.write(value, at, 'utf8');
  }

  /** text[] of one dimension, without nulls. */
  textArray(values: readonly string[]): void {
    const lengthAt = this.at;
    this.room(4 + 12);
    this.at += 4;
    this.put32(values.length === 0 ? 0 : 1);
    this.put32(0);
    this.put32(TEXT_OID);
    if (values.length > 0) {
      this.room(8);
      this.put32(values.length);
      this.put32(1);
      for (const value of values) this.text(value);
    }
    // Its length once its elements are written (a bigger buffer keeps the offsets).
    this.view.setInt32(lengthAt, this.at - lengthAt - 4);
  }

  int4(value: number): void {
    this.room(8);
    this.put32(4);
    this.put32(value);
  }

  float8(value: number): void {
    this.room(12);
    this.put32(8);
    this.putF64(value);
  }

  bool(value: boolean): void {
    this.room(5);
    this.put32(1);
    this.buffer[this.at++] = value ? 1 : 0;
  }

  /** A bigint from a whole number within ±2^53. */
  int8(value: number): void {
    const high = Math.floor(value / TWO_TO_32);
    this.room(12);
    this.put32(8);
    this.put32(high);
    this.putU32(value - high * TWO_TO_32);
  }

  /** A timestamptz from epoch milliseconds, whole milliseconds (a Date drops the fraction too: the live writer sends Dates). */
  timestamp(ms: number | null): void {
    if (ms === null) return this.null();
    this.int8((Math.trunc(ms) - PG_EPOCH_MS) * 1000);
  }

  /** A date from its ISO text (YYYY-MM-DD). */
  date(day: string): void {
    let days = this.days.get(day);
    if (days === undefined) {
      const ms = Date.parse(`${day}T00:00:00Z`);
      if (!Number.isFinite(ms)) throw new RangeError(`not a date: ${day}`);
      days = (ms - PG_EPOCH_MS) / DAY_MS;
      this.days.set(day, days);
    }
    this.int4(days);
  }

  null(): void {
    this.room(4);
    this.put32(-1);
  }

  /** A copy of what was written since `start`. */
  copySince(start: number): Buffer {
    return Buffer.from(this.buffer.subarray(start, this.at));
  }

  /** What is written so far (the header first); `last` adds the trailer. */
  take(last = false): Buffer {
    if (last) {
      this.room(2);
      this.put16(-1);
    }
    const piece = this.buffer.subarray(0, this.at);
    this.buffer = Buffer.allocUnsafe(PIECE_BYTES);
    this.view = viewOf(this.buffer);
    this.at = 0;
    return piece;
  }

  // Numbers go through a DataView (big-endian): Buffer's write*BE are JS with bounds checks, a fifth of a row's cost.
  private put16(value: number): void {
    this.view.setInt16(this.at, value);
    this.at += 2;
  }

  private put32(value: number): void {
    this.view.setInt32(this.at, value);
    this.at += 4;
  }

  private putU32(value: number): void {
    this.view.setUint32(this.at, value);
    this.at += 4;
  }

  private putF64(value: number): void {
    this.view.setFloat64(this.at, value);
    this.at += 8;
  }

  /** Makes room for `bytes` more, in a bigger buffer if need be (values are never split across pieces). */
  private room(bytes: number): void {
    if (this.at + bytes <= this.buffer.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(2 * this.buffer.length, this.at + bytes));
    this.buffer.copy(bigger, 0, 0, this.at);
    this.buffer = bigger;
    this.view = viewOf(bigger);
  }
}

/** The bytes of one value as `write` writes it (its length first): a value many rows hold, encoded once. */
export function preparedValue(write: (out: BinaryCopyRows) => void): Buffer {
  const out = new BinaryCopyRows(256);
  const start = out.size;
  write(out);
  return out.copySince(start);
}

/**
 * Reads rows written by BinaryCopyRows back, value by value in the same
 * order: for the rare chunk Postgres refuses, whose facts are then set aside
 * one by one (bulk-history-writer.ts).
 */
export class BinaryCopyReader {
  private readonly view: DataView;
  private at: number;

  constructor(private readonly bytes: Buffer) {
    if (bytes.length < HEADER.length || !bytes.subarray(0, HEADER.length).equals(HEADER)) throw new RangeError('not rows in COPY binary form');
    this.view = viewOf(bytes);
    this.at = HEADER.length;
  }

  /** Starts the next row: its number of values, or null at the end. */
  row(): number | null {
    const columns = this.view.getInt16(this.at);
    this.at += 2;
    return columns === -1 ? null : columns;
  }

  text(): string | null {
    const length = this.length();
    if (length === null) return null;
    return this.bytes.toString('utf8', this.at - length, this.at);
  }

  /** jsonb's JSON text, without its version byte. */
  jsonb(): string {
    const length = this.required(this.length());
    return this.bytes.toString('utf8', this.at - length + 1, this.at);
  }

  int4(): number {
    this.required(this.length());
    return this.view.getInt32(this.at - 4);
  }

  float8(): number {
    this.required(this.length());
    return this.view.getFloat64(this.at - 8);
  }

  bool(): boolean {
    this.required(this.length());
    return this.bytes[this.at - 1] === 1;
  }

  int8(): number {
    this.required(this.length());
    return this.int8Before();
  }

  timestamp(): number | null {
    if (this.length() === null) return null;
    return this.int8Before() / 1000 + PG_EPOCH_MS;
  }

  date(): string {
    return new Date(this.int4() * DAY_MS + PG_EPOCH_MS).toISOString().slice(0, 10);
  }

  /** Passes over a value of any type. */
  skip(): void {
    this.length();
  }

  /** The 8-byte integer just passed. */
  private int8Before(): number {
    return this.view.getInt32(this.at - 8) * TWO_TO_32 + this.view.getUint32(this.at - 4);
  }

  /** Reads a value's length and moves past the value: null for a NULL. */
  private length(): number | null {
    const length = this.view.getInt32(this.at);
    this.at += 4;
    if (length === -1) return null;
    this.at += length;
    return length;
  }

  private required(length: number | null): number {
    if (length === null) throw new RangeError('a NULL where a value was written');
    return length;
  }
}

const viewOf = (buffer: Buffer): DataView => new DataView(buffer.buffer, buffer.byteOffset, buffer.length);
