import { io, type Socket } from 'socket.io-client';
import { liveSnapshotSchema, type LiveSnapshot } from '../../shared/snapshot';
import {
  boardHeartbeatSchema,
  boardJoinReplySchema,
  boardPatchSchema,
  boardSnapshotSchema,
  SocketEvents,
  STALE_AFTER_MS,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '../../shared/socket-protocol';
import { followPatch, missedUpdate, type BoardVersion } from './board-versions';
import { addOffsetSample, serverOffsetMs } from './server-clock';

/**
 * The board's live data: one socket.io connection that joins the board, plus one
 * `GET /api/snapshot` so the page has numbers before the socket has joined.
 * After the join's whole snapshot, updates are patches applied in version order
 * (board-versions.ts); a board that missed one asks for the whole (board:resync).
 * Framework-free; `useBoardFeed` adapts it to React.
 *
 * Everything that arrives is checked against the shared zod schemas; a message
 * that fails is dropped and counted in `rejectedMessages`, never shown.
 */

/** connecting: before the first successful join; connected: joined; reconnecting: lost, trying again; disconnected: given up (join refused). */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

export interface BoardFeedState {
  snapshot: LiveSnapshot | null;
  connection: ConnectionState;
  /** why the server refused the join, when it did */
  joinError: string | null;
  /** local time of the last snapshot or heartbeat */
  lastDataAtMs: number | null;
  /** add to the local clock to get the server's */
  serverOffsetMs: number;
  /** is the server connected to the PBX, per the newest snapshot or heartbeat */
  sourceConnected: boolean | null;
  rejectedMessages: number;
}

export const initialFeedState: BoardFeedState = {
  snapshot: null,
  connection: 'connecting',
  joinError: null,
  lastDataAtMs: null,
  serverOffsetMs: 0,
  sourceConnected: null,
  rejectedMessages: 0,
};

export interface BoardFeed {
  getState(): BoardFeedState;
  subscribe(listener: (state: BoardFeedState) => void): () => void;
  close(): void;
}

export interface BoardFeedOptions {
  board: string;
  /** origin of the server; the page's own when omitted */
  origin?: string;
  now?: () => number;
}

const JOIN_TIMEOUT_MS = 5000;
const WATCHDOG_INTERVAL_MS = 1000;
const RETRY_AFTER_REFUSED_CONNECT_MS = 3000;
/** one board:resync per this long: the whole snapshot it asked for is on its way */
const RESYNC_AGAIN_AFTER_MS = 2000;

type BoardSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export function openBoardFeed({ board, origin, now = Date.now }: BoardFeedOptions): BoardFeed {
  let state = initialFeedState;
  let offsetSamples: number[] = [];
  let snapshotFromSocket = false;
  let followed: BoardVersion | null = null;
  let resyncAskedAt = Number.NEGATIVE_INFINITY;
  // Reference point of the watchdog: the newest data, or the last (re)connect if more recent.
  let watchdogSinceMs = now();
  let closed = false;
  const listeners = new Set<(s: BoardFeedState) => void>();
  const abort = new AbortController();

  const update = (patch: Partial<BoardFeedState>) => {
    if (closed) return;
    state = { ...state, ...patch };
    for (const listener of listeners) listener(state);
  };
  const reject = (what: string, detail: unknown) => {
    // Log the first only: a server sending garbage four times a second must not flood a TV's console for days.
    if (state.rejectedMessages === 0) console.warn(`wallboard: ignored an invalid ${what}`, detail);
    update({ rejectedMessages: state.rejectedMessages + 1 });
  };
  const receivedData = (serverAtIso: string, sourceConnected: boolean, extra: Partial<BoardFeedState> = {}) => {
    const at = now();
    watchdogSinceMs = at;
    offsetSamples = addOffsetSample(offsetSamples, serverAtIso, at);
    update({ ...extra, lastDataAtMs: at, serverOffsetMs: serverOffsetMs(offsetSamples), sourceConnected });
  };
  const acceptSnapshot = (snapshot: LiveSnapshot) =>
    receivedData(snapshot.at, snapshot.source.connected, { snapshot });

  const socket: BoardSocket = origin === undefined ? io() : io(origin);

  // Reconnecting drops a new socket's rooms, so every (re)connect joins again.
  const join = () => {
    socket.timeout(JOIN_TIMEOUT_MS).emit(SocketEvents.join, { board }, (err, answer) => {
      if (closed) return;
      if (err) {
        // No answer on a connected socket: the link is half-dead; start over.
        restart();
        return;
      }
      const reply = boardJoinReplySchema.safeParse(answer);
      if (!reply.success) {
        reject('join reply', reply.error.issues);
        restart();
      } else if (reply.data.status === 'ok') {
        update({ connection: 'connected', joinError: null });
      } else {
        // A refused join (unknown board, bad name) will not succeed by retrying.
        update({ connection: 'disconnected', joinError: reply.data.errors.join('; ') });
        socket.disconnect();
      }
    });
  };
  const restart = () => {
    watchdogSinceMs = now();
    update({ connection: 'reconnecting' });
    socket.disconnect().connect();
  };

  socket.on('connect', () => {
    watchdogSinceMs = now();
    // a new connection may be to another node: its stream starts with the join's whole snapshot
    followed = null;
    join();
  });
  socket.on('disconnect', (reason) => {
    if (state.connection === 'disconnected') return;
    update({ connection: 'reconnecting' });
    // socket.io retries by itself except when the server closed the socket; a wallboard always retries.
    if (reason === 'io server disconnect') socket.connect();
  });
  socket.on('connect_error', () => {
    if (state.connection !== 'connecting') update({ connection: 'reconnecting' });
    // Not active = refused by a server middleware: socket.io will not retry on its own.
    if (!socket.active) setTimeout(() => !closed && socket.connect(), RETRY_AFTER_REFUSED_CONNECT_MS);
  });

  const resync = () => {
    if (now() - resyncAskedAt < RESYNC_AGAIN_AFTER_MS) return;
    resyncAskedAt = now();
    socket.emit(SocketEvents.resync);
  };

  socket.on(SocketEvents.snapshot, (message: unknown) => {
    const parsed = boardSnapshotSchema.safeParse(message);
    if (!parsed.success) return reject('snapshot', parsed.error.issues);
    if (parsed.data.board !== board) return reject('snapshot for another board', parsed.data.board);
    const { stream, version, snapshot } = parsed.data;
    snapshotFromSocket = true;
    followed = { stream, version, snapshot };
    resyncAskedAt = Number.NEGATIVE_INFINITY;
    acceptSnapshot(snapshot);
  });
  socket.on(SocketEvents.patch, (message: unknown) => {
    const parsed = boardPatchSchema.safeParse(message);
    if (!parsed.success) {
      reject('patch', parsed.error.issues);
      return resync();
    }
    if (parsed.data.board !== board) return reject('patch for another board', parsed.data.board);
    const outcome = followPatch(followed, parsed.data);
    if (outcome.kind === 'resync') return resync();
    if (outcome.kind === 'applied') {
      followed = outcome.state;
      acceptSnapshot(outcome.state.snapshot);
    }
  });
  socket.on(SocketEvents.heartbeat, (message: unknown) => {
    const parsed = boardHeartbeatSchema.safeParse(message);
    if (!parsed.success) return reject('heartbeat', parsed.error.issues);
    receivedData(parsed.data.at, parsed.data.sourceConnected);
    if (missedUpdate(followed, parsed.data)) resync();
  });

  // A connection can look open while nothing arrives (a proxy that dropped it
  // silently); socket.io's own ping would notice only after ~45 s.
  const watchdog = setInterval(() => {
    if (state.connection === 'connected' && now() - watchdogSinceMs >= STALE_AFTER_MS) restart();
  }, WATCHDOG_INTERVAL_MS);

  const snapshotUrl = `${origin ?? ''}/api/snapshot?board=${encodeURIComponent(board)}`;
  fetch(snapshotUrl, { signal: abort.signal, headers: { accept: 'application/json' } })
    .then(async (response) => {
      if (!response.ok) throw new Error(`GET /api/snapshot: HTTP ${response.status}`);
      const parsed = liveSnapshotSchema.safeParse(await response.json());
      if (!parsed.success) return reject('snapshot from /api/snapshot', parsed.error.issues);
      // The socket's snapshot is pushed in order and is at least as new; an HTTP answer that lost the race is older.
      if (!snapshotFromSocket) acceptSnapshot(parsed.data);
    })
    .catch((error: unknown) => {
      if (!abort.signal.aborted) console.warn('wallboard: initial snapshot fetch failed', error);
    });

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      closed = true;
      clearInterval(watchdog);
      abort.abort();
      socket.removeAllListeners();
      socket.disconnect();
      listeners.clear();
    },
  };
}
