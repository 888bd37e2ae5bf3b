/** One line of the benchmark summary. */
export interface BenchRow {
  /** (a) parse, (b) ingest, (c) fan-out, (d) queue_log import, (e) history queries */
  part: 'a' | 'b' | 'c' | 'd' | 'e';
  measure: string;
  value: string;
  /** the target, or '' when the figure is informative only */
  target: string;
  verdict: 'PASS' | 'MISS' | 'ERROR' | '';
  note: string;
}

export function errorRow(part: BenchRow['part'], measure: string, error: unknown): BenchRow {
  const message = error instanceof Error ? error.message : String(error);
  return { part, measure, value: 'n/a', target: '', verdict: 'ERROR', note: message.split('\n')[0]!.slice(0, 200) };
}

export function verdict(passed: boolean): 'PASS' | 'MISS' {
  return passed ? 'PASS' : 'MISS';
}

/** A markdown table: readable as plain text in a terminal, rendered in docs. */
export function formatRows(rows: readonly BenchRow[]): string {
  const header = ['part', 'measure', 'value', 'target', 'verdict', 'note'];
  const escape = (text: string): string => text.replaceAll('|', '\\|');
  const lines = rows.map((row) => [`(${row.part})`, row.measure, row.value, row.target || '—', row.verdict || '—', row.note].map(escape));
  return [header, header.map(() => '---'), ...lines].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 20,000 */
export function count(value: number): string {
  return grouped.format(value);
}

/** milliseconds with one decimal below 10, whole above; 'n/a' for null */
export function ms(value: number | null): string {
  if (value === null) return 'n/a';
  return value < 10 ? `${value.toFixed(1)} ms` : `${Math.round(value)} ms`;
}

export function mbPerSec(bytes: number, seconds: number): string {
  return `${(bytes / 1e6 / seconds).toFixed(1)} MB/s`;
}

/** CPU time as a share of one core over `seconds` of wall time */
export function cpuShare(cpuMs: number, seconds: number): string {
  return `${Math.round(cpuMs / (seconds * 10))}%`;
}

/** A reconnect during a measurement means the AMI connection dropped (a Ping went unanswered for 10 s). */
export function reconnectNote(reconnects: number): string {
  return reconnects === 0 ? 'no AMI reconnects' : `${reconnects} AMI reconnect(s)!`;
}

/** How long the server's main thread was ready to run but had no CPU: high values mean the machine, not the code, set the pace. */
export function cpuWaitNote(runQueueWaitMs: number | null, elapsedMs: number): string {
  return runQueueWaitMs === null ? 'CPU wait n/a' : `waited for a CPU ${Math.round((100 * runQueueWaitMs) / elapsedMs)}% of the time`;
}
