import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { countersOf } from '../../shared/call-counters';
import { progressOfRecord } from '../domain/call-tracking';
import type { AgentStateSpan, CallRecord, RingNoAnswer } from '../domain/live-state';
import { BinaryCopyReader, BinaryCopyRows, preparedValue } from './copy-binary';
import { COUNTER_COLUMNS } from './counter-columns';
import { staffedQueuesOf } from './staffed-queues';

/**
 * History rows for the bulk writer's COPYs, in binary form. Each kind's
 * column list names the order of its values: the history table's columns,
 * the site first (the staging tables have the same columns).
 */

export const CALL_COLUMNS = [
  'site', 'queue_id', 'call_id', 'entered_at', 'answered_at', 'ended_at', 'outcome', 'wait_sec', 'talk_sec', 'wrap_sec', 'agent_id',
  'answered_within_sl', 'short_abandon', 'day', 'interval_start', ...COUNTER_COLUMNS.map((c) => c.callColumn), 'caller_id',
];
export const SPAN_COLUMNS = ['site', 'agent_id', 'state', 'from_at', 'to_at', 'queues', 'pause_reason', 'staffed_queues'];
export const RING_COLUMNS = ['site', 'agent_id', 'queue_id', 'call_id', 'at', 'ring_ms'];

/** A call row: CALL_COLUMNS. Each carries what the call adds to every counter (countersOf), so the rollup only sums. */
export function writeCall(out: BinaryCopyRows, site: string, call: CallRecord): void {
  out.row(CALL_COLUMNS.length);
  out.text(site);
  out.text(call.queueId);
  out.text(call.callId);
  out.timestamp(call.enteredAt);
  out.timestamp(call.answeredAt);
  out.timestamp(call.endedAt);
  out.text(call.outcome);
  out.float8(call.waitSec);
  out.float8(call.talkSec);
  out.float8(call.wrapSec);
  out.text(call.agentId);
  out.bool(call.answeredWithinSl);
  out.bool(call.shortAbandon);
  out.date(call.day);
  out.timestamp(call.intervalStart);
  const adds = countersOf(progressOfRecord(call));
  for (const { field, sqlType } of COUNTER_COLUMNS) {
    if (sqlType === 'int') out.int4(adds[field]);
    else out.float8(adds[field]);
  }
  out.text(call.callerId);
}

/**
 * A span's memberships (jsonb) and staffed queues (text[]) as their values'
 * bytes, made once per memberships list: the reducer gives the spans of an
 * agent whose memberships did not change the same list, so most spans copy
 * two prepared values instead of encoding JSON and an array.
 */
const membershipColumns = new WeakMap<AgentStateSpan['queues'], { queues: Buffer; staffed: Buffer }>();

/** A span row: SPAN_COLUMNS. */
export function writeSpan(out: BinaryCopyRows, site: string, span: AgentStateSpan): void {
  let columns = membershipColumns.get(span.queues);
  if (columns === undefined) {
    const json = JSON.stringify(span.queues);
    const staffed = staffedQueuesOf(span);
    columns = { queues: preparedValue((value) => value.jsonb(json)), staffed: preparedValue((value) => value.textArray(staffed)) };
    membershipColumns.set(span.queues, columns);
  }
  out.row(SPAN_COLUMNS.length);
  out.text(site);
  out.text(span.agentId);
  out.text(span.state);
  out.timestamp(span.from);
  out.timestamp(span.to);
  out.prepared(columns.queues);
  out.text(span.pauseReason);
  out.prepared(columns.staffed);
}

/** A ring row: RING_COLUMNS. */
export function writeRing(out: BinaryCopyRows, site: string, ring: RingNoAnswer): void {
  out.row(RING_COLUMNS.length);
  out.text(site);
  out.text(ring.agentId);
  out.text(ring.queueId);
  out.text(ring.callId);
  out.timestamp(ring.at);
  out.int8(Math.round(ring.ringMs));
}

/**
 * Reading rows back into the facts they were written from (BinaryCopyReader,
 * `readFacts`): for a chunk Postgres refuses, whose facts are then set aside
 * one by one. Derived columns (the site, a call's counters, a span's staffed
 * queues) are passed over.
 */

function present<T>(value: T | null, column: string): T {
  if (value === null) throw new RangeError(`${column} is NULL in a row written with a value`);
  return value;
}

/** A call row (writeCall) as its call. */
export function readCall(rows: BinaryCopyReader): CallRecord {
  rows.skip();
  const queueId = present(rows.text(), 'queue_id');
  const callId = present(rows.text(), 'call_id');
  const enteredAt = present(rows.timestamp(), 'entered_at');
  const answeredAt = rows.timestamp();
  const endedAt = present(rows.timestamp(), 'ended_at');
  const outcome = present(rows.text(), 'outcome') as CallRecord['outcome'];
  const waitSec = rows.float8();
  const talkSec = rows.float8();
  const wrapSec = rows.float8();
  const agentId = rows.text();
  const answeredWithinSl = rows.bool();
  const shortAbandon = rows.bool();
  const day = rows.date();
  const intervalStart = present(rows.timestamp(), 'interval_start');
  for (let i = 0; i < COUNTER_COLUMNS.length; i++) rows.skip();
  const callerId = rows.text();
  return { queueId, callId, enteredAt, answeredAt, endedAt, outcome, waitSec, talkSec, wrapSec, agentId, answeredWithinSl, shortAbandon, callerId, day, intervalStart };
}

/** A span row (writeSpan) as its span. */
export function readSpan(rows: BinaryCopyReader): AgentStateSpan {
  rows.skip();
  const agentId = present(rows.text(), 'agent_id');
  const state = present(rows.text(), 'state');
  const from = present(rows.timestamp(), 'from_at');
  const to = present(rows.timestamp(), 'to_at');
  const queues = JSON.parse(rows.jsonb()) as AgentStateSpan['queues'];
  const pauseReason = rows.text();
  rows.skip();
  return { agentId, state, from, to, queues, pauseReason };
}

/** A ring row (writeRing) as its ring. */
export function readRing(rows: BinaryCopyReader): RingNoAnswer {
  rows.skip();
  const agentId = present(rows.text(), 'agent_id');
  const queueId = present(rows.text(), 'queue_id');
  const callId = present(rows.text(), 'call_id');
  const at = present(rows.timestamp(), 'at');
  const ringMs = rows.int8();
  return { agentId, queueId, callId, at, ringMs };
}

/** Every row of `pieces` (one COPY's bytes) read by `read`. */
export function readRows<T>(pieces: readonly Buffer[], read: (rows: BinaryCopyReader) => T): T[] {
  const rows = new BinaryCopyReader(Buffer.concat(pieces));
  const facts: T[] = [];
  while (rows.row() !== null) facts.push(read(rows));
  return facts;
}

/** One COPY's bytes (header, rows, trailer: BinaryCopyRows) into `table`, its `columns`. */
export async function copyPieces(client: pg.ClientBase, table: string, columns: readonly string[], pieces: readonly Buffer[]): Promise<void> {
  await pipeline(Readable.from(pieces, { objectMode: false }), client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN WITH (FORMAT binary)`)));
}
