import { z } from 'zod';
import { liveSnapshotSchema } from './snapshot';

/**
 * The wallboard's socket.io protocol. A board joins once and receives the whole
 * snapshot; afterwards it receives coalesced snapshots (at most a few a second)
 * and a heartbeat so the page can tell "quiet" from "disconnected".
 *
 * Updates are whole snapshots, not patches: a board holds about 100 agents and a
 * handful of queues (a few kB), so a full snapshot per update costs less than the
 * bookkeeping of patches, and a client that missed one simply takes the next.
 */
export const PROTOCOL_VERSION = 1;

export const boardJoinSchema = z.object({
  board: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[a-z0-9][a-z0-9_-]*$/i, 'board names are letters, digits, - and _'),
});
export type BoardJoin = z.infer<typeof boardJoinSchema>;

export const boardJoinReplySchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('ok'), protocol: z.literal(PROTOCOL_VERSION) }),
  z.object({ status: z.literal('error'), errors: z.array(z.string()) }),
]);
export type BoardJoinReply = z.infer<typeof boardJoinReplySchema>;

export const boardSnapshotSchema = z.object({
  protocol: z.literal(PROTOCOL_VERSION),
  board: z.string(),
  snapshot: liveSnapshotSchema,
});
export type BoardSnapshot = z.infer<typeof boardSnapshotSchema>;

export const boardHeartbeatSchema = z.object({
  /** server time (ISO) */
  at: z.string(),
  /** seq of the last snapshot sent, so a client can see it is current */
  seq: z.number().int().nonnegative(),
  sourceConnected: z.boolean(),
});
export type BoardHeartbeat = z.infer<typeof boardHeartbeatSchema>;

/** Event names, `domain:verb` */
export const SocketEvents = {
  join: 'board:join',
  snapshot: 'board:snapshot',
  heartbeat: 'board:heartbeat',
} as const;

export interface ServerToClientEvents {
  'board:snapshot': (message: BoardSnapshot) => void;
  'board:heartbeat': (message: BoardHeartbeat) => void;
}

export interface ClientToServerEvents {
  'board:join': (message: unknown, reply: (answer: BoardJoinReply) => void) => void;
}

export const HEARTBEAT_INTERVAL_MS = 2000;
/** the board shows an unmistakable stale warning after this long without data */
export const STALE_AFTER_MS = 10_000;
/** at most this many updates a second per board */
export const MAX_UPDATES_PER_SECOND = 4;
