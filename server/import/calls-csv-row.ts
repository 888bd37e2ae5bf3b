import { createHash } from 'node:crypto';
import { parseOutcome, parseTime, type CallOutcome, type CallsMapping, type TimeFormat } from './calls-csv-mapping';

/**
 * One CSV record, checked and typed: the mapped cells become a call, or the
 * first problem with its reason.
 */

export const CSV_SKIP_REASONS = ['csv_syntax', 'missing_value', 'value_too_long', 'bad_time', 'bad_number', 'bad_outcome', 'time_order'] as const;
export type CsvSkipReason = (typeof CSV_SKIP_REASONS)[number];

export interface CsvCall {
  queueId: string;
  callId: string;
  enteredAt: number;
  answeredAt: number | null;
  endedAt: number;
  outcome: CallOutcome;
  agentId: string | null;
  /** the caller's number as the source wrote it (normalised when its row is made); null = unknown */
  callerId: string | null;
  /** seconds given by the source; null = from the times */
  waitSec: number | null;
  talkSec: number | null;
  wrapSec: number | null;
}

export type CsvRowResult = { ok: true; call: CsvCall } | { ok: false; reason: CsvSkipReason; message: string };

/** the longest queue, agent or call id accepted (they become keys) */
const MAX_ID = 200;
/** a day: no single wait, talk or wrap-up is longer */
const MAX_SECONDS = 86_400;

const FORMAT_NAMES: Record<TimeFormat, string> = {
  auto: 'an ISO 8601 or epoch time',
  iso: 'an ISO 8601 time',
  epoch: 'an epoch time in seconds',
  'epoch-ms': 'an epoch time in milliseconds',
};

type Cells = Partial<Record<keyof CallsMapping, string>>;

/** Why a record is skipped: thrown by the cell readers, caught once per record. */
class Skip {
  constructor(
    readonly reason: CsvSkipReason,
    readonly message: string,
  ) {}
}

const quoted = (text: string): string => JSON.stringify(text.slice(0, 40));

/** A mapped cell, trimmed: empty is null (or a missing value when `required`). */
function cell(cells: Cells, key: keyof CallsMapping, required: boolean): string | null {
  const text = cells[key]?.trim() ?? '';
  if (text !== '') return text;
  if (required) throw new Skip('missing_value', `${key} is empty`);
  return null;
}

function id(cells: Cells, key: keyof CallsMapping, required: boolean): string | null {
  const text = cell(cells, key, required);
  if (text !== null && text.length > MAX_ID) throw new Skip('value_too_long', `${key} is longer than ${MAX_ID} characters`);
  return text;
}

function seconds(cells: Cells, key: keyof CallsMapping): number | null {
  const text = cell(cells, key, false);
  if (text === null) return null;
  const n = Number(text);
  if (Number.isFinite(n) && n >= 0 && n <= MAX_SECONDS && /^\d+(\.\d+)?$/.test(text)) return n;
  throw new Skip('bad_number', `${key} ${quoted(text)} is not a number of seconds (0 to ${MAX_SECONDS})`);
}

/**
 * The reader of one record's mapped cells: a call, or the first problem in
 * the order queue, entered, ended, answered, outcome, callid, agent, caller,
 * wait, talk, wrap, then the times' order, with its reason. Hand-written
 * rather than a zod schema: zod's object parsing was a fifth of the import,
 * and its speed varied twofold from run to run.
 */
export function csvRowReader(format: TimeFormat, timeZone: string): (cells: Cells) => CsvRowResult {
  const time = (cells: Cells, key: keyof CallsMapping, required: boolean): number | null => {
    const text = cell(cells, key, required);
    if (text === null) return null;
    const ms = parseTime(text, format, timeZone);
    if (ms === null) throw new Skip('bad_time', `${key} ${quoted(text)} is not ${FORMAT_NAMES[format]}`);
    return ms;
  };
  const outcomeOf = (cells: Cells): CallOutcome | null => {
    const text = cell(cells, 'outcome', false);
    if (text === null) return null;
    const outcome = parseOutcome(text);
    if (outcome === null) throw new Skip('bad_outcome', `outcome ${quoted(text)} is not answered, abandoned or timedout`);
    return outcome;
  };
  const read = (cells: Cells): CsvCall => {
    const queueId = id(cells, 'queue', true) as string;
    const entered = time(cells, 'entered', true) as number;
    const ended = time(cells, 'ended', true) as number;
    const answered = time(cells, 'answered', false);
    const given = outcomeOf(cells);
    const callId = id(cells, 'callid', false);
    const agentId = id(cells, 'agent', false);
    const callerId = id(cells, 'caller', false);
    const waitSec = seconds(cells, 'wait');
    const talkSec = seconds(cells, 'talk');
    const wrapSec = seconds(cells, 'wrap');
    const outcome = given ?? (answered !== null ? 'answered' : 'abandoned');
    if (outcome === 'answered' && answered === null) throw new Skip('missing_value', 'answered is empty for an answered call');
    if (ended < entered) throw new Skip('time_order', 'ended is before entered');
    if (answered !== null && (answered < entered || answered > ended)) throw new Skip('time_order', 'answered is not between entered and ended');
    return {
      queueId,
      callId: callId ?? contentId([queueId, entered, answered, ended, agentId]),
      enteredAt: entered,
      answeredAt: outcome === 'answered' ? answered : null,
      endedAt: ended,
      outcome,
      agentId,
      callerId,
      waitSec,
      talkSec,
      wrapSec,
    };
  };
  return (cells) => {
    try {
      return { ok: true, call: read(cells) };
    } catch (error) {
      if (error instanceof Skip) return { ok: false, reason: error.reason, message: error.message };
      throw error;
    }
  };
}

/** A call id from the row's own values: the same row gets the same id on every import. */
function contentId(values: readonly (string | number | null)[]): string {
  return `csv-${createHash('sha1').update(JSON.stringify(values)).digest('hex').slice(0, 20)}`;
}
