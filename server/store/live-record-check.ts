import { callKey, type AgentRecord, type LiveState, type QueueRecord, type TrackedCall, type WaitingCaller } from '../domain/live-state';
import { isPlainObject, parseStoredRecord, type FieldRule, type StoredRecordResult } from './stored-record';

/**
 * The check of live records read back from Redis (stored-record.ts): every
 * top-level field has the right kind, and the record belongs under its hash
 * field; nested objects are only checked to be objects. Cheap enough to run on
 * every read of hundreds of agents several times a second.
 *
 * The shapes are tied to the domain interfaces with `satisfies`, so a field
 * added to a record fails to compile here until the check knows it.
 */

type FieldKind = 'string' | 'number' | 'boolean' | 'object' | 'string?' | 'number?' | 'boolean?' | 'object?' | 'string-' | 'object-' | 'array-';
type Shape<T> = Record<keyof T, FieldKind>;

const queueShape = { id: 'string', serviceLevelSec: 'number', pbxCounts: 'object-', linkGaps: 'array-' } satisfies Shape<QueueRecord>;

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
  callerId: 'string-',
} satisfies Shape<TrackedCall>;

type RecordOf<K extends keyof LiveState> = LiveState[K][string];

interface RecordCheck<T> {
  rules: readonly FieldRule[];
  /** the hash field the record must be stored under */
  fieldOf(record: T): string;
}

/** `?`: may be null; `-`: may be absent (fields added later, missing from records written before). */
function hasKind(value: unknown, kind: FieldKind): boolean {
  const nullable = kind.endsWith('?');
  const absentable = kind.endsWith('-');
  if ((nullable && value === null) || (absentable && value === undefined)) return true;
  const base = nullable || absentable ? kind.slice(0, -1) : kind;
  if (base === 'object') return isPlainObject(value);
  if (base === 'array') return Array.isArray(value);
  if (base === 'number') return typeof value === 'number' && Number.isFinite(value);
  return typeof value === base;
}

function rulesOf<T>(shape: Shape<T>): FieldRule[] {
  return (Object.entries(shape) as [string, FieldKind][]).map(([name, kind]) => ({
    name,
    expected: kind,
    test: (value) => hasKind(value, kind),
  }));
}

const checks: { [K in keyof LiveState]: RecordCheck<RecordOf<K>> } = {
  queues: { rules: rulesOf(queueShape), fieldOf: (queue) => queue.id },
  waiting: { rules: rulesOf(waitingShape), fieldOf: (caller) => callKey(caller.queueId, caller.callId) },
  agents: { rules: rulesOf(agentShape), fieldOf: (agent) => agent.id },
  calls: { rules: rulesOf(callShape), fieldOf: (call) => callKey(call.queueId, call.callId) },
};

export function parseLiveRecord<K extends keyof LiveState>(
  kind: K,
  hashField: string,
  json: string,
): StoredRecordResult<RecordOf<K>> {
  const check = checks[kind] as RecordCheck<RecordOf<K>>;
  return parseStoredRecord(json, check.rules, check.fieldOf, hashField);
}
