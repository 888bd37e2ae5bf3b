import { encodeOnceParser } from '../../server/realtime/encode-once';
import { createServer } from 'node:http';
import type { AddressInfo, Socket as NetSocket } from 'node:net';
import { Server } from 'socket.io';
import { io as connectClient, type Socket as ClientSocket } from 'socket.io-client';
import { followPatch, type BoardVersion } from '../../client/src/board-versions';
import {
  PROTOCOL_VERSION,
  SocketEvents,
  type BoardHeartbeat,
  type BoardPatch,
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
  /**
   * the board after every update received, oldest first: each board:snapshot,
   * and each board:patch applied as the page applies it (client/src/board-versions.ts)
   */
  readonly snapshots: Received<BoardSnapshot>[];
  /** how each update came: a whole snapshot or a patch */
  readonly kinds: ('whole' | 'patch')[];
  readonly heartbeats: Received<BoardHeartbeat>[];
  /** board:resync sent (after a patch that did not follow from the board's version) */
  readonly resyncs: number;
  /** Drops the next `count` patches unread, as if they were lost. */
  losePatches(count: number): void;
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
  sliceSize?: number;
  wholeEveryMs?: number;
  /** share another harness's store (a second node on one Redis) */
  store?: MemoryLiveStore;
  /** poll the store's seq, as every node does to follow changes applied elsewhere */
  followStore?: boolean;
}

export async function startBoardHarness(options: BoardHarnessOptions = {}): Promise<BoardHarness> {
  const http = createServer();
  const io: WallboardIo = new Server<ClientToServerEvents, ServerToClientEvents>(http, { parser: encodeOnceParser });
  const { store = new MemoryLiveStore(), followStore = false, ...broadcasterOptions } = options;
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
    ...(followStore ? { storeSeq: () => store.readSeq(HARNESS_SITE) } : {}),
    ...broadcasterOptions,
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
  const kinds: ('whole' | 'patch')[] = [];
  const heartbeats: Received<BoardHeartbeat>[] = [];
  let followed: BoardVersion | null = null;
  let resyncs = 0;
  let toLose = 0;
  // Whole snapshots are recorded as received, unvalidated: the tests validate what they assert on.
  socket.on(SocketEvents.snapshot, (message) => {
    followed = { stream: message.stream, version: message.version, snapshot: message.snapshot };
    snapshots.push({ atMs: performance.now(), message });
    kinds.push('whole');
  });
  socket.on(SocketEvents.patch, (message: BoardPatch) => {
    if (toLose > 0) {
      toLose -= 1;
      return;
    }
    const outcome = followPatch(followed, message);
    if (outcome.kind === 'resync') {
      resyncs += 1;
      socket.emit(SocketEvents.resync);
    } else if (outcome.kind === 'applied') {
      followed = outcome.state;
      const { stream, version, snapshot } = outcome.state;
      snapshots.push({ atMs: performance.now(), message: { protocol: PROTOCOL_VERSION, board: message.board, stream, version, snapshot } });
      kinds.push('patch');
    }
  });
  socket.on(SocketEvents.heartbeat, (message) => heartbeats.push({ atMs: performance.now(), message }));
  return {
    socket,
    snapshots,
    kinds,
    heartbeats,
    get resyncs() {
      return resyncs;
    },
    losePatches(count) {
      toLose += count;
    },
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
