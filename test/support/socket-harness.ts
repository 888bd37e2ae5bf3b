import { createServer } from 'node:http';
import type { AddressInfo, Socket as NetSocket } from 'node:net';
import { Server } from 'socket.io';
import { io as connectClient, type Socket as ClientSocket } from 'socket.io-client';
import {
  SocketEvents,
  type BoardHeartbeat,
  type BoardSnapshot,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '../../shared/socket-protocol';
import { QueueSettingsBook } from '../../server/config/queue-settings';
import type { LiveOp } from '../../server/domain/live-state';
import { createLogger } from '../../server/observability/logger';
import { createMetrics, type WallboardMetrics } from '../../server/observability/metrics';
import { BoardBroadcaster, type WallboardIo } from '../../server/realtime/board-broadcaster';
import { SnapshotService } from '../../server/snapshot/snapshot-service';
import { MemoryLiveStore } from '../../server/store/memory-live-store';

/**
 * The socket fan-out as the server wires it (in-process store, snapshot
 * service, BoardBroadcaster on a socket.io server listening on 127.0.0.1,
 * port 0) with real socket.io clients that record what they receive.
 */

export const HARNESS_SITE = 'test';

export type BoardClientSocket = ClientSocket<ServerToClientEvents, ClientToServerEvents>;

/** A message and the local time it arrived (performance.now(), ms). */
export interface Received<T> {
  atMs: number;
  message: T;
}

export interface BoardClient {
  readonly socket: BoardClientSocket;
  /** every board:snapshot received, oldest first */
  readonly snapshots: Received<BoardSnapshot>[];
  readonly heartbeats: Received<BoardHeartbeat>[];
  /** Sends board:join with any payload and resolves with the server's acknowledgement. */
  join(message: unknown): Promise<unknown>;
  latestSnapshot(): BoardSnapshot | undefined;
  /**
   * Stops reading from the TCP socket, like a board on a congested link: once
   * the kernel buffers fill, the server can no longer flush to this client.
   */
  stopReading(): void;
  resumeReading(): void;
}

export interface BoardHarness {
  readonly io: WallboardIo;
  readonly store: MemoryLiveStore;
  readonly metrics: WallboardMetrics;
  readonly broadcaster: BoardBroadcaster;
  /** Applies ops to the site's live state and tells the broadcaster; resolves with the new seq. */
  apply(...ops: LiveOp[]): Promise<number>;
  /** A connected websocket client (not joined to any board yet). */
  connect(): Promise<BoardClient>;
  /** Disconnects every client, stops the broadcaster and closes the server. */
  close(): Promise<void>;
}

export interface BoardHarnessOptions {
  heartbeatMs?: number;
  refreshMs?: number;
}

export async function startBoardHarness(options: BoardHarnessOptions = {}): Promise<BoardHarness> {
  const http = createServer();
  const io: WallboardIo = new Server<ClientToServerEvents, ServerToClientEvents>(http);
  const store = new MemoryLiveStore();
  const metrics = createMetrics();
  const snapshots = new SnapshotService({
    store,
    site: HARNESS_SITE,
    timeZone: 'Europe/Moscow',
    settings: QueueSettingsBook.parse({}),
    clock: Date.now,
    source: () => ({ kind: 'simulator', connected: true, lastEventAt: null, since: null, failure: null }),
  });
  const broadcaster = new BoardBroadcaster({
    io,
    snapshots,
    logger: createLogger('silent'),
    metrics,
    sourceConnected: () => true,
    ...options,
  });
  broadcaster.start();

  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const clients: BoardClientSocket[] = [];

  return {
    io,
    store,
    metrics,
    broadcaster,
    async apply(...ops) {
      const seq = await store.apply(HARNESS_SITE, ops);
      broadcaster.changed();
      return seq;
    },
    async connect() {
      const socket: BoardClientSocket = connectClient(url, { transports: ['websocket'], reconnection: false, forceNew: true });
      clients.push(socket);
      const client = recordingClient(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
      return client;
    },
    async close() {
      for (const socket of clients) socket.disconnect();
      broadcaster.stop();
      await io.close(); // also closes the http server
    },
  };
}

function recordingClient(socket: BoardClientSocket): BoardClient {
  const snapshots: Received<BoardSnapshot>[] = [];
  const heartbeats: Received<BoardHeartbeat>[] = [];
  // Recorded as received, unvalidated: the tests validate what they assert on.
  socket.on(SocketEvents.snapshot, (message) => snapshots.push({ atMs: performance.now(), message }));
  socket.on(SocketEvents.heartbeat, (message) => heartbeats.push({ atMs: performance.now(), message }));
  return {
    socket,
    snapshots,
    heartbeats,
    join: (message) => socket.timeout(10_000).emitWithAck(SocketEvents.join, message),
    latestSnapshot: () => snapshots.at(-1)?.message,
    stopReading: () => tcpSocketOf(socket).pause(),
    resumeReading: () => tcpSocketOf(socket).resume(),
  };
}

/** In Node, socket.io-client's websocket transport is a `ws` WebSocket over a net.Socket; neither is public API. */
function tcpSocketOf(socket: BoardClientSocket): NetSocket {
  const transport = socket.io.engine.transport as unknown as { ws?: { _socket?: NetSocket } };
  const tcp = transport.ws?._socket;
  if (!tcp) throw new Error(`client transport ${socket.io.engine.transport.name} has no TCP socket to pause`);
  return tcp;
}
