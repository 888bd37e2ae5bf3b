import type { TicketState } from '../domain/sla/ticket-state';
import { ticketKey } from '../domain/tickets/ticket-ops';
import type { TicketRow } from '../domain/tickets/ticket-row';

/**
 * A light check of ticket records read back from Redis, where someone with
 * redis-cli may have edited them (the same spirit as live-record-check.ts):
 * the JSON parses, the fields the board and the reducer branch on have the
 * right kind and vocabulary, and the record belongs under its key. Clocks are
 * only checked to be there.
 */

type FieldCheck = (value: unknown) => boolean;

const string: FieldCheck = (value) => typeof value === 'string';
const number: FieldCheck = (value) => typeof value === 'number' && Number.isFinite(value);
const object: FieldCheck = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
const array: FieldCheck = (value) => Array.isArray(value);
const oneOf =
  (...values: string[]): FieldCheck =>
  (value) =>
    typeof value === 'string' && values.includes(value);

const common = {
  source: oneOf('generic', 'zendesk', 'jira'),
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

export type TicketRecordResult<T> = { ok: true; record: T } | { ok: false; reason: string };

export function parseStoredTicketState(key: string, json: string): TicketRecordResult<TicketState> {
  return parseWithShape<TicketState>(stateShape, key, json);
}

export function parseStoredTicketRow(key: string, json: string): TicketRecordResult<TicketRow> {
  return parseWithShape<TicketRow>(rowShape, key, json);
}

function parseWithShape<T extends { source: TicketState['source']; ticketId: string }>(
  shape: Partial<Record<keyof T, FieldCheck>>,
  key: string,
  json: string,
): TicketRecordResult<T> {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  if (!object(value)) return { ok: false, reason: 'not an object' };
  const fields = value as Record<string, unknown>;
  for (const [name, check] of Object.entries(shape) as [string, FieldCheck][]) {
    if (!check(fields[name])) return { ok: false, reason: `field ${name} is not as written` };
  }
  const record = value as T;
  if (ticketKey(record) !== key) return { ok: false, reason: 'stored under another key' };
  return { ok: true, record };
}
