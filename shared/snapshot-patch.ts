import { z } from 'zod';
import { agentRowSchema, liveSnapshotSchema, queueTileSchema, type AgentRow, type LiveSnapshot, type QueueTile } from './snapshot';
import { ticketSnapshotSchema, type TicketSnapshot } from './ticket-snapshot';

/**
 * A typed diff between two live snapshots, in the manner of tldraw's record
 * diffs: per keyed collection (queue tiles, agent rows) the records added,
 * the fields changed of the records kept, and the ids removed; for the
 * snapshot's other fields (and the ticket desk's) the fields changed. A
 * changed field carries its whole new value: a tile's `today` is one object of
 * a few dozen numbers, and finer diffs would cost more bookkeeping than bytes.
 *
 * `applySnapshotPatch(a, diffSnapshots(a, b))` equals `b` (checked
 * property-based in test/unit/realtime/snapshot-patch.test.ts). An optional
 * top-level field that went away is named in `unset`; keyed records and the
 * ticket desk have no optional fields, so their "changed fields" never has to
 * say "removed".
 */

const keyedDiffSchema = <T extends z.ZodObject>(record: T) =>
  z.object({
    added: z.array(record).optional(),
    updated: z.array(z.object({ id: z.string(), set: record.partial() })).optional(),
    removed: z.array(z.string()).optional(),
    /** every id in its new order, when it is not the kept ones in their old order followed by the added */
    order: z.array(z.string()).optional(),
  });

export const snapshotPatchSchema = z.object({
  set: liveSnapshotSchema.omit({ queues: true, agents: true, tickets: true }).partial().optional(),
  /** optional top-level fields the new snapshot no longer has */
  unset: z.array(z.string()).optional(),
  /** null: the snapshot has no ticket desk any more; otherwise its changed fields (all of them when it is new) */
  tickets: ticketSnapshotSchema.partial().nullable().optional(),
  queues: keyedDiffSchema(queueTileSchema).optional(),
  agents: keyedDiffSchema(agentRowSchema).optional(),
});
export type SnapshotPatch = z.infer<typeof snapshotPatchSchema>;

export interface KeyedDiff<T extends { id: string }> {
  added?: T[];
  updated?: { id: string; set: Partial<T> }[];
  removed?: string[];
  order?: string[];
}

type Plain = Record<string, unknown>;

/** fields with a diff of their own: `unset` never names them */
const KEYED_OR_TICKETS = new Set(['queues', 'agents', 'tickets']);

/** The patch that turns `from` into `to`; empty ({}) when they are equal. */
export function diffSnapshots(from: LiveSnapshot, to: LiveSnapshot): SnapshotPatch {
  const patch: SnapshotPatch = {};
  const { queues: fromQueues, agents: fromAgents, tickets: fromTickets, ...fromRest } = from;
  const { queues: toQueues, agents: toAgents, tickets: toTickets, ...toRest } = to;
  const set = changedFields(fromRest, toRest);
  if (set) patch.set = set as SnapshotPatch['set'];
  const unset = Object.keys(fromRest).filter((key) => !Object.hasOwn(toRest, key));
  if (unset.length > 0) patch.unset = unset;
  if (toTickets === undefined) {
    if (fromTickets !== undefined) patch.tickets = null;
  } else {
    const tickets = fromTickets === undefined ? toTickets : changedFields(fromTickets, toTickets);
    if (tickets) patch.tickets = tickets as Partial<TicketSnapshot>;
  }
  const queues = diffKeyed(fromQueues, toQueues);
  if (queues) patch.queues = queues;
  const agents = diffKeyed(fromAgents, toAgents);
  if (agents) patch.agents = agents;
  return patch;
}

export function isEmptyPatch(patch: SnapshotPatch): boolean {
  return Object.keys(patch).length === 0;
}

/** `base` with `patch` applied; records the patch does not touch are kept (same objects). */
export function applySnapshotPatch(base: LiveSnapshot, patch: SnapshotPatch): LiveSnapshot {
  const next: LiveSnapshot = { ...base, ...patch.set };
  for (const key of patch.unset ?? []) if (!KEYED_OR_TICKETS.has(key)) delete (next as Record<string, unknown>)[key];
  if (patch.tickets === null) delete next.tickets;
  else if (patch.tickets) next.tickets = { ...base.tickets, ...patch.tickets } as TicketSnapshot;
  if (patch.queues) next.queues = applyKeyed(base.queues, patch.queues as KeyedDiff<QueueTile>);
  if (patch.agents) next.agents = applyKeyed(base.agents, patch.agents as KeyedDiff<AgentRow>);
  return next;
}

function diffKeyed<T extends { id: string }>(from: readonly T[], to: readonly T[]): KeyedDiff<T> | null {
  const before = new Map(from.map((record) => [record.id, record]));
  const after = new Set(to.map((record) => record.id));
  const diff: KeyedDiff<T> = {};
  const added: T[] = [];
  const updated: { id: string; set: Partial<T> }[] = [];
  for (const record of to) {
    const old = before.get(record.id);
    if (old === undefined) added.push(record);
    else {
      const set = changedFields(old as unknown as Plain, record as unknown as Plain);
      if (set) updated.push({ id: record.id, set: set as Partial<T> });
    }
  }
  const removed = from.filter((record) => !after.has(record.id)).map((record) => record.id);
  if (added.length > 0) diff.added = added;
  if (updated.length > 0) diff.updated = updated;
  if (removed.length > 0) diff.removed = removed;
  const natural = naturalOrder(from, diff);
  if (!sameIds(natural, to)) diff.order = to.map((record) => record.id);
  return Object.keys(diff).length === 0 ? null : diff;
}

function applyKeyed<T extends { id: string }>(base: readonly T[], diff: KeyedDiff<T>): T[] {
  const removed = new Set(diff.removed);
  const updates = new Map(diff.updated?.map((u) => [u.id, u.set]));
  const records = base.filter((record) => !removed.has(record.id)).map((record) => {
    const set = updates.get(record.id);
    return set ? { ...record, ...set } : record;
  });
  records.push(...(diff.added ?? []));
  if (!diff.order) return records;
  const byId = new Map(records.map((record) => [record.id, record]));
  return diff.order.flatMap((id) => byId.get(id) ?? []);
}

/** The ids apply arrives at without `order`: the kept ones in their old order, then the added. */
function naturalOrder<T extends { id: string }>(from: readonly T[], diff: KeyedDiff<T>): string[] {
  const removed = new Set(diff.removed);
  return [...from.filter((record) => !removed.has(record.id)), ...(diff.added ?? [])].map((record) => record.id);
}

function sameIds(ids: readonly string[], records: readonly { id: string }[]): boolean {
  return ids.length === records.length && ids.every((id, i) => id === records[i]!.id);
}

/** The fields of `to` that differ from `from`'s, or null when none do. Fields only `from` has are not reported (see `unset`). */
function changedFields(from: object, to: object): Plain | null {
  let set: Plain | null = null;
  const old = from as Plain;
  for (const [key, value] of Object.entries(to)) {
    if (!sameJson(old[key], value)) (set ??= {})[key] = value;
  }
  return set;
}

/** Deep equality of JSON data (what snapshots are made of). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => sameJson(item, b[i]));
  }
  if (Array.isArray(b)) return false;
  const aKeys = Object.keys(a);
  if (aKeys.length !== Object.keys(b).length) return false;
  return aKeys.every((key) => Object.hasOwn(b, key) && sameJson((a as Plain)[key], (b as Plain)[key]));
}
