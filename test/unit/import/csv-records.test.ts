import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CsvRecordReader } from '../../../server/import/csv-records';

interface Read {
  records: [number, string[]][];
  errors: [number, string][];
}

/** The text through the reader in chunks cut at `cuts` (byte offsets). */
function read(text: string, cuts: readonly number[] = [], options: { delimiter?: string; maxRecordChars?: number } = {}): Read {
  const out: Read = { records: [], errors: [] };
  const reader = new CsvRecordReader({
    delimiter: options.delimiter ?? ',',
    maxRecordChars: options.maxRecordChars ?? 1000,
    onRecord: (fields, line) => out.records.push([line, fields]),
    onError: (message, line) => out.errors.push([line, message]),
  });
  const bytes = Buffer.from(text, 'utf8');
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    reader.push(bytes.subarray(from, cut));
    from = cut;
  }
  reader.push(bytes.subarray(from));
  reader.end();
  return out;
}

let seed = 7;
function random(n: number): number {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return Math.floor((seed / 2_147_483_648) * n);
}

/** A field as exports write them: mostly plain, some quoted with delimiters, quotes, newlines and Cyrillic in them. */
function field(): string {
  const plain = ['', 'sales', '2026-03-02 09:00:05', 'PJSIP/1001', 'Петрова', '42'];
  if (random(5) > 0) return plain[random(plain.length)]!;
  const inner = ['a,b', 'said "hi"', 'two\nlines', 'cr\r\nlf', 'Анна, "А."', ''][random(6)]!;
  return `"${inner.replaceAll('"', '""')}"`;
}

describe('the CSV record reader', () => {
  it('reads what csv-parse reads, records and lines, however the bytes are cut', () => {
    for (let round = 0; round < 200; round++) {
      const lines: string[] = [];
      const count = 1 + random(12);
      for (let i = 0; i < count; i++) lines.push(Array.from({ length: 1 + random(6) }, field).join(','));
      const eol = random(2) ? '\r\n' : '\n';
      const text = (random(2) ? '\uFEFF' : '') + lines.join(eol) + (random(2) ? eol : '');
      const expected = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
      const bytes = Buffer.byteLength(text);
      const cuts = Array.from({ length: random(6) }, () => random(bytes + 1));
      const got = read(text, cuts);
      expect(got.errors, text).toEqual([]);
      expect(got.records.map(([, fields]) => fields), `${JSON.stringify(text)} cut at ${cuts}`).toEqual(expected);
      // the line each record starts on (csv-parse counts a CR inside quotes as a line of its own, so it is no reference here)
      const starts: number[] = [];
      let line = 1;
      for (const record of lines) {
        if (record !== '') starts.push(line);
        line += record.split('\n').length;
      }
      expect(got.records.map(([start]) => start), text).toEqual(starts);
    }
  });

  it('splits on the delimiter given and keeps empty fields', () => {
    expect(read('a;b;;\n;"x;y"\n', [], { delimiter: ';' }).records).toEqual([
      [1, ['a', 'b', '', '']],
      [2, ['', 'x;y']],
    ]);
  });

  it('skips empty lines, counting them', () => {
    expect(read('a\n\n\r\nb\n').records).toEqual([
      [1, ['a']],
      [4, ['b']],
    ]);
  });

  it('reports a record broken by a quote with the line it starts on, and goes on at the next line', () => {
    const text = ['ok,1', 'bad,"open', 'ok,2 and more than twenty characters', 'x"y,3', 'ok,4', '"closed"z,5', 'ok,6'].join('\n');
    const got = read(text, [], { maxRecordChars: 20 });
    expect(got.records).toEqual([
      [1, ['ok', '1']],
      [3, ['ok', '2 and more than twenty characters']],
      [5, ['ok', '4']],
      [7, ['ok', '6']],
    ]);
    expect(got.errors).toEqual([
      [2, expect.stringMatching(/^Quote Not Closed/)],
      [4, expect.stringMatching(/^Invalid Opening Quote/)],
      [6, expect.stringMatching(/^Invalid Closing Quote/)],
    ]);
  });

  it('loses only the last record to a quote left open at the end of the file', () => {
    const got = read('a,1\nb,"2\n', [3]);
    expect(got.records).toEqual([[1, ['a', '1']]]);
    expect(got.errors).toEqual([[2, expect.stringMatching(/^Quote Not Closed/)]]);
  });

  it('holds no more than the longest record: a longer line is reported and dropped up to its end', () => {
    const long = 'x'.repeat(5000);
    const text = `a,1\n${long}\nb,2\n`;
    const cuts = Array.from({ length: 50 }, (_, i) => 4 + i * 100);
    const got = read(text, cuts, { maxRecordChars: 1000 });
    expect(got.records).toEqual([
      [1, ['a', '1']],
      [3, ['b', '2']],
    ]);
    expect(got.errors).toEqual([[2, 'a record longer than 1000 characters']]);
  });

  it('never breaks a character cut between two chunks', () => {
    const text = 'Петрова,"Анна\nИвановна"\n';
    for (let cut = 0; cut <= Buffer.byteLength(text); cut++) {
      expect(read(text, [cut]).records, `cut at ${cut}`).toEqual([[1, ['Петрова', 'Анна\nИвановна']]]);
    }
  });

  it('refuses a delimiter that cannot work', () => {
    for (const delimiter of ['"', '\n', ';;', '']) expect(() => read('a', [], { delimiter })).toThrow(/delimiter must be one character/);
  });
});
