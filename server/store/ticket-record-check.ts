import type { TicketState } from '../domain/sla/ticket-state';
import { ticketKey } from '../domain/tickets/ticket-ops';
import type { TicketRow } from '../domain/tickets/ticket-row';
import { isPlainObject, parseStoredRecord, type FieldRule, type StoredRecordResult } from './stored-record';

/**
 * The check of ticket records read back from Redis (stored-record.ts): the
 * fields the board and the reducer branch on have the right kind and
 * vocabulary, and the record belongs under its key. Clocks are only checked to
 * be there.
 */

type FieldCheck = (value: unknown) => boolean;

const string: FieldCheck = (value) => typeof value === 'string';
const number: FieldCheck = (value) => typeof value === 'number' && Number.isFinite(value);
const object: FieldCheck = isPlainObject;
const array: FieldCheck = (value) => Array.isArray(value);
const oneOf =
  (...values: string[]): FieldCheck =>
  (value) =>
    typeof value === 'string' && values.includes(value);

const common = {
  source: oneOf('generic', 'zendesk', 'jira', 'zammad', 'freshdesk', 'helpscout'),
  ticketId: string,
  subject: string,
  createdAt: number,
  status: oneOf('new', 'open', 'pending', 'onHold', 'solved', 'closed'),
  priority: oneOf('low', 'medium', 'high'),
  channel: oneOf('email', 'portal', 'chat', 'phone', 'messenger'),
  line: oneOf('L1', 'L2', 'L3'),
};

const stateShape: Partial<Record<keyof TicketState, FieldCheck>> = { ...common, clocks: object, olas: array, lastApplied: object };
const rowShape: Record<keyof TicketRow, FieldCheck> = { ...common, clocks: array };

/** Every field named in the shape must pass its check. */
function rulesOf(shape: Partial<Record<string, FieldCheck>>): FieldRule[] {
  return Object.entries(shape).map(([name, check]) => ({ name, expected: 'as written', test: check! }));
}

const stateRules = rulesOf(stateShape);
const rowRules = rulesOf(rowShape);

export function parseStoredTicketState(key: string, json: string): StoredRecordResult<TicketState> {
  return parseStoredRecord<TicketState>(json, stateRules, ticketKey, key);
}

export function parseStoredTicketRow(key: string, json: string): StoredRecordResult<TicketRow> {
  return parseStoredRecord<TicketRow>(json, rowRules, ticketKey, key);
}
