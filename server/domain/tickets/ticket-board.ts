import type { AtRiskTicket, TicketSnapshot } from '../../../shared/ticket-snapshot';
import type { SlaPolicies } from '../sla/sla-policy';
import { SUPPORT_LINES, TICKET_PRIORITIES } from '../sla/sla-policy.schema';
import type { SupportLine, TicketPriority, TicketStatus } from '../ticket-events';
import { escalationField, type TicketCounters } from './ticket-counters';
import type { FirstResponseMark } from './ticket-ops';
import { fractionUsedAt, watchedClockStatus, type TicketRow, type WatchedClock } from './ticket-row';

/** The board lists at most this many tickets at risk (shared/ticket-snapshot.ts). */
export const MAX_AT_RISK_LISTED = 50;
/** "last 60 minutes": first responses less than this old */
export const FIRST_RESPONSE_WINDOW_MS = 60 * 60_000;
/** DOMAIN.md: 90% of email tickets get a first reply within 1 hour. */
export const DEFAULT_TICKET_SLA_TARGET_PCT = 90;

const HOUR_MS = 60 * 60_000;
const STATUSES: readonly TicketStatus[] = ['new', 'open', 'pending', 'onHold', 'solved', 'closed'];

/** Backlog by age since creation; each bucket holds ages from its bound up to the next one's. */
const AGE_BUCKETS = [
  { bucket: '<1h', fromMs: Number.NEGATIVE_INFINITY },
  { bucket: '1-4h', fromMs: HOUR_MS },
  { bucket: '4-24h', fromMs: 4 * HOUR_MS },
  { bucket: '1-3d', fromMs: 24 * HOUR_MS },
  { bucket: '>3d', fromMs: 72 * HOUR_MS },
] as const satisfies readonly { bucket: TicketSnapshot['backlogByAge'][number]['bucket']; fromMs: number }[];

export interface TicketBoardInputs {
  /** the open tickets */
  rows: readonly TicketRow[];
  /** the counters of the site day `now` is in */
  today: TicketCounters;
  /** first responses, at least those of the last 60 minutes (older ones are left out here) */
  firstResponses: readonly FirstResponseMark[];
  now: number;
  /** the calendars the clocks count in */
  policies: SlaPolicies;
  slaTargetPct: number;
}

interface Listed {
  row: TicketRow;
  watched: WatchedClock;
  breached: boolean;
  /** the clock's due time; null only for a paused clock (listed as breached, so it is past due) */
  dueAt: number;
}

/** The ticket half of the live snapshot. Pure: `now` is a parameter. */
export function buildTicketSnapshot(input: TicketBoardInputs): TicketSnapshot {
  const { rows, now } = input;
  const openByPriority = zeroes(TICKET_PRIORITIES);
  const openByLine = zeroes(SUPPORT_LINES);
  const openByStatus = zeroes(STATUSES);
  const matrix = new Map<string, { status: TicketStatus; priority: TicketPriority; line: SupportLine; count: number }>();
  const backlog = AGE_BUCKETS.map(({ bucket }) => ({ bucket, count: 0 }));
  const listed: Listed[] = [];
  let breached = 0;
  const breachedByLine = zeroes(SUPPORT_LINES);

  for (const row of rows) {
    openByPriority[row.priority] += 1;
    openByLine[row.line] += 1;
    openByStatus[row.status] += 1;
    const cellKey = `${row.status}|${row.priority}|${row.line}`;
    const cell = matrix.get(cellKey) ?? { status: row.status, priority: row.priority, line: row.line, count: 0 };
    cell.count += 1;
    matrix.set(cellKey, cell);
    const age = now - row.createdAt;
    const bucket = backlog[AGE_BUCKETS.findLastIndex(({ fromMs }) => age >= fromMs)];
    if (bucket) bucket.count += 1;

    const pick = mostUrgent(row, now);
    if (pick) {
      listed.push(pick);
      if (pick.breached) {
        breached += 1;
        breachedByLine[row.line] += 1;
      }
    }
  }

  listed.sort(
    (a, b) =>
      Number(b.breached) - Number(a.breached) ||
      a.dueAt - b.dueAt ||
      a.row.ticketId.localeCompare(b.row.ticketId) ||
      a.row.source.localeCompare(b.row.source),
  );

  const windowStart = now - FIRST_RESPONSE_WINDOW_MS;
  const recent = input.firstResponses.filter((mark) => mark.at > windowStart);
  const today = input.today;
  return {
    open: rows.length,
    openByPriority,
    openByLine,
    openByStatus,
    // in the order the enums list them: status, then priority, then line
    openMatrix: [...matrix.values()].sort(
      (a, b) =>
        STATUSES.indexOf(a.status) - STATUSES.indexOf(b.status) ||
        TICKET_PRIORITIES.indexOf(a.priority) - TICKET_PRIORITIES.indexOf(b.priority) ||
        SUPPORT_LINES.indexOf(a.line) - SUPPORT_LINES.indexOf(b.line),
    ),
    breached,
    breachedByLine,
    atRisk: listed.slice(0, MAX_AT_RISK_LISTED).map((entry) => atRiskEntry(entry, now, input.policies)),
    slaTargetPct: input.slaTargetPct,
    today: {
      ...slaShare(today.firstResponses, today.firstResponsesWithinSla),
      created: today.created,
      solved: today.solved,
      escalations: SUPPORT_LINES.flatMap((from) =>
        SUPPORT_LINES.flatMap((to) => {
          const count = from === to ? 0 : today[escalationField(from, to)];
          return count > 0 ? [{ from, to, count }] : [];
        }),
      ),
      csatPct: percent(today.ratingsGood, today.ratings),
      ratings: today.ratings,
    },
    last60Min: slaShare(recent.length, recent.filter((mark) => mark.met).length),
    backlogByAge: backlog,
  };
}

/**
 * The clock a ticket is listed by: if any is breached, the one due first (the
 * most overdue); else, if any is at risk, the one due first. null when the
 * ticket is neither breached nor at risk.
 */
function mostUrgent(row: TicketRow, now: number): Listed | null {
  let best: Listed | null = null;
  for (const watched of row.clocks) {
    const status = watchedClockStatus(watched, now);
    const dueAt = watched.clock.dueAt;
    if ((!status.breached && !status.atRisk) || dueAt === null) continue;
    if (!best || (status.breached && !best.breached) || (status.breached === best.breached && dueAt < best.dueAt)) {
      best = { row, watched, breached: status.breached, dueAt };
    }
  }
  return best;
}

function atRiskEntry({ row, watched, breached, dueAt }: Listed, now: number, policies: SlaPolicies): AtRiskTicket {
  return {
    id: row.ticketId,
    subject: row.subject,
    priority: row.priority,
    line: row.line,
    channel: row.channel,
    agreement: watched.agreement,
    clock: watched.clock.kind,
    dueAt: new Date(dueAt).toISOString(),
    fractionUsed: fractionUsedAt(watched.clock, now, policies),
    breached,
  };
}

function slaShare(firstResponses: number, firstResponsesWithinSla: number) {
  return { firstResponses, firstResponsesWithinSla, slaPct: percent(firstResponsesWithinSla, firstResponses) };
}

function percent(part: number, whole: number): number | null {
  return whole > 0 ? (100 * part) / whole : null;
}

function zeroes<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
}
