import { describe, expect, it } from 'vitest';
import { toCsv } from '../../../server/history/csv-format';

describe('CSV format', () => {
  it('writes a header row, then rows in column order, with CRLF line ends and empty nulls', () => {
    expect(toCsv(['time', 'offered', 'serviceLevelPct'], [{ time: '09:00', offered: 12, serviceLevelPct: null }])).toBe(
      'time,offered,serviceLevelPct\r\n09:00,12,\r\n',
    );
  });

  it('quotes fields with commas, quotes or line breaks, and defuses spreadsheet formulas in text', () => {
    expect(toCsv(['q'], [{ q: 'sales, north' }, { q: 'say "hi"' }, { q: '=HYPERLINK("x")' }, { q: 'a\nb' }])).toBe(
      'q\r\n"sales, north"\r\n"say ""hi"""\r\n"\'=HYPERLINK(""x"")"\r\n"a\nb"\r\n',
    );
  });

  it('leaves negative numbers as numbers', () => {
    expect(toCsv(['net'], [{ net: -2.5 }])).toBe('net\r\n-2.5\r\n');
  });
});
