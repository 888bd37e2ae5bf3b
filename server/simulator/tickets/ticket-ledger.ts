import type { SupportLine, TicketEvent, TicketPriority, TicketStatus } from '../../domain/ticket-events';
import { siteDay } from '../../../shared/site-time';
import { slaStatusAt, type SlaClockStatus } from '../../domain/sla/sla-status';
import type { SlaPolicies } from '../../domain/sla/sla-policy';
import { reduceTicket } from '../../domain/sla/ticket-sla';
import type { TicketState } from '../../domain/sla/ticket-state';
import type { AtRiskTicket, TicketSnapshot } from '../../../shared/ticket-snapshot';
import { isDone, type TicketChange } from './ticket-change';
import { observedEvent, truthEvents } from './truth-events';

/**
 * What truly happened at the simulated desk, and the figures the board must
 * show for it. Every change's normalized events (truth-events.ts) are applied
 * once, in true order, through the SLA engine's own reducer: the engine defines
 * what "first response within SLA", "breached" and "solved" mean, and the
 * ledger checks the transport (signing, parsing, mapping, dedupe, reordering,
 * store, snapshot) against it.
 */

/** The figures of TicketSnapshot that follow from the events (all but the configured target). */
export type TicketFigures = Omit<TicketSnapshot, 'slaTargetPct'>;

/** The board lists at most this many tickets at risk (shared/ticket-snapshot.ts). */
const AT_RISK_LISTED = 50;

const HOUR_MS = 3_600_000;
const PRIORITIES: readonly TicketPriority[] = ['low', 'medium', 'high'];
const LINES: readonly SupportLine[] = ['L1', 'L2', 'L3'];
const STATUSES: readonly TicketStatus[] = ['new', 'open', 'pending', 'onHold', 'solved', 'closed'];
const BACKLOG_BUCKETS = [
  { bucket: '<1h', below: HOUR_MS },
  { bucket: '1-4h', below: 4 * HOUR_MS },
  { bucket: '4-24h', below: 24 * HOUR_MS },
  { bucket: '1-3d', below: 72 * HOUR_MS },
  { bucket: '>3d', below: Infinity },
] as const;

interface FirstResponse {
  at: number;
  withinSla: boolean;
}

export class TicketLedger {
  private readonly states = new Map<string, TicketState>();
  private readonly truth: TicketEvent[] = [];
  private readonly created: number[] = [];
  private readonly solved: number[] = [];
  private readonly firstResponses: FirstResponse[] = [];
  private readonly escalations: { at: number; from: SupportLine; to: SupportLine }[] = [];
  private readonly ratings: { at: number; good: boolean }[] = [];
  private latest = -Infinity;

  constructor(
    private readonly policies: SlaPolicies,
    /** the site's zone: "today" is the site's calendar day */
    private readonly timeZone: string,
  ) {}

  /** Books a change. Throws if the SLA engine refuses one of its events: the truth must be well-formed. */
  record(change: TicketChange): void {
    for (const event of truthEvents(change)) this.apply(event, true);
  }

  /**
   * Books a change as a board hears of it when webhooks may be lost and the
   * desks' REST APIs heal them: a delivered change is what its delivery
   * carries (the whole ticket first where it has it), applied as the board
   * applies it (an update of a ticket it never heard of, or an older one,
   * changes nothing); a lost one changes nothing until `observe`.
   */
  hear(change: TicketChange, delivered: boolean): void {
    if (!delivered) return;
    const observed = observedEvent(change);
    for (const event of [...(observed ? [observed] : []), ...truthEvents(change)]) this.apply(event, false);
  }

  /** Books what a read of the desks' APIs shows (ticket.observed events), as the board applies it. */
  observe(observations: readonly TicketEvent[]): void {
    for (const event of observations) this.apply(event, false);
  }

  /** Every truth event so far, in true order. */
  get events(): readonly TicketEvent[] {
    return this.truth;
  }

  get ticketCount(): number {
    return this.states.size;
  }

  /** The SLA engine's state of a ticket after everything booked. */
  state(ticketId: string): TicketState | undefined {
    return this.states.get(ticketId);
  }

  /**
   * The ticket figures at `now`, counted as the board defines them: open =
   * not solved or closed; breached = open with a clock (SLA or OLA) past due
   * and not stopped; at risk = the breached ones, then those with a running
   * clock the SLA engine calls at risk (a paused clock does not count down),
   * each by its most urgent clock; today's counts on the site's calendar day of `now`;
   * first responses by the instant of the first public agent reply that stopped
   * the SLA's first-response clock, within SLA when it stopped in time; solves by each move
   * from an open status to solved / closed; escalations by each change of line.
   * `now` must not be before the last booked change (the ledger cannot undo).
   */
  expectedFigures(now: number): TicketFigures {
    if (now < this.latest) throw new RangeError(`figures asked for ${new Date(now).toISOString()}, before the last booked change`);
    const day = siteDay(this.timeZone, now);
    const isToday = (at: number): boolean => at <= now && siteDay(this.timeZone, at) === day;
    const inLastHour = (at: number): boolean => at > now - HOUR_MS && at <= now;

    const openByPriority = zeros(PRIORITIES);
    const openByLine = zeros(LINES);
    const openByStatus = zeros(STATUSES);
    const matrix = new Map<string, TicketFigures['openMatrix'][number]>();
    const backlog = new Map<string, number>(BACKLOG_BUCKETS.map(({ bucket }) => [bucket, 0]));
    let open = 0;
    const listed: Listed[] = [];
    for (const state of this.states.values()) {
      if (isDone(state.status)) continue;
      open++;
      openByPriority[state.priority]++;
      openByLine[state.line]++;
      openByStatus[state.status]++;
      const key = `${state.status}/${state.priority}/${state.line}`;
      const cell = matrix.get(key) ?? { status: state.status, priority: state.priority, line: state.line, count: 0 };
      cell.count++;
      matrix.set(key, cell);
      const age = now - state.createdAt;
      const { bucket } = BACKLOG_BUCKETS.find(({ below }) => age < below)!;
      backlog.set(bucket, backlog.get(bucket)! + 1);
      const urgent = mostUrgentClock(state, slaStatusAt(state, now, { policies: this.policies }));
      if (urgent) listed.push(urgent);
    }
    listed.sort(
      (a, b) =>
        Number(b.clock.breached) - Number(a.clock.breached) ||
        a.dueAt - b.dueAt ||
        a.state.ticketId.localeCompare(b.state.ticketId) ||
        a.state.source.localeCompare(b.state.source),
    );

    const escalations = new Map<string, { from: SupportLine; to: SupportLine; count: number }>();
    for (const escalation of this.escalations.filter((e) => isToday(e.at))) {
      const key = `${escalation.from}>${escalation.to}`;
      const entry = escalations.get(key) ?? { from: escalation.from, to: escalation.to, count: 0 };
      entry.count++;
      escalations.set(key, entry);
    }
    const ratingsToday = this.ratings.filter((r) => isToday(r.at));
    const goodToday = ratingsToday.filter((r) => r.good).length;

    return {
      open,
      openByPriority,
      openByLine,
      openByStatus,
      openMatrix: sortMatrix([...matrix.values()]),
      breached: listed.filter((entry) => entry.clock.breached).length,
      breachedByLine: Object.fromEntries(LINES.map((line) => [line, listed.filter((e) => e.clock.breached && e.state.line === line).length])) as TicketFigures['breachedByLine'],
      atRisk: listed.slice(0, AT_RISK_LISTED).map(atRiskEntry),
      today: {
        ...slaShare(this.firstResponses.filter((r) => isToday(r.at))),
        created: this.created.filter(isToday).length,
        solved: this.solved.filter(isToday).length,
        escalations: sortEscalations([...escalations.values()]),
        csatPct: ratingsToday.length === 0 ? null : (100 * goodToday) / ratingsToday.length,
        ratings: ratingsToday.length,
      },
      last60Min: slaShare(this.firstResponses.filter((r) => inLastHour(r.at))),
      backlogByAge: BACKLOG_BUCKETS.map(({ bucket }) => ({ bucket, count: backlog.get(bucket)! })),
    };
  }

  /** `strict`: an event the SLA engine ignores is a malformed truth (throws); else it changes nothing, as on the board. */
  private apply(event: TicketEvent, strict: boolean): void {
    const before = this.states.get(event.ticketId);
    const { state, effects } = reduceTicket(before, event, this.policies);
    const ignored = effects.find((effect) => effect.type === 'eventIgnored');
    if (ignored || !state) {
      if (!strict) return;
      throw new Error(`the SLA engine ignored truth event ${event.eventId} (${event.kind} of ${event.ticketId}): ${JSON.stringify(ignored)}`);
    }
    this.states.set(event.ticketId, state);
    this.truth.push(event);
    this.latest = Math.max(this.latest, event.occurredAt);
    const at = event.occurredAt;
    if (!before) {
      this.created.push(state.createdAt);
      // First seen solved (its creation never heard of): solved when seen. First seen closed: archived after a solve nobody told of.
      if (state.status === 'solved') this.solved.push(state.solvedAt ?? at);
      return;
    }
    // The first public agent reply that stopped the SLA's first-response clock: a reply to a ticket
    // whose clock a solve (or a first sight as solved) already stopped answered nobody first.
    const firstResponse = state.clocks.firstResponse.stop;
    if (before.clocks.firstResponse.stop === null && firstResponse?.reason === 'replied') {
      this.firstResponses.push({ at: firstResponse.at, withinSla: firstResponse.met });
    }
    if (!isDone(before.status) && isDone(state.status)) this.solved.push(at);
    if (before.line !== state.line) this.escalations.push({ at, from: before.line, to: state.line });
    if (event.kind === 'ticket.rated') this.ratings.push({ at, good: event.rating === 'good' });
  }
}

interface Listed {
  state: TicketState;
  clock: SlaClockStatus;
  dueAt: number;
}

/** The clock a ticket is listed by: the breached one due first, else the at-risk one due first. */
function mostUrgentClock(state: TicketState, clocks: readonly SlaClockStatus[]): Listed | null {
  let best: Listed | null = null;
  for (const clock of clocks) {
    if (clock.phase === 'stopped' || clock.dueAt === null) continue;
    if (!clock.breached && !(clock.atRisk && clock.phase === 'running')) continue;
    if (!best || (clock.breached && !best.clock.breached) || (clock.breached === best.clock.breached && clock.dueAt < best.dueAt)) {
      best = { state, clock, dueAt: clock.dueAt };
    }
  }
  return best;
}

function atRiskEntry({ state, clock, dueAt }: Listed): AtRiskTicket {
  return {
    id: state.ticketId,
    subject: state.subject,
    priority: state.priority,
    line: state.line,
    channel: state.channel,
    agreement: clock.agreement,
    clock: clock.clock,
    dueAt: new Date(dueAt).toISOString(),
    fractionUsed: clock.fractionUsed,
    breached: clock.breached,
  };
}

function zeros<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
}

function slaShare(responses: readonly FirstResponse[]): TicketFigures['last60Min'] {
  const within = responses.filter((r) => r.withinSla).length;
  return {
    firstResponses: responses.length,
    firstResponsesWithinSla: within,
    slaPct: responses.length === 0 ? null : (100 * within) / responses.length,
  };
}

/** openMatrix in a fixed order (status, priority, line as the enums list them), for comparison */
export function sortMatrix(cells: TicketFigures['openMatrix']): TicketFigures['openMatrix'] {
  const rank = (cell: TicketFigures['openMatrix'][number]): number =>
    STATUSES.indexOf(cell.status) * 100 + PRIORITIES.indexOf(cell.priority) * 10 + LINES.indexOf(cell.line);
  return [...cells].sort((a, b) => rank(a) - rank(b));
}

/** escalations by from line, then to line, for comparison */
export function sortEscalations(entries: TicketFigures['today']['escalations']): TicketFigures['today']['escalations'] {
  const rank = (entry: (typeof entries)[number]): number => LINES.indexOf(entry.from) * 10 + LINES.indexOf(entry.to);
  return [...entries].sort((a, b) => rank(a) - rank(b));
}
