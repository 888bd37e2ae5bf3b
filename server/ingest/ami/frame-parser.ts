import { isAscii } from 'node:buffer';
import type { AmiFrame } from './ami-frame';
import { addHeader, HeaderBag, HeaderShapes, MAX_SHAPE_DEPTH, type HeaderMap, type RepeatedMap, type ShapeNode } from './header-shapes';

/**
 * Incremental parser of the Asterisk Manager Interface byte stream.
 *
 * AMI is line based: `Key: Value` lines, a frame ends at an empty line. Asterisk writes `\r\n`;
 * bare `\n` is accepted too (proxies and hand-written test servers use it). Bytes arrive in
 * arbitrary TCP chunks, so a frame, a line ending or a multi-byte UTF-8 character can be split
 * anywhere: the parser keeps the unfinished frame and decodes only complete frames.
 *
 * Speed matters (a busy PBX sends thousands of events per second, half of them VarSet and
 * Newexten): frame ends are found with Buffer.indexOf; a frame is decoded once as latin1 and
 * only its lines holding non-ASCII bytes again as UTF-8; header objects come from the shapes
 * cache (header-shapes.ts); an event the consumer does not want is skipped from its first
 * line without being decoded at all.
 */

export interface AmiBanner {
  /** the first line of the connection as sent, e.g. `Asterisk Call Manager/11.0.0` */
  readonly line: string;
  /** the AMI protocol version (`11.0.0` on Asterisk 22); null when the line is not an AMI banner */
  readonly version: string | null;
}

export interface AmiFrameParserOptions {
  onFrame: (frame: AmiFrame) => void;
  /** the connection's first line when it has no colon (Asterisk's `Asterisk Call Manager/x.y.z`) */
  onBanner?: (banner: AmiBanner) => void;
  /**
   * Asked with the name of each event (a frame whose first line is `Event: Name`); false skips
   * the frame without decoding it. Bytes (a marker) skip it the same way unless the frame holds
   * them: for events that matter only with one value (a VarSet of one variable among the many a
   * dialplan sets). Responses and other frames are always delivered.
   */
  wantEvent?: (eventName: string) => boolean | Uint8Array;
  /** larger frames are dropped and counted; also bounds the bytes held for an unfinished frame. Default 64 KiB. */
  maxFrameBytes?: number;
  /** told of each frame dropped for its size, as it happens */
  onOversize?: () => void;
}

export interface AmiFrameParserCounters {
  /** frames delivered to onFrame */
  frames: number;
  /** bytes pushed */
  bytes: number;
  /** frames dropped for exceeding maxFrameBytes (the stream resumes after the next empty line) */
  oversizeDropped: number;
  /** lines without `Key:` that were skipped */
  malformedLines: number;
  /** events refused by wantEvent */
  skipped: number;
}

export const DEFAULT_MAX_FRAME_BYTES = 64 * 1024;

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const COLON = 0x3a;
const CRLF_BLANK_LINE = Buffer.from('\n\r\n');
const LF_BLANK_LINE = Buffer.from('\n\n');
const EVENT_PREFIX = Buffer.from('Event:');
const BANNER_PREFIX = 'Asterisk Call Manager/';
/**
 * Asterisk < 14 answers `Action: Command` with `Response: Follows`, then the CLI output as raw
 * lines (which may contain colons and empty lines), then `--END COMMAND--` and the empty line.
 * Only these headers precede the output there (manager.c action_command).
 */
const FOLLOWS_FIRST_LINE = 'response: follows';
const END_COMMAND = '--END COMMAND--';
const END_COMMAND_BYTES = Buffer.from(END_COMMAND);
const FOLLOWS_HEADERS = new Set(['response', 'privilege', 'actionid']);

const enum Phase {
  /** before the first line of the connection */
  Banner,
  Frames,
  /** discarding up to the next empty line (an oversize or skipped frame) */
  Dropping,
}

const NON_ASCII = /[\u0080-\u00ff]/g;

/** Index of the next char >= 0x80 in a latin1-decoded text at or after `from`, or its length. */
function nextNonAscii(text: string, from: number): number {
  NON_ASCII.lastIndex = from;
  return NON_ASCII.exec(text)?.index ?? text.length;
}

/** Whether `name` followed by a colon starts at `at` (a char loop beats startsWith here). */
function isNameAt(text: string, at: number, name: string): boolean {
  const length = name.length;
  if (text.charCodeAt(at + length) !== COLON) return false;
  for (let i = 0; i < length; i++) {
    if (text.charCodeAt(at + i) !== name.charCodeAt(i)) return false;
  }
  return true;
}

/** Index just past the line's last character other than the `\r` of a `\r\n` ending. */
function lineContentEnd(text: string, lineStart: number, newline: number): number {
  return newline > lineStart && text.charCodeAt(newline - 1) === CR ? newline - 1 : newline;
}

export class AmiFrameParser {
  private readonly onFrame: (frame: AmiFrame) => void;
  private readonly onBanner: ((banner: AmiBanner) => void) | undefined;
  private readonly wantEvent: ((eventName: string) => boolean | Uint8Array) | undefined;
  private readonly maxFrameBytes: number;
  private readonly onOversize: (() => void) | undefined;
  private readonly stats: AmiFrameParserCounters = { frames: 0, bytes: 0, oversizeDropped: 0, malformedLines: 0, skipped: 0 };

  private readonly shapes = new HeaderShapes();
  /** values of the frame being decoded, in header order (reused: no array per frame) */
  private readonly values: string[] = new Array<string>(MAX_SHAPE_DEPTH).fill('');
  private phase = Phase.Banner;
  /** the unfinished frame's bytes are storage[0, pendingLength) */
  private storage = Buffer.alloc(0);
  private pendingLength = 0;
  /** offset into the pending bytes before which the frame's end was already searched for */
  private resumeAt = 0;
  /** where the bytes of the current push stop being consumed (kept if a callback throws) */
  private cursor = 0;

  // Positions of the next blank line of each kind in the current push's bytes, so a stream
  // that uses only one kind does not rescan the whole chunk for the other at every frame.
  private crlfBlankFrom = 0;
  private crlfBlankAt = -1;
  private lfBlankFrom = 0;
  private lfBlankAt = -1;
  // The same for the marker of the frames wanted only if they hold it (one marker in a stream, in practice).
  private marker: Uint8Array | null = null;
  private markerFrom = 0;
  private markerAt = -1;

  constructor(options: AmiFrameParserOptions) {
    this.onFrame = options.onFrame;
    this.onBanner = options.onBanner;
    this.wantEvent = options.wantEvent;
    this.maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    this.onOversize = options.onOversize;
    if (!Number.isInteger(this.maxFrameBytes) || this.maxFrameBytes < 16) {
      throw new RangeError(`maxFrameBytes must be an integer >= 16, got ${options.maxFrameBytes}`);
    }
  }

  get counters(): Readonly<AmiFrameParserCounters> {
    return { ...this.stats };
  }

  /** bytes held for an unfinished frame; never more than maxFrameBytes after push returns */
  get bufferedBytes(): number {
    return this.pendingLength;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.stats.bytes += chunk.length;
    const data = this.pendingLength === 0 ? chunk : this.appendToPending(chunk);
    this.crlfBlankFrom = Number.MAX_SAFE_INTEGER;
    this.lfBlankFrom = Number.MAX_SAFE_INTEGER;
    this.markerFrom = Number.MAX_SAFE_INTEGER;
    this.cursor = 0;
    try {
      this.parse(data);
    } finally {
      this.keepUnconsumed(data, data === chunk);
    }
  }

  private parse(data: Buffer): void {
    const length = data.length;
    const max = this.maxFrameBytes;
    let pos = 0;
    let resume = this.resumeAt;

    while (pos < length) {
      if (this.phase === Phase.Dropping) {
        const blank = this.blankLineAt(data, pos + resume);
        resume = 0;
        if (blank === -1) {
          // keep the last two bytes: an empty line may start in them
          pos = Math.max(pos, length - 2);
          break;
        }
        pos = this.frameEndAfter(data, blank);
        this.phase = Phase.Frames;
        continue;
      }

      if (this.phase === Phase.Frames) {
        // empty lines between frames carry nothing
        const byte = data[pos];
        if (byte === LF) {
          pos++;
          continue;
        }
        if (byte === CR) {
          if (pos + 1 === length) break;
          if (data[pos + 1] === LF) {
            pos += 2;
            continue;
          }
        }
      }

      const firstNewline = data.indexOf(LF, pos);
      if (firstNewline === -1 || firstNewline - pos >= max) {
        if (firstNewline === -1 && length - pos <= max) break;
        this.dropOversize();
        this.phase = Phase.Dropping;
        resume = 0;
        continue;
      }

      if (this.phase === Phase.Banner) {
        this.phase = Phase.Frames;
        const line = data.toString('utf8', pos, firstNewline).replace(/\r$/, '');
        if (line !== '' && !line.includes(':')) {
          pos = firstNewline + 1;
          this.cursor = pos;
          this.onBanner?.({ line, version: line.startsWith(BANNER_PREFIX) ? line.slice(BANNER_PREFIX.length).trim() : null });
        }
        continue;
      }

      let marker: Uint8Array | null = null;
      if (this.wantEvent !== undefined && this.startsWithEvent(data, pos)) {
        const wanted = this.wantEvent(this.eventName(data, pos, firstNewline));
        if (wanted === false) {
          this.stats.skipped++;
          this.phase = Phase.Dropping;
          resume = 0;
          continue;
        }
        if (wanted !== true) marker = wanted;
      }

      const follows = this.isFollowsResponse(data, pos, firstNewline);
      let blank: number;
      if (follows) {
        const marker = data.indexOf(END_COMMAND_BYTES, pos + resume);
        blank = marker === -1 ? -1 : this.blankLineAt(data, marker);
        if (blank === -1) resume = marker === -1 ? Math.max(0, length - pos - END_COMMAND.length) : marker - pos;
      } else {
        blank = this.blankLineAt(data, pos + resume);
        if (blank === -1) resume = Math.max(0, length - pos - 2);
      }
      if (blank === -1 && length - pos <= max) break;
      resume = 0;
      const frameEnd = blank === -1 ? -1 : this.frameEndAfter(data, blank);
      if (frameEnd === -1 || frameEnd - pos > max) {
        // resynchronise at the first empty line after the frame's start, wherever the chunks
        // were cut (a Follows output may hold empty lines before its real end)
        this.dropOversize();
        this.phase = Phase.Dropping;
        continue;
      }

      const byteLength = frameEnd - pos;
      const start = pos;
      pos = frameEnd;
      this.cursor = pos;
      this.resumeAt = 0;
      if (marker !== null && !this.holdsMarker(data, start, blank, marker)) {
        this.stats.skipped++;
        continue;
      }
      if (follows) this.emitFollows(data.toString('utf8', start, blank + 1), byteLength);
      else if (!this.emitShaped(data, start, blank + 1, byteLength)) this.emitPlain(data.toString('utf8', start, blank + 1), byteLength);
    }

    this.cursor = pos;
    this.resumeAt = resume;
  }

  /**
   * The fast path: decodes the frame as latin1 (one byte, one char: cheap, and offsets in the
   * text are byte offsets), re-decodes as UTF-8 only the lines that hold non-ASCII bytes, and
   * follows the frame's header names through the shape trie instead of slicing them.
   * False when the frame does not fit the trie (nothing was delivered or counted then).
   */
  private emitShaped(data: Buffer, start: number, contentEnd: number, byteLength: number): boolean {
    const text = data.toString('latin1', start, contentEnd);
    const values = this.values;
    const end = text.length;
    let node: ShapeNode = this.shapes.root;
    let malformed = 0;
    let lineStart = 0;
    // the next colon may lie several lines ahead: remembering it keeps colon-less lines linear
    let nextColon = -1;
    let nonAscii = isAscii(data.subarray(start, contentEnd)) ? end : nextNonAscii(text, 0);
    while (lineStart < end) {
      let newline = text.indexOf('\n', lineStart);
      if (newline === -1) newline = end;
      const lineEnd = lineContentEnd(text, lineStart, newline);
      let next = node.guess;
      let colon: number;
      if (next !== undefined && nonAscii >= lineEnd && isNameAt(text, lineStart, next.raw)) {
        // the usual case: the same header follows as in the previous frame of this shape
        colon = lineStart + next.raw.length;
      } else {
        if (nextColon < lineStart) {
          nextColon = text.indexOf(':', lineStart);
          if (nextColon === -1) nextColon = end;
        }
        colon = nextColon;
        if (colon >= lineEnd || colon === lineStart) {
          malformed++;
          lineStart = newline + 1;
          continue;
        }
        const raw = nonAscii < colon ? data.toString('utf8', start + lineStart, start + colon) : text.slice(lineStart, colon);
        next = node.depth === MAX_SHAPE_DEPTH ? undefined : this.shapes.step(node, raw);
        if (next === undefined) return false;
      }
      let valueStart = colon + 1;
      if (valueStart < lineEnd && text.charCodeAt(valueStart) === SPACE) valueStart++;
      if (nonAscii < lineEnd) {
        values[node.depth] = data.toString('utf8', start + valueStart, start + lineEnd);
        nonAscii = nextNonAscii(text, newline);
      } else {
        values[node.depth] = text.slice(valueStart, lineEnd);
      }
      node = next;
      lineStart = newline + 1;
    }
    this.stats.malformedLines += malformed;
    if (node.depth === 0) return true;
    const { fields, repeated } = node.build(values, this.shapes);
    this.deliver(fields, repeated, byteLength);
    return true;
  }

  /** Decodes `Key: Value` lines (text ends with a line ending) and delivers the frame. */
  private emitPlain(text: string, byteLength: number): void {
    const fields = new HeaderBag();
    let repeated: RepeatedMap | undefined;
    let headers = 0;
    const end = text.length;
    let lineStart = 0;
    // the next colon may lie several lines ahead: remembering it keeps colon-less lines linear
    let colon = -1;
    while (lineStart < end) {
      let newline = text.indexOf('\n', lineStart);
      if (newline === -1) newline = end;
      const lineEnd = lineContentEnd(text, lineStart, newline);
      if (colon < lineStart) {
        colon = text.indexOf(':', lineStart);
        if (colon === -1) colon = end;
      }
      if (colon >= lineEnd || colon === lineStart) {
        this.stats.malformedLines++;
      } else {
        let valueStart = colon + 1;
        if (valueStart < lineEnd && text.charCodeAt(valueStart) === SPACE) valueStart++;
        repeated = addHeader(fields, repeated, text.slice(lineStart, colon).toLowerCase(), text.slice(valueStart, lineEnd));
        headers++;
      }
      lineStart = newline + 1;
    }
    if (headers === 0) return;
    this.deliver(fields, repeated, byteLength);
  }

  /** A `Response: Follows` frame: its few headers, then every raw line as an `output` value. */
  private emitFollows(text: string, byteLength: number): void {
    const fields = new HeaderBag();
    let repeated: RepeatedMap | undefined;
    let inOutput = false;
    const end = text.length;
    let lineStart = 0;
    while (lineStart < end) {
      let newline = text.indexOf('\n', lineStart);
      if (newline === -1) newline = end;
      const lineEnd = lineContentEnd(text, lineStart, newline);
      const line = text.slice(lineStart, lineEnd);
      lineStart = newline + 1;
      if (!inOutput) {
        const colon = line.indexOf(':');
        const key = colon > 0 ? line.slice(0, colon).toLowerCase() : '';
        if (FOLLOWS_HEADERS.has(key)) {
          repeated = addHeader(fields, repeated, key, line.slice(line.charCodeAt(colon + 1) === SPACE ? colon + 2 : colon + 1));
          continue;
        }
        inOutput = true;
      }
      // the marker follows the output directly, so it may share the last output line
      const markerAt = line.indexOf(END_COMMAND);
      if (markerAt !== -1) {
        if (markerAt > 0) repeated = addHeader(fields, repeated, 'output', line.slice(0, markerAt));
        break;
      }
      repeated = addHeader(fields, repeated, 'output', line);
    }
    this.deliver(fields, repeated, byteLength);
  }

  private dropOversize(): void {
    this.stats.oversizeDropped++;
    this.onOversize?.();
  }

  private deliver(fields: HeaderMap, repeated: RepeatedMap | undefined, byteLength: number): void {
    this.stats.frames++;
    this.onFrame(repeated === undefined ? { fields, byteLength } : { fields, repeated, byteLength });
  }

  /** Index of the `\n` that ends a frame's last line (an empty line follows), or -1. */
  private blankLineAt(data: Buffer, from: number): number {
    if (from < this.crlfBlankFrom || (this.crlfBlankAt !== -1 && this.crlfBlankAt < from)) {
      this.crlfBlankAt = data.indexOf(CRLF_BLANK_LINE, from);
      this.crlfBlankFrom = from;
    }
    if (from < this.lfBlankFrom || (this.lfBlankAt !== -1 && this.lfBlankAt < from)) {
      this.lfBlankAt = data.indexOf(LF_BLANK_LINE, from);
      this.lfBlankFrom = from;
    }
    if (this.crlfBlankAt === -1) return this.lfBlankAt;
    if (this.lfBlankAt === -1) return this.crlfBlankAt;
    return Math.min(this.crlfBlankAt, this.lfBlankAt);
  }

  /** Whether data[start, end) holds the marker; one search per occurrence in a push, not per frame. */
  private holdsMarker(data: Buffer, start: number, end: number, marker: Uint8Array): boolean {
    if (marker !== this.marker || start < this.markerFrom || (this.markerAt !== -1 && this.markerAt < start)) {
      this.marker = marker;
      this.markerAt = data.indexOf(marker, start);
      this.markerFrom = start;
    }
    return this.markerAt !== -1 && this.markerAt + marker.length <= end;
  }

  private frameEndAfter(data: Buffer, blank: number): number {
    return data[blank + 1] === LF ? blank + 2 : blank + 3;
  }

  private startsWithEvent(data: Buffer, pos: number): boolean {
    return data.length - pos > EVENT_PREFIX.length && data.compare(EVENT_PREFIX, 0, EVENT_PREFIX.length, pos, pos + EVENT_PREFIX.length) === 0;
  }

  private eventName(data: Buffer, pos: number, newline: number): string {
    let start = pos + EVENT_PREFIX.length;
    if (data[start] === SPACE) start++;
    const end = newline > start && data[newline - 1] === CR ? newline - 1 : newline;
    return data.toString('utf8', start, end);
  }

  private isFollowsResponse(data: Buffer, pos: number, newline: number): boolean {
    const lineLength = (data[newline - 1] === CR ? newline - 1 : newline) - pos;
    return (
      lineLength === FOLLOWS_FIRST_LINE.length &&
      (data[pos] === 0x52 || data[pos] === 0x72) && // R or r: most frames are ruled out by one byte
      data.toString('latin1', pos, pos + lineLength).toLowerCase() === FOLLOWS_FIRST_LINE
    );
  }

  private appendToPending(chunk: Buffer): Buffer {
    const needed = this.pendingLength + chunk.length;
    if (this.storage.length < needed) {
      const grown = Buffer.allocUnsafe(Math.max(needed, this.storage.length * 2, 4096));
      this.storage.copy(grown, 0, 0, this.pendingLength);
      this.storage = grown;
    }
    chunk.copy(this.storage, this.pendingLength);
    return this.storage.subarray(0, needed);
  }

  private keepUnconsumed(data: Buffer, dataIsChunk: boolean): void {
    const rest = data.length - this.cursor;
    if (rest === 0) {
      this.pendingLength = 0;
    } else if (dataIsChunk) {
      if (this.storage.length < rest) this.storage = Buffer.allocUnsafe(Math.max(rest, 4096));
      data.copy(this.storage, 0, this.cursor);
      this.pendingLength = rest;
    } else {
      this.storage.copyWithin(0, this.cursor, data.length);
      this.pendingLength = rest;
    }
    // one huge chunk must not pin a huge buffer once its frames are parsed
    if (this.storage.length > 2 * this.maxFrameBytes && this.pendingLength <= this.maxFrameBytes) {
      this.storage = Buffer.from(this.storage.subarray(0, this.pendingLength));
    }
  }
}
