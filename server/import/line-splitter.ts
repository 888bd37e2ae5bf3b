/**
 * Splits a byte stream into text lines, whatever the chunk boundaries.
 *
 * Chunks are cut at their last newline and decoded as UTF-8 once per chunk, so
 * a multi-byte character split across two reads is never broken. Memory is
 * bounded: a line longer than `maxLineBytes` is not held, it is reported with
 * `onOverlong` and skipped up to its newline.
 */
export interface LineSplitterOptions {
  onLine: (line: string) => void;
  /** a line was longer than maxLineBytes and was skipped */
  onOverlong: () => void;
  maxLineBytes: number;
}

const LF = 0x0a;

export class LineSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** inside an overlong line: drop bytes up to the next newline */
  private skipping = false;

  constructor(private readonly options: LineSplitterOptions) {}

  push(chunk: Buffer): void {
    let start = 0;
    if (this.skipping) {
      const newline = chunk.indexOf(LF);
      if (newline === -1) return;
      this.skipping = false;
      start = newline + 1;
    }
    const lastNewline = chunk.lastIndexOf(LF);
    if (lastNewline < start) {
      this.hold(chunk.subarray(start));
      return;
    }
    const head = this.pendingBytes > 0 ? this.takePending(chunk.subarray(start, lastNewline + 1)) : chunk.subarray(start, lastNewline + 1);
    this.emitLines(head);
    this.hold(chunk.subarray(lastNewline + 1));
  }

  /** The stream ended: a last line without a newline is a line too. */
  end(): void {
    if (this.pendingBytes > 0) this.emitLines(this.takePending(Buffer.alloc(0)), true);
    this.skipping = false;
  }

  /** Forgets a partial line (the file was truncated or replaced under it). */
  reset(): void {
    this.pending = [];
    this.pendingBytes = 0;
    this.skipping = false;
  }

  /** bytes held for a line not finished yet */
  get heldBytes(): number {
    return this.pendingBytes;
  }

  private emitLines(bytes: Buffer, lastLineOpen = false): void {
    const max = this.options.maxLineBytes;
    const text = bytes.toString('utf8');
    let from = 0;
    for (;;) {
      const newline = text.indexOf('\n', from);
      const to = newline === -1 ? text.length : newline;
      if (newline === -1 && !lastLineOpen) return;
      // A UTF-16 unit is 1 to 3 UTF-8 bytes: count bytes only when the length alone cannot tell.
      if (to - from > max || (to - from > max / 3 && Buffer.byteLength(text.slice(from, to)) > max)) {
        this.options.onOverlong();
      } else {
        this.options.onLine(text.slice(from, to));
      }
      if (newline === -1) return;
      from = newline + 1;
      if (from >= text.length) return;
    }
  }

  private hold(rest: Buffer): void {
    if (rest.length === 0) return;
    if (this.pendingBytes + rest.length > this.options.maxLineBytes) {
      this.pending = [];
      this.pendingBytes = 0;
      this.skipping = true;
      this.options.onOverlong();
      return;
    }
    // Copy: the reader reuses its buffer for the next read.
    this.pending.push(Buffer.from(rest));
    this.pendingBytes += rest.length;
  }

  private takePending(tail: Buffer): Buffer {
    const joined = Buffer.concat([...this.pending, tail], this.pendingBytes + tail.length);
    this.pending = [];
    this.pendingBytes = 0;
    return joined;
  }
}
