import { randomUUID } from 'node:crypto';
import type { Server, Socket } from 'socket.io';
import type { LiveSnapshot } from '../../shared/snapshot';
import {
  boardJoinSchema,
  HEARTBEAT_INTERVAL_MS,
  PROTOCOL_VERSION,
  UPDATE_COALESCE_MS,
  WHOLE_SNAPSHOT_EVERY_MS,
  type BoardSnapshot,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '../../shared/socket-protocol';
import type { Logger } from '../observability/logger';
import type { WallboardMetrics } from '../observability/metrics';
import { RateLimitedLog } from '../observability/rate-limited-log';
import type { SnapshotService } from '../snapshot/snapshot-service';
import { inSlices } from './in-slices';
import { SeqWatch, type SeqWatchOptions } from './seq-watch';
import { TokenBucket } from './token-bucket';
import { UpdateSequence, type Update } from './update-sequence';

export type WallboardIo = Server<ClientToServerEvents, ServerToClientEvents>;
type WallboardSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

export interface BoardBroadcasterOptions {
  io: WallboardIo;
  snapshots: SnapshotService;
  logger: Logger;
  metrics: WallboardMetrics;
  sourceConnected: () => boolean;
  /** the clock snapshots are stamped with (default Date.now): heartbeats must tell the same time */
  clock?: () => number;
  /** time-derived figures (longest wait, wrap-up ending) change without events: rebuild this often */
  refreshMs?: number;
  heartbeatMs?: number;
  /** the store's change counter: followed so that changes applied by another node reach this node's boards */
  storeSeq?: () => Promise<number>;
  /** the store's pushes of its new seq, where it has them (seq-watch.ts); else storeSeq is polled every seqPollMs */
  storeSeqPushes?: SeqWatchOptions['subscribe'];
  seqPollMs?: number;
  /** sockets written per event-loop turn */
  sliceSize?: number;
  wholeEveryMs?: number;
}

const ROOM_PREFIX = 'board:';

/** board:join per socket: a burst of JOIN_BURST, then one per JOIN_PERIOD_MS / JOIN_BURST. A board joins once per connection. */
const JOIN_BURST = 5;
const JOIN_PERIOD_MS = 10_000;
/** board:resync per socket, the same way: a board asks only after it missed an update */
const RESYNC_BURST = 5;
const RESYNC_PERIOD_MS = 10_000;
/** at 20 updates a second, half a poll's worth of delay at most */
const DEFAULT_SEQ_POLL_MS = 25;
/** about 5 ms of writes per turn on this machine (a whole push to 1,000 sockets took about 25 ms) */
const DEFAULT_SLICE_SIZE = 250;

/**
 * Writing an update to the sockets may take at most this share of the event
 * loop: the gap to the next push grows with the time the last one took (10,000
 * boards on one node would otherwise leave ingest no time).
 */
const MAX_FAN_OUT_SHARE = 0.25;

/**
 * Pushes the live snapshot to board rooms: the whole snapshot on join, then
 * patches coalesced over UPDATE_COALESCE_MS (leading edge: a quiet board's
 * first change goes out at once; longer when writing to the sockets takes over
 * MAX_FAN_OUT_SHARE of the time), the whole snapshot every wholeEveryMs as a
 * check, and a heartbeat naming the newest version. A room is written in
 * slices of sliceSize sockets, one per event-loop turn.
 *
 * A slow client never holds up the others and never accumulates a backlog:
 * an update it cannot take yet (its previous one is still unflushed) is
 * skipped for it, and it is owed the whole snapshot, sent instead of the next
 * update it can take (the refresh pushes at least every refreshMs while
 * anything changes; a quiet board catches up at the next refresh).
 */
export class BoardBroadcaster {
  /** names this process's version sequence: a board that reconnects to another node must not apply its patches */
  readonly stream = randomUUID().slice(0, 8);
  /** UPDATE_COALESCE_MS, longer while writing an update takes the loop long (see broadcast) */
  private minGapMs = UPDATE_COALESCE_MS;
  private readonly sequence: UpdateSequence;
  /** the newest version every board has been sent (a broadcast in slices spans turns): what heartbeats announce */
  private sentVersion = 0;
  private lastEmitAt = Number.NEGATIVE_INFINITY;
  /** when the last update was written to the boards */
  private lastBroadcastAt = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | null = null;
  private building = false;
  private dirty = false;
  /** the build under way, shared by every push and join that needs one meanwhile */
  private pendingBuild: Promise<LiveSnapshot> | null = null;
  /** ids of sockets skipped while slow, owed the whole snapshot */
  private readonly behind = new Set<string>();
  private readonly intervals: NodeJS.Timeout[] = [];
  private readonly seqWatch: SeqWatch | null;
  private stopped = false;

  /** a store that stays down fails every refresh */
  private readonly warnings: RateLimitedLog;

  constructor(private readonly options: BoardBroadcasterOptions) {
    this.warnings = new RateLimitedLog(options.logger);
    this.sequence = new UpdateSequence(options.wholeEveryMs ?? WHOLE_SNAPSHOT_EVERY_MS);
    this.seqWatch = options.storeSeq
      ? new SeqWatch({
          readSeq: options.storeSeq,
          onChange: () => this.changed(),
          pollMs: options.seqPollMs ?? DEFAULT_SEQ_POLL_MS,
          ...(options.storeSeqPushes ? { subscribe: options.storeSeqPushes } : {}),
        })
      : null;
  }

  start(): void {
    const { io } = this.options;
    io.on('connection', (socket) => this.onConnection(socket));
    this.intervals.push(setInterval(() => this.changed(), this.options.refreshMs ?? 1000));
    this.intervals.push(setInterval(() => void this.heartbeat(), this.options.heartbeatMs ?? HEARTBEAT_INTERVAL_MS));
    this.seqWatch?.start();
  }

  stop(): void {
    this.stopped = true;
    for (const interval of this.intervals) clearInterval(interval);
    this.seqWatch?.stop();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** The live state changed: push soon, within the coalescing gap. */
  changed(): void {
    this.dirty = true;
    this.schedule();
  }

  private schedule(): void {
    if (this.timer || this.building || this.stopped) return;
    const wait = this.lastEmitAt + this.minGapMs - performance.now();
    this.timer = setTimeout(() => {
      this.timer = null;
      // Node timers count whole milliseconds and can fire up to 1 ms early: pushes stay strictly more than minGapMs apart.
      if (performance.now() - this.lastEmitAt <= this.minGapMs) this.schedule();
      else void this.push();
    }, Math.max(0, Math.ceil(wait)));
  }

  private async push(): Promise<void> {
    this.building = true;
    this.dirty = false;
    try {
      const snapshot = await this.build();
      this.lastEmitAt = performance.now();
      const update = this.sequence.next(snapshot, performance.now());
      if (update) await this.broadcast(update);
      else this.catchUp();
    } catch (error) {
      this.warnings.warn('snapshot-build', { err: error }, 'could not build the live snapshot');
    } finally {
      this.building = false;
      if (this.dirty) this.schedule();
    }
  }

  /** One snapshot build at a time: joins and a push that need one meanwhile share it. */
  private build(): Promise<LiveSnapshot> {
    if (!this.pendingBuild) {
      this.options.metrics.snapshotBuilds.inc();
      this.pendingBuild = this.options.snapshots.current().finally(() => {
        this.pendingBuild = null;
      });
    }
    return this.pendingBuild;
  }

  /** The newest pushed snapshot; before the first push, one built now becomes version 1. */
  private async current(): Promise<LiveSnapshot> {
    if (this.sequence.latest) return this.sequence.latest;
    const snapshot = await this.build();
    if (!this.sequence.latest) this.sequence.next(snapshot, performance.now());
    return this.sequence.latest ?? snapshot;
  }

  /**
   * Writes the update to every board room, sliceSize sockets per turn. A socket
   * still flushing an earlier update is skipped and owed the whole snapshot; one
   * owed it that can take it now gets it instead of the patch.
   */
  private async broadcast(update: Update): Promise<void> {
    const { io, metrics } = this.options;
    const sliceSize = this.options.sliceSize ?? DEFAULT_SLICE_SIZE;
    let writingMs = 0;
    for (const room of this.boardRooms()) {
      const board = room.slice(ROOM_PREFIX.length);
      const ids = [...(io.sockets.adapter.rooms.get(room) ?? [])];
      // frozen: encoded once for every slice of the room (encode-once.ts)
      const patch =
        update.patch === null
          ? null
          : Object.freeze({ protocol: PROTOCOL_VERSION, board, stream: this.stream, from: update.from, to: update.to, patch: update.patch });
      const whole = Object.freeze(this.wholeMessage(board, update.snapshot, update.to));
      let skipped = 0;
      await inSlices(ids, sliceSize, (slice) => {
        const sliceStart = performance.now();
        const ready: string[] = [];
        const owed: string[] = [];
        for (const id of slice) {
          const socket = io.sockets.sockets.get(id);
          if (!socket) continue;
          if (isBusy(socket)) {
            skipped += 1;
            this.behind.add(id);
          } else if (update.patch === null || this.behind.delete(id)) {
            owed.push(id);
          } else {
            ready.push(id);
          }
        }
        if (patch !== null && ready.length > 0) io.to(ready).emit('board:patch', patch);
        if (owed.length > 0) io.to(owed).emit('board:snapshot', whole);
        writingMs += performance.now() - sliceStart;
      });
      if (skipped > 0) metrics.slowClientSkips.inc(skipped);
      metrics.snapshotsPushed.inc();
    }
    this.sentVersion = update.to;
    this.lastBroadcastAt = performance.now();
    this.minGapMs = Math.max(UPDATE_COALESCE_MS, writingMs / MAX_FAN_OUT_SHARE);
  }

  /** Sends the newest snapshot to skipped clients that have drained since, though nothing changed. */
  private catchUp(): void {
    const latest = this.sequence.latest;
    if (!latest) return;
    for (const id of this.behind) {
      const socket = this.options.io.sockets.sockets.get(id);
      if (socket && isBusy(socket)) continue;
      this.behind.delete(id);
      const board = socket && boardOf(socket);
      if (board) socket.emit('board:snapshot', this.wholeMessage(board, latest, this.sequence.latestVersion));
    }
  }

  /**
   * Tells quiet boards the server is there. Boards that had an update within
   * the interval need none (an update is data too, and carries the source's
   * state): with 3,000 boards on a node, heartbeats would otherwise be as many
   * writes as the updates themselves.
   */
  private async heartbeat(): Promise<void> {
    const heartbeatMs = this.options.heartbeatMs ?? HEARTBEAT_INTERVAL_MS;
    if (performance.now() - this.lastBroadcastAt < heartbeatMs) return;
    const { io } = this.options;
    const message = {
      at: new Date((this.options.clock ?? Date.now)()).toISOString(),
      seq: this.sequence.latest?.seq ?? 0,
      sourceConnected: this.options.sourceConnected(),
      stream: this.stream,
      version: this.sentVersion,
    };
    for (const room of this.boardRooms()) {
      const ids = [...(io.sockets.adapter.rooms.get(room) ?? [])];
      await inSlices(ids, this.options.sliceSize ?? DEFAULT_SLICE_SIZE, (slice) => io.to(slice).volatile.emit('board:heartbeat', message));
    }
  }

  private boardRooms(): string[] {
    return [...this.options.io.sockets.adapter.rooms.keys()].filter((r) => r.startsWith(ROOM_PREFIX));
  }

  private wholeMessage(board: string, snapshot: LiveSnapshot, version: number): BoardSnapshot {
    return { protocol: PROTOCOL_VERSION, board, stream: this.stream, version, snapshot };
  }

  /** The newest snapshot, whole, to one socket (a join, a resync). */
  private async sendWhole(socket: WallboardSocket, board: string, why: string): Promise<void> {
    try {
      // the newest pushed snapshot is every board's current one: a join costs no build
      const snapshot = await this.current();
      this.behind.delete(socket.id);
      socket.emit('board:snapshot', this.wholeMessage(board, snapshot, this.sequence.latestVersion));
    } catch (error) {
      this.warnings.warn(`snapshot-for-${why}`, { err: error, board }, `could not send the board its snapshot (${why})`);
    }
  }

  private onConnection(socket: WallboardSocket): void {
    const { metrics } = this.options;
    metrics.socketClients.inc();
    socket.on('disconnect', () => {
      metrics.socketClients.dec();
      this.behind.delete(socket.id);
    });
    const joins = new TokenBucket(JOIN_BURST, JOIN_PERIOD_MS, performance.now());
    const resyncs = new TokenBucket(RESYNC_BURST, RESYNC_PERIOD_MS, performance.now());
    socket.on('board:join', async (raw, reply) => {
      const answer = typeof reply === 'function' ? reply : () => undefined;
      if (!joins.take(performance.now())) {
        metrics.inputRejected.inc({ source: 'socket', reason: 'join_rate' });
        answer({ status: 'error', errors: [`too many board:join: at most ${JOIN_BURST} per ${JOIN_PERIOD_MS / 1000} s`] });
        return;
      }
      const parsed = boardJoinSchema.safeParse(raw);
      if (!parsed.success) {
        metrics.inputRejected.inc({ source: 'socket', reason: 'bad_join' });
        answer({ status: 'error', errors: parsed.error.issues.map((i) => `${i.path.join('.') || 'message'}: ${i.message}`) });
        return;
      }
      const board = parsed.data.board;
      for (const room of socket.rooms) if (room.startsWith(ROOM_PREFIX)) await socket.leave(room);
      await socket.join(ROOM_PREFIX + board);
      answer({ status: 'ok', protocol: PROTOCOL_VERSION });
      await this.sendWhole(socket, board, 'join');
    });
    socket.on('board:resync', async () => {
      const board = boardOf(socket);
      if (!board) return;
      if (!resyncs.take(performance.now())) {
        // it gets the whole snapshot within wholeEveryMs anyway
        metrics.inputRejected.inc({ source: 'socket', reason: 'resync_rate' });
        return;
      }
      await this.sendWhole(socket, board, 'resync');
    });
  }
}

/**
 * Engine.io marks a transport unwritable until the previous send has been
 * flushed to the kernel: such a client is still busy with an older update.
 */
function isBusy(socket: WallboardSocket): boolean {
  return !socket.conn.transport.writable;
}

function boardOf(socket: WallboardSocket): string | undefined {
  for (const room of socket.rooms) if (room.startsWith(ROOM_PREFIX)) return room.slice(ROOM_PREFIX.length);
  return undefined;
}
