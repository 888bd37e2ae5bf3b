import { createServer } from 'node:http';
import { clientPage } from '../../server/http/client-page';
import type { Language } from '../../shared/i18n/languages';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Server } from 'socket.io';
import { noCallbacksKept, type CallbacksReply } from '../../shared/callbacks';
import type { LiveSnapshot } from '../../shared/snapshot';
import { buildRouter } from '../../server/http/build-route';
import { noIntradayForecast } from './board-fixtures';
import { useServerAuth } from './fake-server-auth';
import type { AuthContext } from '../../server/auth/auth-context';
import {
  boardJoinSchema,
  HEARTBEAT_INTERVAL_MS,
  PROTOCOL_VERSION,
  SocketEvents,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '../../shared/socket-protocol';

/**
 * A stand-in for the wallboard server that a page test drives by hand: it
 * serves the built client, answers `GET /api/snapshot`, and speaks the board
 * protocol with whatever snapshot the test pushes. Listens on 127.0.0.1, port 0.
 */
export interface FakeBoardServer {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /** its access control: page tests sign in (page-test-kit.ts `signIn`) */
  readonly auth: AuthContext;
  /** boards joined so far, in order */
  readonly joins: string[];
  /** Makes `snapshot` current (served by GET /api/snapshot and sent on join) and pushes it to joined boards. */
  push(snapshot: LiveSnapshot): void;
  /** Sends any payload as `event` to every joined board, bypassing the contract (for rejection tests). */
  pushRaw(event: 'board:snapshot' | 'board:heartbeat', payload: unknown): void;
  /** Stops heartbeats and snapshots (joins are still acknowledged): a server that went quiet. */
  goSilent(): void;
  /** Heartbeats again, and pushes the current snapshot. */
  resume(): void;
  /** Answers GET /api/build with this id (a deploy), instead of the built page's own. */
  deploy(buildId: string): void;
  close(): Promise<void>;
}

export interface FakeBoardServerOptions {
  /** the built client to serve */
  staticDir: string;
  snapshot: LiveSnapshot;
  heartbeatMs?: number;
  /** start quiet: pages get data only from GET /api/snapshot */
  silent?: boolean;
  /** SITE_LANG, written into the served page as the real server does (default en) */
  language?: Language;
  /** what GET /api/callbacks answers; default: a server that keeps no history (the board shows no panel) */
  callbacks?: CallbacksReply;
}

const roomOf = (board: string) => `board:${board}`;
const STREAM = 'fake';

export async function startFakeBoardServer(options: FakeBoardServerOptions): Promise<FakeBoardServer> {
  let current = options.snapshot;
  let silent = options.silent ?? false;
  const joins: string[] = [];
  const joinedBoards = new Set<string>();

  const app = express();
  const page = clientPage(options.staticDir, options.language ?? 'en');
  const auth = useServerAuth(app, page);
  app.get('/api/snapshot', (_req, res) => {
    res.json(current);
  });
  app.get('/api/plan/intraday', (req, res) => {
    res.json(noIntradayForecast(current, typeof req.query.queue === 'string' ? req.query.queue : null));
  });
  app.get('/api/callbacks', (_req, res) => {
    res.json(options.callbacks ?? noCallbacksKept(new Date().toISOString().slice(0, 10), current.timeZone));
  });
  let deployed: string | null = null;
  app.get('/api/build', (_req, res, next) => (deployed === null ? next() : res.json({ buildId: deployed })));
  app.use(buildRouter(options.staticDir));
  app.use(express.static(options.staticDir, { index: false }));
  // Client-side routes (/signin, /day ...) load the same page, as the real server does.
  app.get(/^\/(?!api\/|socket\.io\/|assets\/).*/, (_req, res) => page.send(res));

  const http = createServer(app);
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(http);

  // whole snapshots only, each a version of its own: pages never need to resync
  let version = 1;
  const sendSnapshot = (board: string, to = io.to(roomOf(board))) =>
    to.emit(SocketEvents.snapshot, { protocol: PROTOCOL_VERSION, board, stream: STREAM, version, snapshot: current });

  io.on('connection', (socket) => {
    socket.on(SocketEvents.join, (message, reply) => {
      const parsed = boardJoinSchema.safeParse(message);
      if (!parsed.success) {
        reply({ status: 'error', errors: parsed.error.issues.map((i) => i.message) });
        return;
      }
      const { board } = parsed.data;
      joins.push(board);
      joinedBoards.add(board);
      void socket.join(roomOf(board));
      reply({ status: 'ok', protocol: PROTOCOL_VERSION });
      if (!silent) sendSnapshot(board, io.to(socket.id));
    });
  });

  let heartbeat: ReturnType<typeof setInterval> | undefined;
  const startHeartbeats = () => {
    heartbeat = setInterval(() => {
      for (const board of joinedBoards) {
        io.to(roomOf(board)).emit(SocketEvents.heartbeat, {
          at: new Date().toISOString(),
          seq: current.seq,
          sourceConnected: current.source.connected,
          stream: STREAM,
          version,
        });
      }
    }, options.heartbeatMs ?? HEARTBEAT_INTERVAL_MS);
  };
  if (!silent) startHeartbeats();

  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    auth,
    joins,
    push(snapshot) {
      current = snapshot;
      version += 1;
      if (!silent) for (const board of joinedBoards) sendSnapshot(board);
    },
    pushRaw(event, payload) {
      for (const board of joinedBoards) io.to(roomOf(board)).emit(event, payload as never);
    },
    goSilent() {
      silent = true;
      clearInterval(heartbeat);
    },
    resume() {
      silent = false;
      clearInterval(heartbeat);
      startHeartbeats();
      for (const board of joinedBoards) sendSnapshot(board);
    },
    deploy(buildId) {
      deployed = buildId;
    },
    async close() {
      clearInterval(heartbeat);
      await io.close(); // also closes the http server
    },
  };
}
