import { z } from 'zod';
import { boardNameSchema } from './boards';
import { liveSnapshotSchema } from './snapshot';
import { snapshotPatchSchema } from './snapshot-patch';

/**
 * The wallboard's socket.io protocol. A board joins once and receives the whole
 * snapshot; afterwards it receives patches (shared/snapshot-patch.ts) coalesced
 * over UPDATE_COALESCE_MS, a whole snapshot every WHOLE_SNAPSHOT_EVERY_MS as a
 * check, and a heartbeat so the page can tell "quiet" from "disconnected".
 *
 * Versions: the node a board is connected to numbers its updates within a
 * `stream` (one per server process). A patch takes version `from` to `to`; a
 * board applies it only on top of `from`, ignores one it is already past, and
 * otherwise (it missed one, or the stream changed) asks for the whole snapshot
 * with board:resync. A 100-agent board is about 20 kB whole and a few hundred
 * bytes per patch: 20 patches a second cost less than 4 whole snapshots did.
 */
export const PROTOCOL_VERSION = 2;

export const boardJoinSchema = z.object({
  board: boardNameSchema,
});
export type BoardJoin = z.infer<typeof boardJoinSchema>;

export const boardJoinReplySchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('ok'), protocol: z.literal(PROTOCOL_VERSION) }),
  z.object({ status: z.literal('error'), errors: z.array(z.string()) }),
]);
export type BoardJoinReply = z.infer<typeof boardJoinReplySchema>;

const versionSchema = z.number().int().nonnegative();

export const boardSnapshotSchema = z.object({
  protocol: z.literal(PROTOCOL_VERSION),
  board: z.string(),
  stream: z.string(),
  version: versionSchema,
  snapshot: liveSnapshotSchema,
});
export type BoardSnapshot = z.infer<typeof boardSnapshotSchema>;

export const boardPatchSchema = z.object({
  protocol: z.literal(PROTOCOL_VERSION),
  board: z.string(),
  stream: z.string(),
  from: versionSchema,
  to: versionSchema,
  patch: snapshotPatchSchema,
});
export type BoardPatch = z.infer<typeof boardPatchSchema>;

export const boardHeartbeatSchema = z.object({
  /** server time (ISO) */
  at: z.string(),
  /** seq of the last snapshot sent, so a client can see it is current */
  seq: z.number().int().nonnegative(),
  sourceConnected: z.boolean(),
  /** the newest update sent: a board on another stream or an older version missed one and asks for the whole */
  stream: z.string(),
  version: versionSchema,
});
export type BoardHeartbeat = z.infer<typeof boardHeartbeatSchema>;

/** Event names, `domain:verb` */
export const SocketEvents = {
  join: 'board:join',
  snapshot: 'board:snapshot',
  patch: 'board:patch',
  heartbeat: 'board:heartbeat',
  resync: 'board:resync',
} as const;

export interface ServerToClientEvents {
  'board:snapshot': (message: BoardSnapshot) => void;
  'board:patch': (message: BoardPatch) => void;
  'board:heartbeat': (message: BoardHeartbeat) => void;
}

export interface ClientToServerEvents {
  'board:join': (message: unknown, reply: (answer: BoardJoinReply) => void) => void;
  /** "send me the whole snapshot": answered with board:snapshot on the joined board */
  'board:resync': () => void;
}

export const HEARTBEAT_INTERVAL_MS = 2000;
/** the board shows an unmistakable stale warning after this long without data */
export const STALE_AFTER_MS = 10_000;
/** updates go out at most this often (the first change after a quiet spell at once); changes meanwhile make one patch */
export const UPDATE_COALESCE_MS = 50;
/** a whole snapshot replaces the patch this often, so a board whose state went wrong unnoticed is corrected */
export const WHOLE_SNAPSHOT_EVERY_MS = 5000;
