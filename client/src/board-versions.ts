import { liveSnapshotSchema, type LiveSnapshot } from '../../shared/snapshot';
import { applySnapshotPatch } from '../../shared/snapshot-patch';
import type { BoardPatch } from '../../shared/socket-protocol';

/** Where a board stands in its server's update stream (socket-protocol.ts); null before the first whole snapshot. */
export interface BoardVersion {
  stream: string;
  version: number;
  snapshot: LiveSnapshot;
}

export type PatchOutcome =
  /** applied: the new state */
  | { kind: 'applied'; state: BoardVersion }
  /** a patch the board is already past (it came after a whole snapshot that includes it) */
  | { kind: 'stale' }
  /** the board missed an update, or follows another stream, or the result is not a valid snapshot: ask for the whole */
  | { kind: 'resync'; why: string };

/** Applies a (schema-checked) patch on top of the board's state, when it follows from it. Pure. */
export function followPatch(current: BoardVersion | null, message: BoardPatch): PatchOutcome {
  if (current === null) return { kind: 'resync', why: 'no whole snapshot yet' };
  if (message.stream !== current.stream) return { kind: 'resync', why: `stream ${message.stream}, not ${current.stream}` };
  if (message.to <= current.version) return { kind: 'stale' };
  if (message.from !== current.version) return { kind: 'resync', why: `missed versions ${current.version + 1}..${message.from}` };
  const snapshot = liveSnapshotSchema.safeParse(applySnapshotPatch(current.snapshot, message.patch));
  if (!snapshot.success) return { kind: 'resync', why: 'the patched snapshot is not valid' };
  return { kind: 'applied', state: { stream: message.stream, version: message.to, snapshot: snapshot.data } };
}

/** A heartbeat names the newest update sent: a board behind it, or on another stream, missed one. */
export function missedUpdate(current: BoardVersion | null, heartbeat: { stream: string; version: number }): boolean {
  return current !== null && (heartbeat.stream !== current.stream || heartbeat.version > current.version);
}
