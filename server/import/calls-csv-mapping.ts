import { DateTime } from 'luxon';
import { z } from 'zod';
import { instantOfSteadyWallTime } from '../../shared/site-time';

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
 * without luxon, which works out the zone's offset anew for every value, and
 * without a regex (a calls CSV has three times a record); null for anything
 * else, and for a local time near an offset change, which luxon then reads
 * (the same instant where both read it: a unit test compares).
 */
function parseCommonIsoTime(text: string, timeZone: string): number | null {
  const length = text.length;
  if (length < 16 || text[4] !== '-' || text[7] !== '-' || (text[10] !== 'T' && text[10] !== ' ') || text[13] !== ':') return null;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  // 31 April is not a date (Date.UTC would roll it over into May)
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour < 0 || hour > 23 || minute < 0 || minute > 59) return null;
  let at = 16;
  let second = 0;
  let ms = 0;
  if (text[at] === ':') {
    second = digitsAt(text, at + 1, 2);
    if (second < 0 || second > 59) return null;
    at += 3;
    if (text[at] === '.') {
      const from = at + 1;
      let end = from;
      while (end < length && end - from < 10 && isDigit(text.charCodeAt(end))) end++;
      if (end === from || end - from > 9) return null;
      // milliseconds, truncated as luxon does
      ms = Math.floor(Number(`0.${text.slice(from, end)}`) * 1000);
      at = end;
    }
  }
  const wall = Date.UTC(year, month - 1, day, hour, minute, second) + ms;
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

function daysInMonth(year: number, month: number): number {
  if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** The number written by `count` digits at `from`; -1 when one of them is not a digit. */
function digitsAt(text: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const code = text.charCodeAt(i);
    if (!isDigit(code)) return -1;
    value = value * 10 + code - 48;
  }
  return value;
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
