import type { CallbacksReply } from '../../shared/callbacks';
import { siteDay } from '../../shared/site-time';
import { intradayResponseSchema, type IntradayResponse } from '../../shared/history-api';
import { emptyCounters, type Counters } from '../../shared/call-counters';
import {
  liveSnapshotSchema,
  type AgentRow,
  type AgentState,
  type LiveSnapshot,
  type PeriodStats,
  type QueueTile,
} from '../../shared/snapshot';
import { periodStats as domainPeriodStats } from '../../server/domain/queue-metrics';
import { ticketSnapshotSchema, type AtRiskTicket, type TicketSnapshot } from '../../shared/ticket-snapshot';

/**
 * Builders of valid live snapshots for client tests. Derived metrics (SL, ASA,
 * AHT) are computed from the counters with the DOMAIN definitions, so a fixture
 * never shows numbers that contradict each other.
 */

export function periodStats(counters: Partial<Counters> = {}): PeriodStats {
  return domainPeriodStats({ ...emptyCounters(), ...counters });
}

export function queueTile(overrides: Partial<QueueTile> & Pick<QueueTile, 'id'>): QueueTile {
  return {
    name: overrides.id,
    waiting: 0,
    oldestJoinedAt: null,
    longestWaitSec: 0,
    slThresholdSec: 20,
    slFormula: 'answeredWithinSl / (answered + abandoned - shortAbandoned)',
    thresholds: { slTargetPct: 90, slRedMarginPct: 10, waitRedFactor: 2 },
    agents: { available: 0, ringing: 0, busy: 0, wrapup: 0, paused: 0, loggedIn: 0 },
    today: periodStats(),
    currentInterval: periodStats(),
    rolling30: { minutes: 30, stats: periodStats() },
    waitingLastHour: [],
    ...overrides,
  };
}

/** A queue with `waiting` callers, the oldest of whom joined `oldestWaitSec` before `atMs`. */
export function waitingSince(atMs: number, waiting: number, oldestWaitSec: number): Pick<QueueTile, 'waiting' | 'oldestJoinedAt' | 'longestWaitSec'> {
  return waiting === 0
    ? { waiting: 0, oldestJoinedAt: null, longestWaitSec: 0 }
    : { waiting, oldestJoinedAt: new Date(atMs - oldestWaitSec * 1000).toISOString(), longestWaitSec: oldestWaitSec };
}

const FIRST = ['Anna', 'Boris', 'Chloe', 'Dmitri', 'Elena', 'Farid', 'Greta', 'Hugo', 'Irina', 'Jonas', 'Kira', 'Leon', 'Maria', 'Nikolai', 'Olga', 'Pavel', 'Quinn', 'Rosa', 'Sergei', 'Tanya'];
const LAST = ['Ivanova', 'Petrov', 'Smith', 'Kuznetsov', 'Novak', 'Berg', 'Sokolova', 'Lang', 'Moreau', 'Volkov'];
const PAUSE_REASONS = ['Lunch', 'Break', 'Training', 'Coaching', 'Back office'];

/**
 * `count` agents whose states cycle through `states`, with times in state spread
 * from seconds to over an hour before `atMs`, members of the given queues.
 */
export function agentRows(
  count: number,
  atMs: number,
  queueIds: readonly string[],
  states: readonly AgentState[] = ['available', 'busy', 'busy', 'wrapup', 'ringing', 'busy', 'paused', 'available', 'busy', 'busy'],
): AgentRow[] {
  return Array.from({ length: count }, (_, i) => {
    const state = states[i % states.length] ?? 'available';
    const sinceSec = (i * 97) % 4200;
    return {
      id: `agent-${String(i + 1).padStart(3, '0')}`,
      name: `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}`,
      state,
      stateSince: new Date(atMs - sinceSec * 1000).toISOString(),
      pauseReason: state === 'paused' ? (PAUSE_REASONS[i % PAUSE_REASONS.length] ?? null) : null,
      queues: queueIds.length === 0 ? [] : [queueIds[i % queueIds.length] ?? ''],
      answeredToday: (i * 7) % 40,
    };
  });
}

export function liveSnapshot(atMs: number, parts: Partial<Omit<LiveSnapshot, 'at'>> = {}): LiveSnapshot {
  // Parse so a fixture that breaks the contract fails here, not as a blank page.
  return liveSnapshotSchema.parse({
    site: 'Moscow support',
    timeZone: 'Europe/Moscow',
    day: new Date(atMs).toISOString().slice(0, 10),
    intervalStart: new Date(atMs - (atMs % (15 * 60 * 1000))).toISOString(),
    seq: 1,
    source: { kind: 'simulator', connected: true, lastEventAt: new Date(atMs).toISOString(), since: null, failure: null },
    queues: [],
    agents: [],
    ...parts,
    at: new Date(atMs).toISOString(),
  });
}

/** A busy mid-morning: 4 queues in every state of health and 100 logged-in agents. */
export function busyBoard(atMs: number, seq = 1): LiveSnapshot {
  const queues: QueueTile[] = [
    queueTile({
      id: 'sales',
      name: 'Sales',
      ...waitingSince(atMs, 2, 12),
      agents: { available: 6, ringing: 1, busy: 14, wrapup: 2, paused: 2, loggedIn: 25 },
      today: periodStats({ offered: 412, answered: 392, answeredWithinSl: 366, abandoned: 14, shortAbandoned: 4, handled: 388, holdSec: 392 * 9, talkSec: 388 * 212, wrapSec: 388 * 30 }),
      currentInterval: periodStats({ offered: 31, answered: 30, answeredWithinSl: 29, abandoned: 1, handled: 29, holdSec: 210, talkSec: 29 * 200, wrapSec: 29 * 30 }),
    }),
    queueTile({
      id: 'support-l1',
      name: 'Support L1',
      ...waitingSince(atMs, 9, 34),
      agents: { available: 1, ringing: 1, busy: 30, wrapup: 4, paused: 4, loggedIn: 40 },
      today: periodStats({ offered: 1288, answered: 1190, answeredWithinSl: 1035, abandoned: 82, shortAbandoned: 19, timedOut: 6, handled: 1182, holdSec: 1190 * 24, talkSec: 1182 * 305, wrapSec: 1182 * 25 }),
      currentInterval: periodStats({ offered: 96, answered: 84, answeredWithinSl: 66, abandoned: 11, shortAbandoned: 2, handled: 80, holdSec: 84 * 31, talkSec: 80 * 290, wrapSec: 80 * 25 }),
    }),
    queueTile({
      id: 'support-l2',
      name: 'Support L2',
      slThresholdSec: 30,
      thresholds: { slTargetPct: 80, slRedMarginPct: 10, waitRedFactor: 2 },
      ...waitingSince(atMs, 4, 75),
      agents: { available: 0, ringing: 0, busy: 12, wrapup: 1, paused: 2, loggedIn: 15 },
      today: periodStats({ offered: 236, answered: 198, answeredWithinSl: 131, abandoned: 35, shortAbandoned: 6, handled: 196, holdSec: 198 * 41, talkSec: 196 * 540, wrapSec: 196 * 60 }),
      currentInterval: periodStats({ offered: 22, answered: 15, answeredWithinSl: 8, abandoned: 6, handled: 15, holdSec: 15 * 52, talkSec: 15 * 500, wrapSec: 15 * 60 }),
    }),
    queueTile({
      id: 'billing',
      name: 'Billing',
      ...waitingSince(atMs, 0, 0),
      agents: { available: 5, ringing: 0, busy: 8, wrapup: 3, paused: 4, loggedIn: 20 },
      today: periodStats({ offered: 175, answered: 171, answeredWithinSl: 165, abandoned: 4, shortAbandoned: 2, handled: 170, holdSec: 171 * 7, talkSec: 170 * 244, wrapSec: 170 * 45 }),
      currentInterval: periodStats(),
    }),
  ];
  return liveSnapshot(atMs, {
    seq,
    queues,
    agents: agentRows(100, atMs, queues.map((q) => q.id)),
  });
}

type OpenMatrixCell = TicketSnapshot['openMatrix'][number];

/**
 * A valid ticket snapshot whose open counts are all derived from `openMatrix`
 * (by priority, line, status and in total) and whose SLA percentages come from
 * the counts, so a fixture never contradicts itself.
 */
export function ticketSnapshot(
  parts: Partial<Omit<TicketSnapshot, 'open' | 'openByPriority' | 'openByLine' | 'openByStatus' | 'today' | 'last60Min'>> & {
    today?: Partial<Omit<TicketSnapshot['today'], 'slaPct'>>;
    last60Min?: Partial<Omit<TicketSnapshot['last60Min'], 'slaPct'>>;
  } = {},
): TicketSnapshot {
  const matrix: OpenMatrixCell[] = parts.openMatrix ?? [];
  const sumBy = <K extends string>(keys: readonly K[], keyOf: (cell: OpenMatrixCell) => K): Record<K, number> => {
    const totals = Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
    for (const cell of matrix) totals[keyOf(cell)] += cell.count;
    return totals;
  };
  const share = (s: { firstResponses?: number; firstResponsesWithinSla?: number }) => {
    const firstResponses = s.firstResponses ?? 0;
    const firstResponsesWithinSla = s.firstResponsesWithinSla ?? 0;
    return {
      firstResponses,
      firstResponsesWithinSla,
      slaPct: firstResponses > 0 ? (firstResponsesWithinSla / firstResponses) * 100 : null,
    };
  };
  return ticketSnapshotSchema.parse({
    open: matrix.reduce((total, cell) => total + cell.count, 0),
    openByPriority: sumBy(['low', 'medium', 'high'], (c) => c.priority),
    openByLine: sumBy(['L1', 'L2', 'L3'], (c) => c.line),
    openByStatus: sumBy(['new', 'open', 'pending', 'onHold', 'solved', 'closed'], (c) => c.status),
    openMatrix: matrix,
    breached: parts.breached ?? (parts.atRisk ?? []).filter((t) => t.breached).length,
    breachedByLine: parts.breachedByLine ?? {
      L1: (parts.atRisk ?? []).filter((t) => t.breached && t.line === 'L1').length,
      L2: (parts.atRisk ?? []).filter((t) => t.breached && t.line === 'L2').length,
      L3: (parts.atRisk ?? []).filter((t) => t.breached && t.line === 'L3').length,
    },
    atRisk: parts.atRisk ?? [],
    slaTargetPct: parts.slaTargetPct ?? 90,
    today: {
      created: 0,
      solved: 0,
      escalations: [],
      csatPct: null,
      ratings: 0,
      ...parts.today,
      ...share(parts.today ?? {}),
    },
    last60Min: share(parts.last60Min ?? {}),
    backlogByAge: parts.backlogByAge ?? [],
  });
}

/** One at-risk ticket due `dueInSec` after `atMs` (negative: already breached). */
export function atRiskTicket(
  atMs: number,
  dueInSec: number,
  overrides: Partial<Omit<AtRiskTicket, 'dueAt' | 'breached'>> & Pick<AtRiskTicket, 'id'>,
): AtRiskTicket {
  return {
    subject: `Ticket ${overrides.id}`,
    priority: 'medium',
    line: 'L1',
    channel: 'email',
    agreement: 'sla',
    clock: 'firstResponse',
    fractionUsed: dueInSec <= 0 ? 1 + -dueInSec / 3600 : Math.max(0.75, 1 - dueInSec / 14_400),
    ...overrides,
    dueAt: new Date(atMs + dueInSec * 1000).toISOString(),
    breached: dueInSec <= 0,
  };
}

const RISK_SUBJECTS = [
  'VPN drops every 10 minutes for the whole Kazan office',
  'Cannot log in to the customer portal after password reset',
  'Invoice PDF export shows wrong VAT rate',
  'Mail relay rejects messages over 10 MB',
  'Printer queue stuck on floor 3',
  'API returns 502 on /v2/orders under load',
  'New employee account not provisioned',
  'Mobile app crashes when opening attachments',
  'SSO certificate expires on Friday',
  'Payment terminal offline in store 114',
  'Data export job has not run since Monday',
  'Chat widget not loading on checkout page',
  'License count wrong after renewal',
  'Shared drive permissions reset',
];

/**
 * A busy ticket desk at `atMs`: 312 open tickets over three lines, 3 breached,
 * 14 at risk (breached first, then by time left), SLA today just under target.
 */
export function busyTickets(atMs: number): TicketSnapshot {
  const openMatrix: OpenMatrixCell[] = [
    { status: 'new', priority: 'high', line: 'L1', count: 4 },
    { status: 'open', priority: 'high', line: 'L1', count: 9 },
    { status: 'open', priority: 'medium', line: 'L1', count: 61 },
    { status: 'new', priority: 'low', line: 'L1', count: 38 },
    { status: 'open', priority: 'low', line: 'L1', count: 72 },
    { status: 'open', priority: 'high', line: 'L2', count: 8 },
    { status: 'open', priority: 'medium', line: 'L2', count: 41 },
    { status: 'pending', priority: 'low', line: 'L2', count: 33 },
    { status: 'open', priority: 'high', line: 'L3', count: 3 },
    { status: 'onHold', priority: 'medium', line: 'L3', count: 19 },
    { status: 'open', priority: 'low', line: 'L3', count: 24 },
  ];
  const shapes: Array<Omit<AtRiskTicket, 'id' | 'subject' | 'dueAt' | 'breached' | 'fractionUsed' | 'channel'> & { dueInSec: number }> = [
    { dueInSec: -754, priority: 'high', line: 'L2', agreement: 'sla', clock: 'firstResponse' },
    { dueInSec: -312, priority: 'medium', line: 'L1', agreement: 'sla', clock: 'nextReply' },
    { dueInSec: -48, priority: 'high', line: 'L3', agreement: 'L3', clock: 'resolution' },
    { dueInSec: 95, priority: 'high', line: 'L1', agreement: 'sla', clock: 'firstResponse' },
    { dueInSec: 260, priority: 'medium', line: 'L2', agreement: 'L2', clock: 'firstResponse' },
    { dueInSec: 431, priority: 'low', line: 'L1', agreement: 'sla', clock: 'firstResponse' },
    { dueInSec: 598, priority: 'medium', line: 'L1', agreement: 'sla', clock: 'nextReply' },
    { dueInSec: 842, priority: 'high', line: 'L2', agreement: 'sla', clock: 'resolution' },
    { dueInSec: 1130, priority: 'low', line: 'L1', agreement: 'sla', clock: 'firstResponse' },
    { dueInSec: 1475, priority: 'medium', line: 'L3', agreement: 'L3', clock: 'resolution' },
    { dueInSec: 1800, priority: 'low', line: 'L2', agreement: 'sla', clock: 'nextReply' },
    { dueInSec: 2230, priority: 'medium', line: 'L1', agreement: 'L1', clock: 'firstResponse' },
    { dueInSec: 3010, priority: 'low', line: 'L1', agreement: 'sla', clock: 'firstResponse' },
    { dueInSec: 4380, priority: 'medium', line: 'L2', agreement: 'sla', clock: 'resolution' },
  ];
  const channels = ['email', 'portal', 'chat', 'messenger', 'phone'] as const;
  const atRisk = shapes.map(({ dueInSec, ...shape }, i) =>
    atRiskTicket(atMs, dueInSec, {
      ...shape,
      id: `#${48_213 + i * 37}`,
      subject: RISK_SUBJECTS[i % RISK_SUBJECTS.length] ?? 'Ticket',
      channel: channels[i % channels.length] ?? 'email',
    }),
  );
  return ticketSnapshot({
    openMatrix,
    atRisk,
    slaTargetPct: 90,
    today: {
      created: 288,
      solved: 251,
      firstResponses: 240,
      firstResponsesWithinSla: 209,
      escalations: [
        { from: 'L1', to: 'L2', count: 14 },
        { from: 'L2', to: 'L3', count: 3 },
      ],
      csatPct: 94,
      ratings: 57,
    },
    last60Min: { firstResponses: 31, firstResponsesWithinSla: 29 },
    backlogByAge: [
      { bucket: '<1h', count: 41 },
      { bucket: '1-4h', count: 77 },
      { bucket: '4-24h', count: 102 },
      { bucket: '1-3d', count: 64 },
      { bucket: '>3d', count: 28 },
    ],
  });
}

/** `busyBoard` with a busy ticket desk beside it. */
export function busyBoardWithTickets(atMs: number, seq = 1): LiveSnapshot {
  return { ...busyBoard(atMs, seq), tickets: busyTickets(atMs) };
}

/**
 * What GET /api/plan/intraday answers for a site with no history of its
 * weekday yet: nothing forecast. The page-test servers answer it so a page
 * that asks sees a real answer, not a 404 in its console.
 */
export function noIntradayForecast(snapshot: LiveSnapshot, queue: string | null): IntradayResponse {
  return intradayResponseSchema.parse({
    site: snapshot.site,
    timeZone: snapshot.timeZone,
    queue,
    day: snapshot.day,
    asOf: snapshot.intervalStart,
    scale: 1,
    observedDays: 0,
    target: { slPct: 80, slSec: 20 },
    intervals: [],
    nextHour: { offered: 0, agentsNeeded: null, staffedNow: null },
  });
}

/** Today's callback list of seven callers in `queueIds` (the second hung up three times), two withheld, nine short abandons, four done. */
export function callbacksFixture(atMs: number, timeZone: string, queueIds: readonly string[]): CallbacksReply {
  const numbers = ['79161234567', '79037654321', '74951112233', '79265550011', '79998887766', '79031230000', '79104445566'];
  return {
    kept: true,
    day: siteDay(timeZone, atMs),
    timeZone,
    queue: null,
    rows: numbers.map((callerId, i) => ({
      id: `row-${i}`,
      callerId,
      queueId: queueIds[i % queueIds.length]!,
      waitSec: 30 + i * 17,
      abandonedAt: new Date(atMs - (90 - i * 11) * 60_000).toISOString(),
      attempts: i === 1 ? 3 : 1,
    })),
    withheld: 2,
    shortAbandons: 9,
    done: 4,
  };
}
