/**
 * RFC 4180 CSV: a header row, CRLF line ends, fields quoted when they hold a
 * comma, quote or line break. Text that a spreadsheet would run as a formula
 * (= + - @ at the start) is prefixed with a quote mark; numbers are left as they are.
 */
export type CsvValue = string | number | boolean | null;

export function toCsv(columns: readonly string[], rows: readonly Record<string, CsvValue>[]): string {
  const lines = [columns.map(field).join(',')];
  for (const row of rows) lines.push(columns.map((column) => field(row[column] ?? null)).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

function field(value: CsvValue): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
