import type { DevEscalations } from '../../../shared/ticket-snapshot';
import type { SupportLine } from '../ticket-events';
import type { EscalationRecord } from './escalation-record';

const LINES: readonly SupportLine[] = ['L1', 'L2', 'L3'];

export interface EscalationBoardInput {
  records: readonly EscalationRecord[];
  /** the start of the site's today, epoch ms */
  todayStart: number;
  /** the open tickets the board knows: `source:id` and plain id -> line */
  ticketLines: ReadonlyMap<string, SupportLine>;
  /** for an escalation whose ticket is not among them (solved meanwhile, or another desk) */
  defaultLine: SupportLine;
}

/**
 * PURE: the escalations on the ticket panel, per support line: how many are
 * with development, since when the oldest, and how many came back today. An
 * escalation counts on the line of the support ticket that raised it, as that
 * ticket stands now.
 */
export function escalationBoard(input: EscalationBoardInput): DevEscalations {
  const byLine = new Map(LINES.map((line) => [line, { line, open: 0, oldestOpenedAt: null as number | null, cameBackToday: 0 }]));
  for (const record of input.records) {
    const figures = byLine.get(lineOf(record, input))!;
    if (record.state === 'open') {
      figures.open++;
      figures.oldestOpenedAt = Math.min(figures.oldestOpenedAt ?? Infinity, record.openedAt);
    } else if (record.state === 'cameBack' && record.cameBackAt !== null && record.cameBackAt >= input.todayStart) {
      figures.cameBackToday++;
    }
  }
  return {
    byLine: [...byLine.values()].map((f) => ({ ...f, oldestOpenedAt: f.oldestOpenedAt === null ? null : new Date(f.oldestOpenedAt).toISOString() })),
  };
}

function lineOf(record: EscalationRecord, input: EscalationBoardInput): SupportLine {
  return (record.ticketRef === null ? undefined : input.ticketLines.get(record.ticketRef)) ?? input.defaultLine;
}

/** The lookup escalationBoard needs, from the open tickets' rows. */
export function ticketLinesOf(rows: readonly { source: string; ticketId: string; line: SupportLine }[]): Map<string, SupportLine> {
  const lines = new Map<string, SupportLine>();
  for (const row of rows) {
    lines.set(`${row.source}:${row.ticketId}`, row.line);
    if (!lines.has(row.ticketId)) lines.set(row.ticketId, row.line);
  }
  return lines;
}
