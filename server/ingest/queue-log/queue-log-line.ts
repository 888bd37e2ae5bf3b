import { readWallDateTime } from '../wall-date-time';
/**
 * One line of Asterisk's queue_log (/var/log/asterisk/queue_log):
 *
 *   epoch|callid|queue|agent|VERB|data1|data2|...
 *
 * callid is the caller channel's Uniqueid (the same id AMI events carry), or
 * NONE / REALTIME on member and system lines; queue and agent are NONE when
 * not applicable. agent is the member name (MemberName), not the interface,
 * except on PAUSEALL / UNPAUSEALL where app_queue writes the interface.
 *
 * The data fields per verb follow app_queue.c's ast_queue_log() calls and
 * Asterisk's "Queue Logs" documentation. Versions differ, and the parser takes
 * each shape:
 *  - ENTERQUEUE is url|callerid before 1.8 and url|callerid|position since;
 *  - CONNECT gained ringtime (seconds) in 1.6; EXITWITHTIMEOUT and EXITWITHKEY
 *    carried only the position (and key) before origposition|waittime were added;
 *  - TRANSFER (until 11) became BLINDTRANSFER and ATTENDEDTRANSFER in 12, the
 *    latter as BRIDGE|bridge, APP|app or LINK|chan1|chan2 before holdtime|calltime|origposition;
 *  - ADDMEMBER carries PAUSED when the member was added paused (13+), else nothing.
 * Lines exported from a realtime queue_log table (data1..data5 columns, or one
 * `data` column holding the pipes) come back with empty trailing fields: those
 * are dropped, so every export shape parses the same.
 *
 * Parsing never throws: a bad line comes back as a reason the importer counts.
 */

/** Longest line accepted, in UTF-16 code units; real lines are well under 300. */
export const MAX_QUEUE_LOG_LINE_LENGTH = 8192;
/** More data fields than any verb writes (ATTENDEDTRANSFER LINK has 6) with room for custom QueueLog() lines. */
const MAX_DATA_FIELDS = 16;

export type QueueLogDetail =
  | { verb: 'ENTERQUEUE'; url: string | null; callerId: string | null; position: number | null }
  | { verb: 'CONNECT'; holdSec: number; memberUniqueId: string | null; ringSec: number | null }
  | { verb: 'COMPLETECALLER' | 'COMPLETEAGENT'; holdSec: number; talkSec: number; origPosition: number | null }
  | {
      verb: 'ABANDON' | 'EXITWITHTIMEOUT' | 'EXITEMPTY';
      position: number | null;
      origPosition: number | null;
      waitSec: number | null;
    }
  | { verb: 'EXITWITHKEY'; key: string; position: number | null; origPosition: number | null; waitSec: number | null }
  | { verb: 'RINGNOANSWER'; ringMs: number }
  | { verb: 'RINGCANCELED'; ringMs: number | null }
  | {
      verb: 'TRANSFER' | 'BLINDTRANSFER';
      extension: string;
      context: string;
      holdSec: number;
      talkSec: number;
      origPosition: number | null;
    }
  | {
      verb: 'ATTENDEDTRANSFER';
      /** BRIDGE (bridges merged), APP (an application took the call), LINK (bridges linked by local channels) */
      method: string;
      /** the bridge id, the application, or `chan1|chan2` for LINK */
      target: string;
      holdSec: number;
      talkSec: number;
      origPosition: number | null;
    }
  | { verb: 'ADDMEMBER'; paused: boolean }
  | { verb: 'REMOVEMEMBER' | 'AGENTDUMP' | 'QUEUESTART' | 'CONFIGRELOAD' | 'SYSCOMPAT' }
  | { verb: 'PAUSE' | 'UNPAUSE' | 'PAUSEALL' | 'UNPAUSEALL'; reason: string | null }
  /** AGENTCALLBACKLOGIN (1.4 callback agents) records exten@context where AGENTLOGIN records the channel */
  | { verb: 'AGENTLOGIN' | 'AGENTCALLBACKLOGIN'; channel: string | null }
  | { verb: 'AGENTLOGOFF' | 'AGENTCALLBACKLOGOFF'; channel: string | null; loginSec: number | null }
  /** written by dialplan (QueueLog app, e.g. FreePBX) before Queue(): the number dialled */
  | { verb: 'DID'; did: string | null }
  | { verb: 'INFO'; info: string };

export type QueueLogVerb = QueueLogDetail['verb'];

export type QueueLogLine = QueueLogDetail & {
  /** epoch milliseconds */
  at: number;
  /** the caller's Uniqueid; null for NONE, REALTIME or empty */
  callId: string | null;
  /** null for NONE or empty */
  queue: string | null;
  /** the member name; null for NONE or empty */
  agent: string | null;
  /** the raw data fields after the verb, empty trailing fields dropped */
  data: readonly string[];
};

export const QUEUE_LOG_REJECT_REASONS = [
  'empty',
  'too_long',
  'too_few_fields',
  'too_many_fields',
  'bad_epoch',
  'unknown_verb',
  'missing_field',
  'bad_field',
] as const;
export type QueueLogRejectReason = (typeof QUEUE_LOG_REJECT_REASONS)[number];

export type QueueLogParseResult =
  | { ok: true; line: QueueLogLine }
  | { ok: false; reason: QueueLogRejectReason; detail: string };

export interface QueueLogParseOptions {
  /**
   * Read a `YYYY-MM-DD HH:MM:SS[.ffffff]` first field as UTC. Realtime
   * queue_log tables store such times, in UTC when queue_log_realtime_use_gmt
   * is on, else in the PBX's local time; only the UTC form has a meaning
   * without a time zone, so without this option such a line is a bad_epoch.
   */
  utcDateTimeStamps?: boolean;
}

export function parseQueueLogLine(text: string, options: QueueLogParseOptions = {}): QueueLogParseResult {
  let end = text.length;
  if (end > MAX_QUEUE_LOG_LINE_LENGTH + 2) return reject('too_long', `${end} characters`);
  while (end > 0 && (text.charCodeAt(end - 1) === 10 || text.charCodeAt(end - 1) === 13)) end--;
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (end - start > MAX_QUEUE_LOG_LINE_LENGTH) return reject('too_long', `${end - start} characters`);
  if (end <= start) return reject('empty', 'blank line');
  const body = start === 0 && end === text.length ? text : text.slice(start, end);

  const fields = body.split('|', 5 + MAX_DATA_FIELDS + 1);
  if (fields.length < 5) return reject('too_few_fields', `${fields.length} fields, at least 5 expected`);
  if (fields.length > 5 + MAX_DATA_FIELDS) return reject('too_many_fields', `more than ${MAX_DATA_FIELDS} data fields`);
  const at = parseTimestamp(fields[0]!, options.utcDateTimeStamps === true);
  if (at === null) return reject('bad_epoch', `timestamp ${quote(fields[0]!)}`);
  const verb = fields[4]!;
  const readDetail = DETAIL_READERS.get(verb);
  if (!readDetail) return reject('unknown_verb', `verb ${quote(verb)}`);

  let dataEnd = fields.length;
  while (dataEnd > 5 && fields[dataEnd - 1] === '') dataEnd--;
  const data = fields.slice(5, dataEnd);
  const detail = readDetail(new DataFields(verb, data));
  if (detail instanceof FieldError) return reject(detail.reason, detail.message);
  // The detail is a fresh object: completing it in place spares a copy per line.
  const line: QueueLogLine = Object.assign(detail, {
    at,
    callId: idOrNull(fields[1]!, true),
    queue: idOrNull(fields[2]!, false),
    agent: idOrNull(fields[3]!, false),
    data,
  });
  return { ok: true, line };
}

class FieldError {
  constructor(
    readonly reason: 'missing_field' | 'bad_field',
    readonly message: string,
  ) {}
}

/** Typed access to the data fields of one line; a missing or malformed field is a FieldError. */
class DataFields {
  private error: FieldError | null = null;

  constructor(
    private readonly verb: string,
    private readonly values: readonly string[],
  ) {}

  text(index: number): string | null {
    const value = this.values[index];
    return value === undefined || value === '' ? null : value;
  }

  /** the rest of the fields from index on, joined with the pipes they were split at */
  rest(index: number): string {
    return this.values.slice(index).join('|');
  }

  requiredText(index: number, name: string): string {
    const value = this.text(index);
    if (value === null) this.fail('missing_field', `${this.verb} data${index + 1} (${name}) is missing`);
    return value ?? '';
  }

  /** a whole number >= 0, or null when the field is absent (older Asterisk versions write fewer) */
  optionalCount(index: number, name: string): number | null {
    const value = this.text(index);
    if (value === null) return null;
    const parsed = wholeNumber(value);
    if (parsed === null) this.fail('bad_field', `${this.verb} data${index + 1} (${name}) is not a whole number: ${quote(value)}`);
    return parsed;
  }

  requiredCount(index: number, name: string): number {
    const value = this.optionalCount(index, name);
    if (value === null && !this.error) this.fail('missing_field', `${this.verb} data${index + 1} (${name}) is missing`);
    return value ?? 0;
  }

  /** the detail, unless a field failed on the way */
  done<T>(detail: T): T | FieldError {
    return this.error ?? detail;
  }

  private fail(reason: FieldError['reason'], message: string): void {
    this.error ??= new FieldError(reason, message);
  }
}

type DetailReader = (d: DataFields) => QueueLogDetail | FieldError;

const callerExit =
  (verb: 'ABANDON' | 'EXITWITHTIMEOUT' | 'EXITEMPTY'): DetailReader =>
  (d) =>
    d.done({
      verb,
      position: d.optionalCount(0, 'position'),
      origPosition: d.optionalCount(1, 'origposition'),
      waitSec: d.optionalCount(2, 'waittime'),
    });

const completion =
  (verb: 'COMPLETECALLER' | 'COMPLETEAGENT'): DetailReader =>
  (d) =>
    d.done({
      verb,
      holdSec: d.requiredCount(0, 'holdtime'),
      talkSec: d.requiredCount(1, 'calltime'),
      origPosition: d.optionalCount(2, 'origposition'),
    });

const extensionTransfer =
  (verb: 'TRANSFER' | 'BLINDTRANSFER'): DetailReader =>
  (d) =>
    d.done({
      verb,
      extension: d.text(0) ?? '',
      context: d.text(1) ?? '',
      holdSec: d.requiredCount(2, 'holdtime'),
      talkSec: d.requiredCount(3, 'calltime'),
      origPosition: d.optionalCount(4, 'origposition'),
    });

const pause =
  (verb: 'PAUSE' | 'UNPAUSE' | 'PAUSEALL' | 'UNPAUSEALL'): DetailReader =>
  (d) =>
    d.done({ verb, reason: d.text(0) });

const noData =
  (verb: 'REMOVEMEMBER' | 'AGENTDUMP' | 'QUEUESTART' | 'CONFIGRELOAD' | 'SYSCOMPAT'): DetailReader =>
  () => ({ verb });

const login =
  (verb: 'AGENTLOGIN' | 'AGENTCALLBACKLOGIN'): DetailReader =>
  (d) =>
    d.done({ verb, channel: d.text(0) });

const logoff =
  (verb: 'AGENTLOGOFF' | 'AGENTCALLBACKLOGOFF'): DetailReader =>
  (d) =>
    d.done({ verb, channel: d.text(0), loginSec: d.optionalCount(1, 'logintime') });

const DETAIL_READERS = new Map<string, DetailReader>([
  [
    'ENTERQUEUE',
    (d) => d.done({ verb: 'ENTERQUEUE', url: d.text(0), callerId: d.text(1), position: d.optionalCount(2, 'position') }),
  ],
  [
    'CONNECT',
    (d) =>
      d.done({
        verb: 'CONNECT',
        holdSec: d.requiredCount(0, 'holdtime'),
        memberUniqueId: d.text(1),
        ringSec: d.optionalCount(2, 'ringtime'),
      }),
  ],
  ['COMPLETECALLER', completion('COMPLETECALLER')],
  ['COMPLETEAGENT', completion('COMPLETEAGENT')],
  ['ABANDON', callerExit('ABANDON')],
  ['EXITWITHTIMEOUT', callerExit('EXITWITHTIMEOUT')],
  ['EXITEMPTY', callerExit('EXITEMPTY')],
  [
    'EXITWITHKEY',
    (d) =>
      d.done({
        verb: 'EXITWITHKEY',
        key: d.requiredText(0, 'key'),
        position: d.optionalCount(1, 'position'),
        origPosition: d.optionalCount(2, 'origposition'),
        waitSec: d.optionalCount(3, 'waittime'),
      }),
  ],
  ['RINGNOANSWER', (d) => d.done({ verb: 'RINGNOANSWER', ringMs: d.requiredCount(0, 'ringtime') })],
  ['RINGCANCELED', (d) => d.done({ verb: 'RINGCANCELED', ringMs: d.optionalCount(0, 'ringtime') })],
  ['TRANSFER', extensionTransfer('TRANSFER')],
  ['BLINDTRANSFER', extensionTransfer('BLINDTRANSFER')],
  [
    'ATTENDEDTRANSFER',
    (d) => {
      const method = d.requiredText(0, 'method');
      // LINK names two channels, the other methods one target: the times follow it.
      const times = method === 'LINK' ? 3 : 2;
      return d.done({
        verb: 'ATTENDEDTRANSFER',
        method,
        target: method === 'LINK' ? `${d.text(1) ?? ''}|${d.text(2) ?? ''}` : (d.text(1) ?? ''),
        holdSec: d.requiredCount(times, 'holdtime'),
        talkSec: d.requiredCount(times + 1, 'calltime'),
        origPosition: d.optionalCount(times + 2, 'origposition'),
      });
    },
  ],
  ['ADDMEMBER', (d) => d.done({ verb: 'ADDMEMBER', paused: d.text(0) === 'PAUSED' })],
  ['REMOVEMEMBER', noData('REMOVEMEMBER')],
  ['PAUSE', pause('PAUSE')],
  ['UNPAUSE', pause('UNPAUSE')],
  ['PAUSEALL', pause('PAUSEALL')],
  ['UNPAUSEALL', pause('UNPAUSEALL')],
  ['AGENTLOGIN', login('AGENTLOGIN')],
  ['AGENTCALLBACKLOGIN', login('AGENTCALLBACKLOGIN')],
  ['AGENTLOGOFF', logoff('AGENTLOGOFF')],
  ['AGENTCALLBACKLOGOFF', logoff('AGENTCALLBACKLOGOFF')],
  ['AGENTDUMP', noData('AGENTDUMP')],
  ['QUEUESTART', noData('QUEUESTART')],
  ['CONFIGRELOAD', noData('CONFIGRELOAD')],
  ['SYSCOMPAT', noData('SYSCOMPAT')],
  ['DID', (d) => d.done({ verb: 'DID', did: d.text(0) })],
  ['INFO', (d) => d.done({ verb: 'INFO', info: d.rest(0) })],
]);

/** The verbs the parser knows (everything else is an unknown_verb). */
export const QUEUE_LOG_VERBS: readonly QueueLogVerb[] = [...DETAIL_READERS.keys()] as QueueLogVerb[];

function idOrNull(value: string, realtimeIsNone: boolean): string | null {
  if (value === '' || value === 'NONE') return null;
  // REALTIME stands in for the call id on lines about realtime members.
  if (realtimeIsNone && value === 'REALTIME') return null;
  return value;
}

/** Epoch seconds have 10 digits until 2286; 11 leaves room and still rejects 13-digit milliseconds. */
const MAX_EPOCH_DIGITS = 11;

/** Epoch seconds (`1700000000` or `1700000000.123456`) to ms, or a UTC date-time when allowed. */
function parseTimestamp(value: string, utcDateTimes: boolean): number | null {
  let dot = -1;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 46 && dot === -1 && i > 0) dot = i;
    else if (c < 48 || c > 57) return utcDateTimes ? parseUtcDateTime(value) : null;
  }
  const integerDigits = dot === -1 ? value.length : dot;
  if (integerDigits === 0 || integerDigits > MAX_EPOCH_DIGITS || dot === value.length - 1) return null;
  const seconds = Number(value);
  return seconds > 0 ? Math.round(seconds * 1000) : null;
}

/** `YYYY-MM-DD HH:MM:SS` with an optional `.fraction` (a `T` may stand for the space). */
function parseUtcDateTime(value: string): number | null {
  const read = readWallDateTime(value);
  if (read === null || read.end !== 19) return null;
  let fractionMs = 0;
  if (value.length > 19) {
    const fraction = value.slice(20);
    if (value[19] !== '.' || fraction === '' || wholeNumber(fraction) === null) return null;
    fractionMs = Math.round(Number(`0.${fraction}`) * 1000);
  }
  return read.wall + fractionMs;
}

function wholeNumber(value: string): number | null {
  if (value.length === 0 || value.length > 15) return null;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return null;
  }
  return Number(value);
}

function quote(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
}

function reject(reason: QueueLogRejectReason, detail: string): QueueLogParseResult {
  return { ok: false, reason, detail };
}
