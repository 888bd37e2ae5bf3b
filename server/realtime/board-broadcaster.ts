import type { Server, Socket } from 'socket.io';
import type { LiveSnapshot } from '../../shared/snapshot';
import {
  boardJoinSchema,
  HEARTBEAT_INTERVAL_MS,
  MAX_UPDATES_PER_SECOND,
  PROTOCOL_VERSION,
  type BoardSnapshot,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '../../shared/socket-protocol';
import type { Logger } from '../observability/logger';
import type { WallboardMetrics } from '../observability/metrics';
import { RateLimitedLog } from '../observability/rate-limited-log';
import type { SnapshotService } from '../snapshot/snapshot-service';
import { TokenBucket } from './token-bucket';

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
}

const ROOM_PREFIX = 'board:';

/** board:join per socket: a burst of JOIN_BURST, then one per JOIN_PERIOD_MS / JOIN_BURST. A board joins once per connection. */
const JOIN_BURST = 5;
const JOIN_PERIOD_MS = 10_000;

/**
 * Pushes the live snapshot to board rooms: the whole snapshot on join, then
 * coalesced updates (leading edge, at most MAX_UPDATES_PER_SECOND, the newest
 * state when it fires), and a heartbeat. A slow client never holds up the
 * others and never accumulates a backlog: updates it cannot take yet are
 * skipped for it, and since each update is a whole snapshot, it loses nothing:
 * it is owed the newest one, sent at the first push it can take (the refresh
 * pushes at least every refreshMs, even when nothing changed).
 */
export class BoardBroadcaster {
  private readonly minGapMs = 1000 / MAX_UPDATES_PER_SECOND;
  private lastEmitAt = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | null = null;
  private building = false;
  private dirty = false;
  private latest: LiveSnapshot | null = null;
  private latestFingerprint = '';
  /** the build under way, shared by every push and join that needs one meanwhile */
  private pendingBuild: Promise<LiveSnapshot> | null = null;
  /** ids of sockets skipped while slow, owed `latest` */
  private readonly behind = new Set<string>();
  private readonly intervals: NodeJS.Timeout[] = [];
  private stopped = false;

  /** a store that stays down fails every refresh */
  private readonly warnings: RateLimitedLog;

  constructor(private readonly options: BoardBroadcasterOptions) {
    this.warnings = new RateLimitedLog(options.logger);
  }

  start(): void {
    const { io } = this.options;
    io.on('connection', (socket) => this.onConnection(socket));
    this.intervals.push(setInterval(() => this.changed(), this.options.refreshMs ?? 1000));
    this.intervals.push(setInterval(() => this.heartbeat(), this.options.heartbeatMs ?? HEARTBEAT_INTERVAL_MS));
  }

  stop(): void {
    this.stopped = true;
    for (const interval of this.intervals) clearInterval(interval);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** The live state changed: push soon, within the rate limit. */
  changed(): void {
    this.dirty = true;
    this.schedule();
  }

  private schedule(): void {
    if (this.timer || this.building || this.stopped) return;
    const wait = this.lastEmitAt + this.minGapMs - performance.now();
    this.timer = setTimeout(() => {
      this.timer = null;
      // Node timers count whole milliseconds and can fire up to 1 ms early. Pushes
      // strictly more than minGapMs apart keep any 1 s window at MAX_UPDATES_PER_SECOND.
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
      const fingerprint = JSON.stringify({ ...snapshot, at: '' });
      if (fingerprint !== this.latestFingerprint) {
        this.latest = snapshot;
        this.latestFingerprint = fingerprint;
        this.broadcast(snapshot);
      } else {
        this.catchUp();
      }
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

  private broadcast(snapshot: LiveSnapshot): void {
    const { io, metrics } = this.options;
    for (const room of this.boardRooms()) {
      const slow: string[] = [];
      for (const id of io.sockets.adapter.rooms.get(room) ?? []) {
        const socket = io.sockets.sockets.get(id);
        if (socket && isBusy(socket)) {
          slow.push(id);
          this.behind.add(id);
        } else {
          this.behind.delete(id);
        }
      }
      if (slow.length > 0) metrics.slowClientSkips.inc(slow.length);
      io.to(room).except(slow).emit('board:snapshot', boardMessage(room.slice(ROOM_PREFIX.length), snapshot));
      metrics.snapshotsPushed.inc();
    }
  }

  /** Sends the newest snapshot to skipped clients that have drained since, though nothing changed. */
  private catchUp(): void {
    if (!this.latest) return;
    for (const id of this.behind) {
      const socket = this.options.io.sockets.sockets.get(id);
      if (socket && isBusy(socket)) continue;
      this.behind.delete(id);
      const board = socket && boardOf(socket);
      if (board) socket.emit('board:snapshot', boardMessage(board, this.latest));
    }
  }

  private heartbeat(): void {
    const message = {
      at: new Date((this.options.clock ?? Date.now)()).toISOString(),
      seq: this.latest?.seq ?? 0,
      sourceConnected: this.options.sourceConnected(),
    };
    for (const room of this.boardRooms()) this.options.io.to(room).volatile.emit('board:heartbeat', message);
  }

  private boardRooms(): string[] {
    return [...this.options.io.sockets.adapter.rooms.keys()].filter((r) => r.startsWith(ROOM_PREFIX));
  }

  private onConnection(socket: WallboardSocket): void {
    const { metrics, logger } = this.options;
    metrics.socketClients.inc();
    socket.on('disconnect', () => {
      metrics.socketClients.dec();
      this.behind.delete(socket.id);
    });
    const joins = new TokenBucket(JOIN_BURST, JOIN_PERIOD_MS, performance.now());
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
      this.behind.delete(socket.id);
      try {
        // the newest pushed snapshot is every board's current one: a join costs no build
        const snapshot = this.latest ?? (await this.build());
        socket.emit('board:snapshot', boardMessage(board, snapshot));
      } catch (error) {
        this.warnings.warn('snapshot-for-join', { err: error, board }, 'could not send the joining board its snapshot');
      }
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

function boardMessage(board: string, snapshot: LiveSnapshot): BoardSnapshot {
  return { protocol: PROTOCOL_VERSION, board, snapshot };
}
