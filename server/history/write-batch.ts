import type pg from 'pg';
import { countersOf } from '../../shared/call-counters';
import { progressOfRecord } from '../domain/call-tracking';
import type { AgentStateSpan, CallRecord, RingNoAnswer } from '../domain/live-state';
import type { EscalationRecord } from '../domain/escalations/escalation-record';
import type { TicketState } from '../domain/sla/ticket-state';
import { INTERVAL_MS } from '../../shared/site-time';
import { COUNTER_COLUMNS } from './counter-columns';
import type { HistoryFact } from './history-facts';
import { floorToInterval } from './interval-grid';
import { refreshIntervalStats } from './interval-rollup';
import { staffedQueuesOf, textArrayLiteral } from './staffed-queues';

/**
 * Writes one batch of facts in one transaction: upserts keyed so that the same
 * fact twice is one row, then recomputes the interval rollup of every interval
 * the batch touched. A batch either lands whole or not at all, so retrying a
 * failed one cannot double-count.
 */
export async function writeBatch(client: pg.PoolClient, site: string, facts: readonly HistoryFact[]): Promise<void> {
  await inSiteTransaction(client, site, () => writeFacts(client, site, facts));
}

/** Settings for one transaction only (SET LOCAL), by name: numbers, or words such as `off`. */
export type LocalSettings = Record<string, number | 'on' | 'off'>;

/**
 * What a transaction holds of its site's history: the right to write rows,
 * the right to roll intervals up, or both (a writer that rolls up what it
 * wrote in the same transaction, as the live writer does).
 */
export type SiteHold = 'writes' | 'rollups' | 'both';

/**
 * Runs `work` in one transaction holding the site's history locks (`hold`).
 * Writers of one site (two nodes during a lease hand-over, an import beside
 * the live writer) take turns, so their upserts never deadlock; rollups take
 * turns with each other and with every transaction that writes and rolls up,
 * so the last rollup of an interval sees every row committed before it. An
 * import's rollups hold only the rollups (they run beside its next chunk's
 * write, which holds only the writes, and roll up again what that chunk
 * touches: bulk-history-writer.ts). The transaction opens in one round trip
 * (BEGIN, the locks and `settings` as one simple query): an import's writer
 * waits for the importer's turn of the event loop at every round trip.
 */
export async function inSiteTransaction(
  client: pg.PoolClient,
  site: string,
  work: () => Promise<void>,
  settings: LocalSettings = {},
  hold: SiteHold = 'both',
): Promise<void> {
  const sets = Object.entries(settings).map(([name, value]) => {
    if (!/^[a-z_]+$/.test(name)) throw new TypeError(`not a setting name: ${name}`);
    return `SET LOCAL ${name} = ${typeof value === 'number' ? Math.round(value) : value};`;
  });
  // Always taken in this order (writes, then rollups), so two transactions never wait for each other's.
  const locks = LOCK_NAMES[hold].map((name) => `SELECT pg_advisory_xact_lock(hashtext(${client.escapeLiteral(`${name}:${site}`)}));`);
  try {
    await client.query(`BEGIN; ${locks.join(' ')} ${sets.join(' ')}`);
    await work();
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** The advisory locks of each hold; the writes' is the one site lock of earlier versions, so a node not yet upgraded still takes turns with the writers. */
const WRITES_LOCK = 'wallboard-history';
const ROLLUPS_LOCK = 'wallboard-history-rollups';
const LOCK_NAMES: Record<SiteHold, readonly string[]> = { writes: [WRITES_LOCK], rollups: [ROLLUPS_LOCK], both: [WRITES_LOCK, ROLLUPS_LOCK] };

/**
 * The upserts and the rollup of every interval the facts touch, plus
 * `alsoIntervals`; inside a transaction of the caller's (inSiteTransaction).
 */
export async function writeFacts(client: pg.PoolClient, site: string, facts: readonly HistoryFact[], alsoIntervals: readonly number[] = []): Promise<void> {
  const calls = new Map<string, CallRecord>();
  const spans = new Map<string, AgentStateSpan>();
  const tickets = new Map<string, TicketState>();
  const escalations = new Map<string, EscalationRecord>();
  const rings = new Map<string, RingNoAnswer>();
  for (const fact of facts) {
    // Within one statement a key may appear once (ON CONFLICT cannot touch a row twice): the latest fact wins.
    if (fact.kind === 'call') calls.set(callRowKey(fact.call), fact.call);
    else if (fact.kind === 'agentState') spans.set(spanRowKey(fact.span), fact.span);
    else if (fact.kind === 'ringNoAnswer') rings.set(ringKey(fact.ring), fact.ring);
    else if (fact.kind === 'escalation') {
      const held = escalations.get(fact.escalation.key);
      if (!held || held.lastChangeAt <= fact.escalation.lastChangeAt) escalations.set(fact.escalation.key, fact.escalation);
    } else {
      const held = tickets.get(fact.ticket.ticketId);
      if (!held || held.lastApplied.occurredAt <= fact.ticket.lastApplied.occurredAt) tickets.set(fact.ticket.ticketId, fact.ticket);
    }
  }
  if (calls.size > 0) await upsertCalls(client, site, [...calls.values()]);
  if (spans.size > 0) await upsertSpans(client, site, [...spans.values()]);
  if (tickets.size > 0) await upsertTickets(client, site, [...tickets.values()]);
  if (escalations.size > 0) await upsertEscalations(client, site, [...escalations.values()]);
  if (rings.size > 0) await insertRings(client, site, [...rings.values()]);
  const touched = [...new Set([...touchedIntervals(calls.values(), spans.values()), ...alsoIntervals])];
  await refreshIntervalStats(client, site, touched);
}

const iso = (ms: number): string => new Date(ms).toISOString();
const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));

/** `column = EXCLUDED.column, ...`: an upsert's update of these columns. */
const fromExcluded = (columns: readonly string[]): string => columns.map((c) => `${c} = EXCLUDED.${c}`).join(', ');

const ADDS_COLUMNS = COUNTER_COLUMNS.map((c) => c.callColumn);

/** call_history's columns after its key (site, entered_at, queue_id, call_id): what an upsert updates. */
const CALL_VALUE_COLUMNS = [
  'answered_at', 'ended_at', 'outcome', 'wait_sec', 'talk_sec', 'wrap_sec', 'agent_id',
  'answered_within_sl', 'short_abandon', 'day', 'interval_start', ...ADDS_COLUMNS, 'caller_id',
];
const SPAN_VALUE_COLUMNS = ['state', 'to_at', 'queues', 'pause_reason', 'staffed_queues'];

/**
 * An upsert of `table` from `select`, which yields site, then the key, then
 * the value columns in this order. A row already stored as it is is left
 * alone, so importing a file again writes nothing.
 */
function upsertFrom(table: string, key: readonly string[], values: readonly string[], select: string): string {
  const columns = (prefix: string): string => values.map((c) => `${prefix}.${c}`).join(', ');
  return `INSERT INTO ${table} (site, ${[...key, ...values].join(', ')})
     ${select}
     ON CONFLICT (site, ${key.join(', ')}) DO UPDATE SET ${fromExcluded(values)}
     WHERE (${columns(table)}) IS DISTINCT FROM (${columns('EXCLUDED')})`;
}

/** The call rows `select` yields (site, queue_id, call_id, entered_at, then CALL_VALUE_COLUMNS), upserted. */
export const upsertCallsFrom = (select: string): string => upsertFrom('call_history', ['queue_id', 'call_id', 'entered_at'], CALL_VALUE_COLUMNS, select);

/**
 * The span rows `select` yields (site $1, agent_id, from_at, then state,
 * to_at, queues, pause_reason, staffed_queues), upserted; the site's longest span (agent_span_bounds, which
 * the rollup's search relies on) raised in the same statement.
 */
export const upsertSpansFrom = (select: string): string => `
  WITH written AS (
    ${upsertFrom('agent_state_spans', ['agent_id', 'from_at'], SPAN_VALUE_COLUMNS, select)}
    RETURNING to_at - from_at AS length
  )
  ${raiseLongestSpan('SELECT $1, max(length) FROM written HAVING count(*) > 0')}`;

/** The site's longest span (agent_span_bounds) raised to the (site, length) row `source` yields, never lowered. */
export const raiseLongestSpan = (source: string): string => `INSERT INTO agent_span_bounds AS b (site, longest) ${source}
  ON CONFLICT (site) DO UPDATE SET longest = EXCLUDED.longest WHERE b.longest < EXCLUDED.longest`;

/** Counter columns of a call row: parameters from $16 on, after the row's own fields; the caller's number last. */
const ADDS_FIRST_PARAM = 16;
const ADDS_ARRAYS = COUNTER_COLUMNS.map((c, i) => `$${ADDS_FIRST_PARAM + i}::${c.sqlType}[]`).join(', ');
const CALLER_PARAM = ADDS_FIRST_PARAM + COUNTER_COLUMNS.length;

/** Each row carries what the call adds to every counter (countersOf), so the rollup only sums. */
async function upsertCalls(client: pg.PoolClient, site: string, calls: CallRecord[]): Promise<void> {
  const adds = calls.map((c) => countersOf(progressOfRecord(c)));
  await client.query(
    upsertCallsFrom(
      `SELECT $1::text, * FROM unnest($2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::timestamptz[],
         $7::text[], $8::float8[], $9::float8[], $10::float8[], $11::text[], $12::bool[], $13::bool[], $14::date[], $15::timestamptz[],
         ${ADDS_ARRAYS}, $${CALLER_PARAM}::text[])`,
    ),
    [
      site,
      calls.map((c) => c.queueId),
      calls.map((c) => c.callId),
      calls.map((c) => iso(c.enteredAt)),
      calls.map((c) => isoOrNull(c.answeredAt)),
      calls.map((c) => iso(c.endedAt)),
      calls.map((c) => c.outcome),
      calls.map((c) => c.waitSec),
      calls.map((c) => c.talkSec),
      calls.map((c) => c.wrapSec),
      calls.map((c) => c.agentId),
      calls.map((c) => c.answeredWithinSl),
      calls.map((c) => c.shortAbandon),
      calls.map((c) => c.day),
      calls.map((c) => iso(c.intervalStart)),
      ...COUNTER_COLUMNS.map(({ field }) => adds.map((a) => a[field])),
      calls.map((c) => c.callerId),
    ],
  );
}

async function upsertSpans(client: pg.PoolClient, site: string, spans: AgentStateSpan[]): Promise<void> {
  await client.query(
    upsertSpansFrom(
      `SELECT $1::text, agent_id, from_at, state, to_at, queues::jsonb, pause_reason, staffed_queues::text[]
       FROM unnest($2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::text[], $7::text[], $8::text[])
         AS s(agent_id, state, from_at, to_at, queues, pause_reason, staffed_queues)`,
    ),
    [
      site,
      spans.map((s) => s.agentId),
      spans.map((s) => s.state),
      spans.map((s) => iso(s.from)),
      spans.map((s) => iso(s.to)),
      spans.map((s) => JSON.stringify(s.queues)),
      spans.map((s) => s.pauseReason),
      // One array per span, each as its literal: unnest would flatten an array of arrays.
      spans.map((s) => textArrayLiteral(staffedQueuesOf(s))),
    ],
  );
}

/** The key of ring_no_answer: the same ring twice (a re-import) is one row. */
/** The keys of the history rows: facts with the same key are one row, the latest fact wins. */
export const callRowKey = (call: CallRecord): string => `${call.queueId}\n${call.callId}\n${call.enteredAt}`;
export const spanRowKey = (span: AgentStateSpan): string => `${span.agentId}\n${span.from}`;
export const ringKey = (ring: RingNoAnswer): string => `${ring.agentId}\n${ring.queueId}\n${ring.callId}\n${ring.at}`;

/** The ring rows `select` yields (site, agent_id, queue_id, call_id, at, ring_ms), inserted once. */
export const insertRingsFrom = (select: string): string =>
  `INSERT INTO ring_no_answer (site, agent_id, queue_id, call_id, at, ring_ms) ${select}
   ON CONFLICT (site, agent_id, queue_id, call_id, at) DO NOTHING`;

async function insertRings(client: pg.PoolClient, site: string, rings: RingNoAnswer[]): Promise<void> {
  await client.query(insertRingsFrom(`SELECT $1::text, * FROM unnest($2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::bigint[])`), [
    site,
    rings.map((r) => r.agentId),
    rings.map((r) => r.queueId),
    rings.map((r) => r.callId),
    rings.map((r) => iso(r.at)),
    rings.map((r) => Math.round(r.ringMs)),
  ]);
}

async function upsertEscalations(client: pg.PoolClient, site: string, records: EscalationRecord[]): Promise<void> {
  const column = <T>(pick: (r: EscalationRecord) => T): T[] => records.map(pick);
  await client.query(
    `INSERT INTO escalation_history (site, tracker, task_id, ticket_ref, opened_at, state, came_back_at, updated_at)
     SELECT $1::text, * FROM unnest($2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::timestamptz[], $8::timestamptz[])
     ON CONFLICT (site, tracker, task_id) DO UPDATE SET
       ticket_ref = EXCLUDED.ticket_ref, opened_at = EXCLUDED.opened_at, state = EXCLUDED.state,
       came_back_at = EXCLUDED.came_back_at, updated_at = EXCLUDED.updated_at
     WHERE escalation_history.updated_at <= EXCLUDED.updated_at`,
    [
      site,
      column((r) => r.tracker),
      column((r) => r.taskId),
      column((r) => r.ticketRef),
      column((r) => iso(r.openedAt)),
      column((r) => r.state),
      column((r) => isoOrNull(r.cameBackAt)),
      column((r) => iso(r.lastChangeAt)),
    ],
  );
}

async function upsertTickets(client: pg.PoolClient, site: string, tickets: TicketState[]): Promise<void> {
  const column = <T>(pick: (t: TicketState) => T): T[] => tickets.map(pick);
  await client.query(
    `INSERT INTO ticket_history (site, ticket_id, source, created_at, status, priority, channel, line, assignee,
       first_response_at, solved_at, reopen_count, first_response_due_at, first_response_met, resolution_due_at,
       resolution_met, updated_at)
     SELECT $1::text, * FROM unnest($2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::text[],
       $8::text[], $9::text[], $10::timestamptz[], $11::timestamptz[], $12::int[], $13::timestamptz[], $14::bool[],
       $15::timestamptz[], $16::bool[], $17::timestamptz[])
     ON CONFLICT (site, ticket_id) DO UPDATE SET
       source = EXCLUDED.source, created_at = EXCLUDED.created_at, status = EXCLUDED.status,
       priority = EXCLUDED.priority, channel = EXCLUDED.channel, line = EXCLUDED.line, assignee = EXCLUDED.assignee,
       first_response_at = EXCLUDED.first_response_at, solved_at = EXCLUDED.solved_at,
       reopen_count = EXCLUDED.reopen_count, first_response_due_at = EXCLUDED.first_response_due_at,
       first_response_met = EXCLUDED.first_response_met, resolution_due_at = EXCLUDED.resolution_due_at,
       resolution_met = EXCLUDED.resolution_met, updated_at = EXCLUDED.updated_at
     WHERE ticket_history.updated_at <= EXCLUDED.updated_at`,
    [
      site,
      column((t) => t.ticketId),
      column((t) => t.source),
      column((t) => iso(t.createdAt)),
      column((t) => t.status),
      column((t) => t.priority),
      column((t) => t.channel),
      column((t) => t.line),
      column((t) => t.assignee),
      column((t) => isoOrNull(t.firstResponseAt)),
      column((t) => isoOrNull(t.solvedAt)),
      column((t) => t.reopenCount),
      column((t) => isoOrNull(t.clocks.firstResponse.dueAt)),
      column((t) => t.clocks.firstResponse.stop?.met ?? null),
      column((t) => isoOrNull(t.clocks.resolution.dueAt)),
      column((t) => t.clocks.resolution.stop?.met ?? null),
      column((t) => iso(t.lastApplied.occurredAt)),
    ],
  );
}

/**
 * Intervals whose rollup the batch changes: each call's entry interval, and
 * every interval a span of a logged-in state overlaps (a logged-out span adds
 * nothing to staffing).
 */
export function touchedIntervals(calls: Iterable<CallRecord>, spans: Iterable<AgentStateSpan>): number[] {
  const touched = new Set<number>();
  for (const call of calls) touched.add(call.intervalStart);
  for (const span of spans) touchBySpan(touched, span);
  return [...touched].sort((a, b) => a - b);
}

/** Adds the intervals a span's rollup changes to `touched`. */
export function touchBySpan(touched: Set<number>, span: AgentStateSpan): void {
  if (span.state === 'loggedOut') return;
  for (let start = floorToInterval(span.from); start < span.to; start += INTERVAL_MS) touched.add(start);
}
