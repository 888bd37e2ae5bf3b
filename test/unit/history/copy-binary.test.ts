import { describe, expect, it } from 'vitest';
import { BinaryCopyRows } from '../../../server/history/copy-binary';

const HEADER_BYTES = 19;

/** The values of the one row written, each as its bytes (null for a NULL). */
function valuesOf(write: (out: BinaryCopyRows) => void): (Buffer | null)[] {
  const out = new BinaryCopyRows();
  write(out);
  const bytes = out.take(true);
  expect(bytes.subarray(0, 11).toString('latin1')).toBe('PGCOPY\n\xff\r\n\0');
  let at = HEADER_BYTES;
  const count = bytes.readInt16BE(at);
  at += 2;
  const values: (Buffer | null)[] = [];
  for (let i = 0; i < count; i++) {
    const length = bytes.readInt32BE(at);
    at += 4;
    values.push(length < 0 ? null : bytes.subarray(at, at + length));
    at += Math.max(0, length);
  }
  expect(bytes.readInt16BE(at)).toBe(-1);
  expect(at + 2).toBe(bytes.length);
  return values;
}

/** Microseconds since 2000-01-01 as Postgres reads a timestamptz. */
const micros = (value: Buffer | null): number => value!.readInt32BE(0) * 2 ** 32 + value!.readUInt32BE(4);

describe('COPY binary rows', () => {
  it('writes timestamps as microseconds since 2000, whole milliseconds as a Date holds them, before and after 2000', () => {
    const times = [Date.UTC(2000, 0, 1), Date.UTC(1970, 0, 1), Date.parse('2026-03-02T09:15:00.123Z') + 0.9, Date.parse('1999-12-31T23:59:59.999Z'), -1.5];
    const values = valuesOf((out) => {
      out.row(times.length + 1);
      for (const t of times) out.timestamp(t);
      out.timestamp(null);
    });
    expect(values.slice(0, -1).map(micros)).toEqual(times.map((t) => (new Date(t).getTime() - Date.UTC(2000, 0, 1)) * 1000));
    expect(values.at(-1)).toBeNull();
  });

  it('writes dates as days since 2000, numbers, booleans, text and jsonb as Postgres takes them', () => {
    const values = valuesOf((out) => {
      out.row(9);
      out.date('2026-03-02');
      out.date('1999-12-31');
      out.int4(-7);
      out.int8(2 ** 40 + 3);
      out.float8(65.125);
      out.bool(true);
      out.text('Анна\t"x"');
      out.jsonb('[{"queueId":"support"}]');
      out.text('Zoë Åberg');
    });
    expect(values[0]!.readInt32BE(0)).toBe((Date.UTC(2026, 2, 2) - Date.UTC(2000, 0, 1)) / 86_400_000);
    expect(values[1]!.readInt32BE(0)).toBe(-1);
    expect(values[2]!.readInt32BE(0)).toBe(-7);
    expect(micros(values[3]!)).toBe(2 ** 40 + 3);
    expect(values[4]!.readDoubleBE(0)).toBe(65.125);
    expect([...values[5]!]).toEqual([1]);
    expect(values[6]!.toString('utf8')).toBe('Анна\t"x"');
    expect(values[7]![0]).toBe(1);
    expect(values[7]!.subarray(1).toString('utf8')).toBe('[{"queueId":"support"}]');
    expect(values[8]!.toString('utf8')).toBe('Zoë Åberg');
    expect(() => new BinaryCopyRows().date('2026-13-45')).toThrow(RangeError);
  });

  it('writes a text array with its dimension, and an empty one without, growing the buffer for long values', () => {
    const long = 'q'.repeat(300_000);
    const values = valuesOf((out) => {
      out.row(2);
      out.textArray(['support', long, 'продажи']);
      out.textArray([]);
    });
    const array = values[0]!;
    expect([array.readInt32BE(0), array.readInt32BE(4), array.readInt32BE(8), array.readInt32BE(12), array.readInt32BE(16)]).toEqual([1, 0, 25, 3, 1]);
    const elements: string[] = [];
    for (let at = 20; at < array.length; ) {
      const length = array.readInt32BE(at);
      elements.push(array.subarray(at + 4, at + 4 + length).toString('utf8'));
      at += 4 + length;
    }
    expect(elements).toEqual(['support', long, 'продажи']);
    expect([values[1]!.readInt32BE(0), values[1]!.readInt32BE(4), values[1]!.readInt32BE(8), values[1]!.length]).toEqual([0, 0, 25, 12]);
  });
});
