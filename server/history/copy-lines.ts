import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { countersOf } from '../../shared/call-counters';
import { DAY_MS } from '../../shared/site-time';
import { progressOfRecord } from '../domain/call-tracking';
import type { AgentStateSpan, CallRecord, RingNoAnswer } from '../domain/live-state';
import { COUNTER_COLUMNS } from './counter-columns';
import { staffedQueuesOf, textArrayLiteral } from './staffed-queues';

/**
 * History rows as lines of COPY's text format, for the bulk writer. The
 * column lists name the order of each line's values: the history tables'
 * columns but the site (which the writer puts first when the rows go straight
 * into a history table).
 */

export const CALL_COLUMNS = [
  'queue_id', 'call_id', 'entered_at', 'answered_at', 'ended_at', 'outcome', 'wait_sec', 'talk_sec', 'wrap_sec', 'agent_id',
  'answered_within_sl', 'short_abandon', 'day', 'interval_start', ...COUNTER_COLUMNS.map((c) => c.callColumn), 'caller_id',
].join(', ');
export const SPAN_COLUMNS = 'agent_id, state, from_at, to_at, queues, pause_reason, staffed_queues';

/** COPY text format: these four characters are escaped in a value; \N is null. */
const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

export function copyText(value: string | null): string {
  if (value === null) return '\\N';
  return NEEDS_ESCAPE.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c] as string) : value;
}

const bool = (value: boolean): string => (value ? 't' : 'f');

const two = (n: number): string => (n < 10 ? `0${n}` : `${n}`);
const three = (n: number): string => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

/** The date part of timestamps by day since the epoch (bounded: an import's rows come a few days at a time). */
const dayTexts = new Map<number, string>();
const MAX_DAY_TEXTS = 1_000;

/**
 * A timestamptz in UTC to whole milliseconds (the fraction dropped, as a Date
 * drops it: the live writer stores timestamps from Dates). Date.toISOString
 * costs about 0.7 µs, a tenth of an import's time per line; this reuses the
 * day's text and costs about a seventh of that.
 */
export function copyTimestamp(ms: number | null): string {
  if (ms === null) return '\\N';
  const whole = Math.trunc(ms);
  const day = Math.floor(whole / DAY_MS);
  let dayText = dayTexts.get(day);
  if (dayText === undefined) {
    const date = new Date(day * DAY_MS).toISOString();
    // Years outside 0000-9999 are written with a sign and six digits: left to Postgres as an ISO string.
    if (date.length !== 24) return new Date(whole).toISOString();
    if (dayTexts.size >= MAX_DAY_TEXTS) dayTexts.clear();
    dayText = `${date.slice(0, 10)} `;
    dayTexts.set(day, dayText);
  }
  let rest = whole - day * DAY_MS;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  return `${dayText}${two(hours)}:${two(minutes)}:${two(seconds)}.${three(rest - seconds * 1000)}+00`;
}

/** A call row: CALL_COLUMNS. Each carries what the call adds to every counter (countersOf), so the rollup only sums. */
export function callLine(call: CallRecord): string {
  const adds = countersOf(progressOfRecord(call));
  let line =
    `${copyText(call.queueId)}\t${copyText(call.callId)}\t${copyTimestamp(call.enteredAt)}\t${copyTimestamp(call.answeredAt)}\t` +
    `${copyTimestamp(call.endedAt)}\t${call.outcome}\t${call.waitSec}\t${call.talkSec}\t${call.wrapSec}\t${copyText(call.agentId)}\t` +
    `${bool(call.answeredWithinSl)}\t${bool(call.shortAbandon)}\t${call.day}\t${copyTimestamp(call.intervalStart)}`;
  for (const { field } of COUNTER_COLUMNS) line += `\t${adds[field]}`;
  return `${line}\t${copyText(call.callerId)}\n`;
}

/** A span row: SPAN_COLUMNS. */
export function spanLine(span: AgentStateSpan): string {
  return (
    `${copyText(span.agentId)}\t${copyText(span.state)}\t${copyTimestamp(span.from)}\t${copyTimestamp(span.to)}\t` +
    `${copyText(JSON.stringify(span.queues))}\t${copyText(span.pauseReason)}\t${copyText(textArrayLiteral(staffedQueuesOf(span)))}\n`
  );
}

/** A ring row for the staging table: agent_id, queue_id, call_id, at in epoch milliseconds, ring_ms. */
export function ringLine(ring: RingNoAnswer): string {
  return `${copyText(ring.agentId)}\t${copyText(ring.queueId)}\t${copyText(ring.callId)}\t${Math.trunc(ring.at)}\t${Math.round(ring.ringMs)}\n`;
}

/** About 256 kB per write to the socket. */
const ROWS_PER_PIECE = 1_000;

/** The rows through `sql` (a COPY ... FROM STDIN); `prefix` starts every line (the site, when they go straight into a history table). */
export async function copyIn<T>(client: pg.ClientBase, sql: string, rows: readonly T[], line: (row: T) => string, prefix = ''): Promise<void> {
  function* pieces(): Generator<string> {
    for (let i = 0; i < rows.length; i += ROWS_PER_PIECE) {
      let piece = '';
      const end = Math.min(rows.length, i + ROWS_PER_PIECE);
      for (let j = i; j < end; j++) piece += prefix + line(rows[j] as T);
      yield piece;
    }
  }
  await pipeline(Readable.from(pieces(), { objectMode: false }), client.query(copyFrom(sql)));
}
