import { randomUUID } from 'node:crypto';
import type { Server, Socket } from 'socket.io';
import type { BoardDefinition } from '../../shared/boards';
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
import { snapshotForBoard } from './snapshot-for-board';
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
  /** sockets written between two looks at the clock (a turn writes for TURN_BUDGET_MS) */
  sliceSize?: number;
  wholeEveryMs?: number;
  /**
   * The team board of a name (server/boards/); null when there is none (a join
   * is refused, a deleted board's sockets are sent away). Without it every
   * board is sent the whole site.
   */
  boards?: (name: string) => BoardDefinition | null;
}

/** One board's update stream: its versions, and the definition its newest version was filtered by. */
interface BoardStream {
  sequence: UpdateSequence;
  /** JSON of the definition, or '' unfiltered: a change sends the whole snapshot at once */
  definition: string;
  /** the newest version every socket of the board has been sent: what heartbeats announce */
  sentVersion: number;
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
/**
 * Sockets written between two looks at the clock: about 1.5 ms of writes on
 * this machine (a socket write costs about 30 µs, most of it the kernel's).
 */
const DEFAULT_SLICE_SIZE = 50;
/** Writes per event-loop turn stop after this long: ingest and timers wait at most about this for a fan-out. */
const TURN_BUDGET_MS = 4;
const turnBudget = { ms: TURN_BUDGET_MS, now: () => performance.now() };

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
 * slices of sliceSize sockets, as many per event-loop turn as fit in
 * TURN_BUDGET_MS.
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
  /** per board: each room is sent its own filtered snapshot, in versions of its own */
  private readonly streams = new Map<string, BoardStream>();
  /** the newest site snapshot built: what a board joined before the next push starts from */
  private latestSite: LiveSnapshot | null = null;
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
      this.latestSite = snapshot;
      this.lastEmitAt = performance.now();
      let writingMs = 0;
      const pushed = new Set<string>();
      for (const room of this.boardRooms()) {
        const board = room.slice(ROOM_PREFIX.length);
        const update = this.nextUpdate(board, snapshot);
        if (update === undefined) this.sendAway(room, board);
        else if (update !== null) {
          writingMs += await this.broadcast(room, board, update);
          pushed.add(board);
        }
      }
      if (pushed.size > 0) {
        this.lastBroadcastAt = performance.now();
        this.minGapMs = Math.max(UPDATE_COALESCE_MS, writingMs / MAX_FAN_OUT_SHARE);
      }
      this.catchUp(pushed);
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

  /**
   * A board's newest version: filtered once per push for every socket of the
   * board (not per socket). Undefined when there is no such board any more;
   * null when it did not change.
   */
  private nextUpdate(board: string, snapshot: LiveSnapshot): Update | null | undefined {
    const definition = this.options.boards ? this.options.boards(board) : null;
    if (this.options.boards && definition === null) {
      this.streams.delete(board);
      return undefined;
    }
    const key = definition ? JSON.stringify(definition) : '';
    let stream = this.streams.get(board);
    if (!stream) {
      stream = { sequence: new UpdateSequence(this.options.wholeEveryMs ?? WHOLE_SNAPSHOT_EVERY_MS), definition: key, sentVersion: 0 };
      this.streams.set(board, stream);
    }
    // an edited board is sent whole at once: its page may now show other panels
    const whole = stream.definition !== key;
    stream.definition = key;
    return stream.sequence.next(definition ? snapshotForBoard(snapshot, definition) : snapshot, performance.now(), whole);
  }

  /** A board's newest version; before its first, one made now from the newest site snapshot (or one built now). */
  private async current(board: string): Promise<{ snapshot: LiveSnapshot; version: number } | null> {
    const existing = this.streams.get(board)?.sequence;
    if (existing?.latest) return { snapshot: existing.latest, version: existing.latestVersion };
    const site = this.latestSite ?? (await this.build());
    if (this.nextUpdate(board, site) === undefined) return null;
    const sequence = this.streams.get(board)!.sequence;
    return { snapshot: sequence.latest!, version: sequence.latestVersion };
  }

  /** A board deleted while open: its sockets reconnect, join again and are told there is no such board. */
  private sendAway(room: string, board: string): void {
    this.options.logger.info({ board }, 'board deleted while open: its screens are sent away');
    this.options.io.in(room).disconnectSockets();
  }

  /**
   * Writes the update to one board room, sliceSize sockets per turn. A socket
   * still flushing an earlier update is skipped and owed the whole snapshot; one
   * owed it that can take it now gets it instead of the patch. Resolves with the
   * time spent writing.
   */
  private async broadcast(room: string, board: string, update: Update): Promise<number> {
    const { io, metrics } = this.options;
    const sliceSize = this.options.sliceSize ?? DEFAULT_SLICE_SIZE;
    let writingMs = 0;
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
    }, turnBudget);
    if (skipped > 0) metrics.slowClientSkips.inc(skipped);
    metrics.snapshotsPushed.inc();
    const stream = this.streams.get(board);
    if (stream) stream.sentVersion = update.to;
    return writingMs;
  }

  /** Sends the newest snapshot to skipped clients that have drained since, on boards that had no update now. */
  private catchUp(updated: ReadonlySet<string>): void {
    for (const id of this.behind) {
      const socket = this.options.io.sockets.sockets.get(id);
      if (socket && isBusy(socket)) continue;
      const board = socket && boardOf(socket);
      if (board !== undefined && updated.has(board)) continue;
      this.behind.delete(id);
      const sequence = board === undefined ? undefined : this.streams.get(board)?.sequence;
      if (board && sequence?.latest) socket.emit('board:snapshot', this.wholeMessage(board, sequence.latest, sequence.latestVersion));
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
    const at = new Date((this.options.clock ?? Date.now)()).toISOString();
    const sourceConnected = this.options.sourceConnected();
    for (const room of this.boardRooms()) {
      const stream = this.streams.get(room.slice(ROOM_PREFIX.length));
      const message = { at, seq: stream?.sequence.latest?.seq ?? 0, sourceConnected, stream: this.stream, version: stream?.sentVersion ?? 0 };
      const ids = [...(io.sockets.adapter.rooms.get(room) ?? [])];
      await inSlices(ids, this.options.sliceSize ?? DEFAULT_SLICE_SIZE, (slice) => io.to(slice).volatile.emit('board:heartbeat', message), turnBudget);
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
      // the newest pushed version is the board's current one: a join costs no build
      const current = await this.current(board);
      if (current === null) return;
      this.behind.delete(socket.id);
      socket.emit('board:snapshot', this.wholeMessage(board, current.snapshot, current.version));
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
      if (this.options.boards && this.options.boards(board) === null) {
        metrics.inputRejected.inc({ source: 'socket', reason: 'unknown_board' });
        answer({ status: 'error', errors: [`no board "${board}": an admin defines boards at /admin/boards`] });
        return;
      }
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
