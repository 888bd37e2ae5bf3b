import { callKey, type AgentRecord, type LiveState, type QueueRecord, type TrackedCall, type WaitingCaller } from '../domain/live-state';

/**
 * A light check of live records read back from Redis, where a person with
 * redis-cli may have edited them. It checks the JSON parses, every top-level
 * field has the right kind, and the record belongs under its hash field; nested
 * objects are only checked to be objects. Cheap enough to run on every read of
 * hundreds of agents several times a second.
 *
 * The shapes are tied to the domain interfaces with `satisfies`, so a field
 * added to a record fails to compile here until the check knows it.
 */

type FieldKind = 'string' | 'number' | 'boolean' | 'object' | 'string?' | 'number?' | 'boolean?' | 'object?';
type Shape<T> = Record<keyof T, FieldKind>;

const queueShape = { id: 'string', serviceLevelSec: 'number' } satisfies Shape<QueueRecord>;

const waitingShape = {
  queueId: 'string',
  callId: 'string',
  joinedAt: 'number',
  position: 'number',
  callerId: 'string?',
} satisfies Shape<WaitingCaller>;

const agentShape = {
  id: 'string',
  name: 'string',
  memberships: 'object',
  deviceStatus: 'number',
  onCall: 'object?',
  ringingFor: 'object?',
  wrapUntil: 'number?',
  wrapupSec: 'number',
  stateSince: 'number',
  lastState: 'string',
  answeredDay: 'string',
  answeredToday: 'number',
} satisfies Shape<AgentRecord>;

const callShape = {
  queueId: 'string',
  callId: 'string',
  joinedAt: 'number',
  day: 'string',
  intervalStart: 'number',
  connected: 'boolean',
  connectedAt: 'number?',
  holdSec: 'number?',
  answeredWithinSl: 'boolean?',
  agentId: 'string?',
  abandonHoldSec: 'number?',
  leftAt: 'number?',
} satisfies Shape<TrackedCall>;

type RecordOf<K extends keyof LiveState> = LiveState[K][string];

interface RecordCheck<T> {
  shape: Shape<T>;
  /** the hash field the record must be stored under */
  fieldOf(record: T): string;
}

const checks: { [K in keyof LiveState]: RecordCheck<RecordOf<K>> } = {
  queues: { shape: queueShape, fieldOf: (queue) => queue.id },
  waiting: { shape: waitingShape, fieldOf: (caller) => callKey(caller.queueId, caller.callId) },
  agents: { shape: agentShape, fieldOf: (agent) => agent.id },
  calls: { shape: callShape, fieldOf: (call) => callKey(call.queueId, call.callId) },
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasKind(value: unknown, kind: FieldKind): boolean {
  const optional = kind.endsWith('?');
  if (optional && value === null) return true;
  const base = optional ? kind.slice(0, -1) : kind;
  if (base === 'object') return isObject(value);
  if (base === 'number') return typeof value === 'number' && Number.isFinite(value);
  return typeof value === base;
}

export type LiveRecordResult<T> = { ok: true; record: T } | { ok: false; reason: string };

export function parseLiveRecord<K extends keyof LiveState>(
  kind: K,
  hashField: string,
  json: string,
): LiveRecordResult<RecordOf<K>> {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  if (!isObject(value)) return { ok: false, reason: 'not an object' };
  const check = checks[kind] as RecordCheck<RecordOf<K>>;
  for (const [name, fieldKind] of Object.entries(check.shape) as [string, FieldKind][]) {
    if (!hasKind(value[name], fieldKind)) return { ok: false, reason: `field ${name} is not ${fieldKind}` };
  }
  const record = value as unknown as RecordOf<K>;
  if (check.fieldOf(record) !== hashField) return { ok: false, reason: 'stored under another key' };
  return { ok: true, record };
}
