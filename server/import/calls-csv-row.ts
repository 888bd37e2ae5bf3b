import { createHash } from 'node:crypto';
import { z } from 'zod';
import { parseOutcome, parseTime, type CallOutcome, type CallsMapping, type TimeFormat } from './calls-csv-mapping';

/**
 * One CSV record, checked and typed: a zod schema built from the mapping turns
 * the mapped cells into a call, or into the first problem with its reason.
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
  /** the caller's number as the source wrote it (the reducer normalises it); null = unknown */
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

const fail = (ctx: z.RefinementCtx, reason: CsvSkipReason, message: string): never => {
  ctx.addIssue({ code: 'custom', message, params: { reason } });
  return z.NEVER;
};

/** A mapped cell, trimmed: empty is null (or a missing value when `required`), anything else is read by `parse`. */
function cell<T>(name: string, required: boolean, parse: (text: string, ctx: z.RefinementCtx) => T) {
  return z
    .string()
    .optional()
    .transform((value, ctx): T | null => {
      const text = value?.trim() ?? '';
      if (text === '') return required ? fail(ctx, 'missing_value', `${name} is empty`) : null;
      return parse(text, ctx);
    });
}

const quoted = (text: string): string => JSON.stringify(text.slice(0, 40));

function id(name: string, required: boolean) {
  return cell(name, required, (text, ctx) =>
    text.length > MAX_ID ? fail(ctx, 'value_too_long', `${name} is longer than ${MAX_ID} characters`) : text,
  );
}

function time(name: string, required: boolean, format: TimeFormat, timeZone: string) {
  return cell(name, required, (text, ctx) => {
    const ms = parseTime(text, format, timeZone);
    return ms === null ? fail(ctx, 'bad_time', `${name} ${quoted(text)} is not ${FORMAT_NAMES[format]}`) : ms;
  });
}

function seconds(name: string) {
  return cell(name, false, (text, ctx) => {
    const n = Number(text);
    return Number.isFinite(n) && n >= 0 && n <= MAX_SECONDS && /^\d+(\.\d+)?$/.test(text)
      ? n
      : fail(ctx, 'bad_number', `${name} ${quoted(text)} is not a number of seconds (0 to ${MAX_SECONDS})`);
  });
}

/** The schema for the mapped cells of one record. */
export function csvRowSchema(format: TimeFormat, timeZone: string) {
  return z
    .object({
      queue: id('queue', true),
      entered: time('entered', true, format, timeZone),
      ended: time('ended', true, format, timeZone),
      answered: time('answered', false, format, timeZone),
      outcome: cell(
        'outcome',
        false,
        (text, ctx) => parseOutcome(text) ?? fail(ctx, 'bad_outcome', `outcome ${quoted(text)} is not answered, abandoned or timedout`),
      ),
      callid: id('callid', false),
      agent: id('agent', false),
      caller: id('caller', false),
      wait: seconds('wait'),
      talk: seconds('talk'),
      wrap: seconds('wrap'),
    })
    .transform((row, ctx): CsvCall => {
      const entered = row.entered as number;
      const ended = row.ended as number;
      const outcome = row.outcome ?? (row.answered !== null ? 'answered' : 'abandoned');
      if (outcome === 'answered' && row.answered === null) fail(ctx, 'missing_value', 'answered is empty for an answered call');
      if (ended < entered) fail(ctx, 'time_order', 'ended is before entered');
      if (row.answered !== null && (row.answered < entered || row.answered > ended)) fail(ctx, 'time_order', 'answered is not between entered and ended');
      const queueId = row.queue as string;
      return {
        queueId,
        callId: row.callid ?? contentId([queueId, entered, row.answered, ended, row.agent]),
        enteredAt: entered,
        answeredAt: outcome === 'answered' ? row.answered : null,
        endedAt: ended,
        outcome,
        agentId: row.agent,
        callerId: row.caller,
        waitSec: row.wait,
        talkSec: row.talk,
        wrapSec: row.wrap,
      };
    });
}

export type CsvRowSchema = ReturnType<typeof csvRowSchema>;

export function readCsvRow(schema: CsvRowSchema, cells: Cells): CsvRowResult {
  const parsed = schema.safeParse(cells);
  if (parsed.success) return { ok: true, call: parsed.data };
  const issue = parsed.error.issues[0]!;
  const reason = ((issue as { params?: { reason?: CsvSkipReason } }).params?.reason ?? 'missing_value') as CsvSkipReason;
  return { ok: false, reason, message: issue.message };
}

/** A call id from the row's own values: the same row gets the same id on every import. */
function contentId(values: readonly (string | number | null)[]): string {
  return `csv-${createHash('sha1').update(JSON.stringify(values)).digest('hex').slice(0, 20)}`;
}
