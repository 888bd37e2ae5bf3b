import type { TicketSnapshot } from '../../shared/ticket-snapshot';

/**
 * Open tickets per line as bars split by priority: the picture a shift lead
 * glances at instead of reading a table. Counts come from `openMatrix` summed
 * over statuses; bar lengths are relative to the busiest line.
 */
export const PRIORITIES_HIGH_FIRST = ['high', 'medium', 'low'] as const;
export const LINES = ['L1', 'L2', 'L3'] as const;

export type TicketPriority = (typeof PRIORITIES_HIGH_FIRST)[number];
export type SupportLine = (typeof LINES)[number];

export interface OpenBarSegment {
  priority: TicketPriority;
  count: number;
  /** share of the longest bar's length, 0..100 */
  widthPct: number;
}

export interface OpenBar {
  line: SupportLine;
  /** the line's open count as the server reports it */
  total: number;
  /** share of the longest bar's length, 0..100 */
  widthPct: number;
  segments: OpenBarSegment[];
}

export function openBars(tickets: Pick<TicketSnapshot, 'openByLine' | 'openMatrix'>): OpenBar[] {
  const cells = new Map<string, number>();
  for (const cell of tickets.openMatrix) {
    const key = `${cell.line}/${cell.priority}`;
    cells.set(key, (cells.get(key) ?? 0) + cell.count);
  }
  const totals = LINES.map((line) => {
    const bySegments = PRIORITIES_HIGH_FIRST.reduce((sum, p) => sum + (cells.get(`${line}/${p}`) ?? 0), 0);
    // openByLine is the figure of record; the matrix only splits it.
    return Math.max(tickets.openByLine[line], bySegments);
  });
  const longest = Math.max(1, ...totals);
  const pct = (n: number) => (n / longest) * 100;
  return LINES.map((line, i) => ({
    line,
    total: tickets.openByLine[line],
    widthPct: pct(totals[i] ?? 0),
    segments: PRIORITIES_HIGH_FIRST.map((priority) => {
      const count = cells.get(`${line}/${priority}`) ?? 0;
      return { priority, count, widthPct: pct(count) };
    }),
  }));
}
