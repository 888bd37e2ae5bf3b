import { StringDecoder } from 'node:string_decoder';

/**
 * Splits a CSV byte stream into records (RFC 4180: fields in double quotes may
 * hold the delimiter, newlines and "" for a quote; CRLF or LF line ends; a
 * leading BOM; empty lines skipped; records of any field count).
 *
 * Ours rather than csv-parse's: a record without a quote (nearly all of an
 * export) is one indexOf and one native split, where csv-parse walks every
 * character and allocates its info per record; csv-parse was a fifth of the
 * whole calls import, and the import has to run at disk speed.
 *
 * A broken record costs that record only: an unclosed quote, a quote inside an
 * unquoted field or text after a closing quote is reported with the line the
 * record starts on, and reading goes on at the next line. Memory is bounded: a
 * quoted field still open after `maxRecordChars` is an unclosed quote.
 */
export interface CsvRecordReaderOptions {
  /** one character, not a quote or a line end */
  delimiter: string;
  maxRecordChars: number;
  /** a record's fields and the line it starts on (1-based) */
  onRecord: (fields: string[], line: number) => void;
  /** a record skipped: why, and the line it starts on */
  onError: (message: string, line: number) => void;
}

const QUOTE = '"';

/** where the record at `pos` ends (after its line end), or why it does not */
type Scan = { fields: string[]; end: number; newlines: number } | { error: string; end: number; newlines: number } | null;

export class CsvRecordReader {
  private readonly decoder = new StringDecoder('utf8');
  private readonly delimiter: string;
  /** text of a record not complete yet */
  private carry = '';
  /** the line the carried text starts on */
  private line = 1;
  private started = false;
  /** inside a line longer than maxRecordChars: dropped up to its line end */
  private skipping = false;

  constructor(private readonly options: CsvRecordReaderOptions) {
    const { delimiter } = options;
    if (delimiter.length !== 1 || delimiter === QUOTE || delimiter === '\n' || delimiter === '\r') {
      throw new RangeError(`the delimiter must be one character other than a quote or a line end, not ${JSON.stringify(delimiter)}`);
    }
    this.delimiter = delimiter;
  }

  push(chunk: Buffer): void {
    this.read(this.decoder.write(chunk), false);
  }

  /** The stream ended: a last record without a line end is a record too. */
  end(): void {
    this.read(this.decoder.end(), true);
  }

  private read(decoded: string, final: boolean): void {
    let text = this.carry + decoded;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    let pos = 0;
    if (this.skipping) {
      const newline = text.indexOf('\n');
      if (newline === -1) {
        this.carry = '';
        if (final) this.skipping = false;
        return;
      }
      this.skipping = false;
      this.line++;
      pos = newline + 1;
    }
    /** the first quote at or after pos; searched again only once passed, so quote-free text is scanned once */
    let quote = -2;
    while (pos < text.length) {
      const newline = text.indexOf('\n', pos);
      if (newline === -1 && !final) {
        if (text.length - pos > this.options.maxRecordChars) {
          this.options.onError(`a record longer than ${this.options.maxRecordChars} characters`, this.line);
          this.skipping = true;
          pos = text.length;
        }
        break;
      }
      const lineEnd = newline === -1 ? text.length : newline;
      if (quote !== -1 && quote < pos) quote = text.indexOf(QUOTE, pos);
      if (quote === -1 || quote > lineEnd) {
        const body = text.charCodeAt(lineEnd - 1) === 13 && lineEnd > pos ? text.slice(pos, lineEnd - 1) : text.slice(pos, lineEnd);
        if (body !== '') this.options.onRecord(body.split(this.delimiter), this.line);
        this.line++;
        pos = lineEnd + 1;
        continue;
      }
      const scan = this.scanQuoted(text, pos, final);
      if (scan === null) break;
      if ('error' in scan) this.options.onError(scan.error, this.line);
      else this.options.onRecord(scan.fields, this.line);
      this.line += scan.newlines;
      pos = scan.end;
    }
    this.carry = pos < text.length && !final ? text.slice(pos) : '';
  }

  /** A record with a quote in it, from `pos`; null: it may go on in text not read yet. */
  private scanQuoted(text: string, pos: number, final: boolean): Scan {
    const fields: string[] = [];
    let i = pos;
    for (;;) {
      if (text[i] === QUOTE) {
        let value = '';
        let from = i + 1;
        for (;;) {
          const close = text.indexOf(QUOTE, from);
          if (close === -1 || close - pos > this.options.maxRecordChars) {
            if (!final && close === -1 && text.length - pos <= this.options.maxRecordChars) return null;
            return this.skipLine(text, pos, 'Quote Not Closed: the record runs to the end of the file or past the longest record');
          }
          if (close + 1 === text.length && !final) return null;
          if (text[close + 1] === QUOTE) {
            value += text.slice(from, close + 1);
            from = close + 2;
            continue;
          }
          value += text.slice(from, close);
          i = close + 1;
          break;
        }
        fields.push(value);
      } else {
        let stop = i;
        while (stop < text.length && text[stop] !== this.delimiter && text[stop] !== '\n') stop++;
        if (stop === text.length && !final) return null;
        const value = text.slice(i, stop);
        if (value.includes(QUOTE)) return this.skipLine(text, pos, `Invalid Opening Quote: a quote in the unquoted field ${JSON.stringify(value.slice(0, 40))}`);
        fields.push(value.endsWith('\r') && text[stop] === '\n' ? value.slice(0, -1) : value);
        i = stop;
      }
      const next = text[i];
      if (next === this.delimiter) {
        i++;
        continue;
      }
      if (next === undefined || next === '\n' || (next === '\r' && text[i + 1] === '\n')) {
        const end = next === undefined ? i : next === '\n' ? i + 1 : i + 2;
        return { fields, end, newlines: countNewlines(text, pos, end) };
      }
      if (next === '\r' && i + 1 === text.length && !final) return null;
      return this.skipLine(text, pos, `Invalid Closing Quote: ${JSON.stringify(next)} after a closing quote`);
    }
  }

  /** A broken record: reported, and reading goes on at the line after the one it starts on. */
  private skipLine(text: string, pos: number, error: string): Scan {
    const newline = text.indexOf('\n', pos);
    return { error, end: newline === -1 ? text.length : newline + 1, newlines: 1 };
  }
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let at = text.indexOf('\n', from); at !== -1 && at < to; at = text.indexOf('\n', at + 1)) count++;
  return count;
}
