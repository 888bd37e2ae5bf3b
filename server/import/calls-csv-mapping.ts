import { DateTime } from 'luxon';
import { z } from 'zod';
import { instantOfSteadyWallTime } from '../../shared/site-time';
import { digitsAt, isDigit, readWallDateTime } from '../ingest/wall-date-time';

/**
 * How a CSV of call records from another system maps onto history call rows:
 * `--map entered=COL,answered=COL,ended=COL,queue=COL,...`, each COL a header
 * name (or, without a header row, a 1-based column number), and how its time
 * values are written.
 *
 * Keys: queue, entered, ended are required; answered (empty or absent: not
 * answered), outcome (answered / abandoned / timedout and their Asterisk
 * names; absent: answered when there is an answer time, else abandoned),
 * callid (absent: a hash of the row's values, so a re-import finds the same
 * rows), agent, caller (the caller's number, for callbacks; absent or
 * empty: unknown), wait, talk, wrap (seconds; absent: from the times, and wrap
 * from the queue's wrap-up setting).
 */

export const MAPPING_KEYS = ['queue', 'entered', 'answered', 'ended', 'outcome', 'callid', 'agent', 'caller', 'wait', 'talk', 'wrap'] as const;
export type MappingKey = (typeof MAPPING_KEYS)[number];

const column = z.string().trim().min(1, 'names no column');

export const callsMappingSchema = z
  .object({
    queue: column,
    entered: column,
    ended: column,
    answered: column.optional(),
    outcome: column.optional(),
    callid: column.optional(),
    agent: column.optional(),
    caller: column.optional(),
    wait: column.optional(),
    talk: column.optional(),
    wrap: column.optional(),
  })
  .strict();
export type CallsMapping = z.infer<typeof callsMappingSchema>;

/** Parses `key=COL,key=COL`; throws one error naming every problem. */
export function parseMapping(text: string): CallsMapping {
  const pairs: Record<string, string> = {};
  const problems: string[] = [];
  for (const part of text.split(',')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0) {
      problems.push(`"${part}" is not key=COLUMN`);
      continue;
    }
    const key = part.slice(0, eq).trim().toLowerCase();
    if (key in pairs) problems.push(`${key} is mapped twice`);
    pairs[key] = part.slice(eq + 1);
  }
  const parsed = callsMappingSchema.safeParse(pairs);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (issue.code === 'unrecognized_keys') problems.push(`unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')} (known: ${MAPPING_KEYS.join(', ')})`);
      else if (issue.code === 'invalid_type') problems.push(`${issue.path.join('.')} is required`);
      else problems.push(`${issue.path.join('.')}: ${issue.message}`);
    }
  }
  if (problems.length > 0 || !parsed.success) throw new Error(`--map: ${problems.join('; ')}`);
  return parsed.data;
}

export const TIME_FORMATS = ['auto', 'iso', 'epoch', 'epoch-ms'] as const;
export type TimeFormat = (typeof TIME_FORMATS)[number];

const EPOCH_SECONDS = /^\d{9,11}(\.\d{1,9})?$/;
const EPOCH_MS = /^\d{12,14}$/;

/**
 * A time value to epoch ms, or null when it is not one. ISO 8601 (`T` or a
 * space between date and time) without an offset is site time; epoch values
 * are seconds (10 digits, a fraction allowed) or, with `epoch-ms` or 13 digits
 * in `auto`, milliseconds.
 */
export function parseTime(value: string, format: TimeFormat, timeZone: string): number | null {
  const text = value.trim();
  if (format === 'epoch') return epochSeconds(text);
  if (format === 'epoch-ms') return EPOCH_MS.test(text) ? Number(text) : null;
  // The common ISO shape first: it is nearly every export's, and never digits alone.
  const common = parseCommonIsoTime(text, timeZone);
  if (common !== null) return common;
  if (format === 'auto') {
    const seconds = epochSeconds(text);
    if (seconds !== null) return seconds;
    if (EPOCH_MS.test(text)) return Number(text);
  }
  let time = DateTime.fromISO(text, { zone: timeZone });
  if (!time.isValid) time = DateTime.fromSQL(text, { zone: timeZone });
  return time.isValid ? time.toMillis() : null;
}

function epochSeconds(text: string): number | null {
  return EPOCH_SECONDS.test(text) ? Math.round(Number(text) * 1000) : null;
}

/**
 * The common shape of ISO time, `2025-12-01 09:00:10`,
 * `2025-12-01T09:00:10.250+03:00` or `...Z` (nearly every export's), read
 * without luxon, which works out the zone's offset anew for every value
 * (wall-date-time.ts reads the date and time); null for anything
 * else, and for a local time near an offset change, which luxon then reads
 * (the same instant where both read it: a unit test compares).
 */
function parseCommonIsoTime(text: string, timeZone: string): number | null {
  const read = readWallDateTime(text);
  if (read === null) return null;
  const length = text.length;
  let at = read.end;
  let ms = 0;
  if (at === 19 && text[at] === '.') {
    const from = at + 1;
    let end = from;
    while (end < length && end - from < 10 && isDigit(text.charCodeAt(end))) end++;
    if (end === from || end - from > 9) return null;
    // milliseconds, truncated as luxon does
    ms = Math.floor(Number(`0.${text.slice(from, end)}`) * 1000);
    at = end;
  }
  const wall = read.wall + ms;
  if (at === length) return instantOfSteadyWallTime(timeZone, wall);
  const sign = text[at];
  if (sign === 'Z') return at + 1 === length ? wall : null;
  if (sign !== '+' && sign !== '-') return null;
  const offsetHours = digitsAt(text, at + 1, 2);
  if (offsetHours < 0) return null;
  at += 3;
  let offsetMinutes = 0;
  if (at < length) {
    if (text[at] === ':') at++;
    offsetMinutes = digitsAt(text, at, 2);
    if (offsetMinutes < 0 || offsetMinutes > 59 || at + 2 !== length) return null;
  }
  const offset = offsetHours * 60 + offsetMinutes;
  if (offset > 18 * 60) return null;
  return wall - (sign === '-' ? -1 : 1) * offset * 60_000;
}

export type CallOutcome = 'answered' | 'abandoned' | 'timedOut';

const OUTCOME_NAMES: Record<string, CallOutcome> = {
  answered: 'answered',
  answer: 'answered',
  connected: 'answered',
  completed: 'answered',
  completecaller: 'answered',
  completeagent: 'answered',
  abandoned: 'abandoned',
  abandon: 'abandoned',
  timedout: 'timedOut',
  timeout: 'timedOut',
  exitwithtimeout: 'timedOut',
  exitempty: 'timedOut',
  exitwithkey: 'timedOut',
};

/** `Answered`, `ABANDON`, `timed_out`, `EXITWITHTIMEOUT` ...; null when unknown. */
export function parseOutcome(value: string): CallOutcome | null {
  return OUTCOME_NAMES[value.toLowerCase().replace(/[\s_-]/g, '')] ?? null;
}
