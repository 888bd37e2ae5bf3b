import { createServer, type Server, type Socket } from 'node:net';
import { StringDecoder } from 'node:string_decoder';
import { serializeEvent, type AmiEvent } from './ami-event';
import { fullyBooted } from './ami-events';
import { pingReply, queueStatusReply, response } from './ami-replies';
import type { QueueStatusView } from './model-views';

/** What the AMI front end needs from the simulated PBX. */
export interface AmiBackend {
  now(): number;
  bootedAt: number;
  queueStatus(): QueueStatusView;
}

export interface AmiCredentials {
  username: string;
  secret: string;
}

/** manager.h AMI_VERSION of Asterisk 20 to 22 */
const BANNER = 'Asterisk Call Manager/9.0.0\r\n';
/** AST_MAX_MANHEADERS */
const MAX_HEADERS = 128;
const MAX_ACTION_BYTES = 64 * 1024;
const CLOSE_GRACE_MS = 2_000;

interface Session {
  readonly socket: Socket;
  authenticated: boolean;
  /** Login `Events: off` asks for replies only */
  wantsEvents: boolean;
  closing: boolean;
}

type Action = Map<string, string>;

/**
 * The Manager Interface of the simulated Asterisk: banner, Login, Logoff, Ping,
 * QueueStatus, errors for anything else, and the event stream to every
 * logged-in session. Writes are synchronous with the model, so a reply sits in
 * the stream exactly where the state it reports was reached.
 */
export class AmiServer {
  private readonly server: Server;
  private readonly sessions = new Set<Session>();
  private listeners: (() => void)[] = [];
  /** actions refused for their form (too long, too many headers, missing Action) */
  malformedActions = 0;
  bytesWritten = 0;

  constructor(
    private readonly backend: AmiBackend,
    private readonly credentials: AmiCredentials,
  ) {
    this.server = createServer((socket) => this.accept(socket));
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const address = this.server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  }

  /** Called whenever a session logs in or goes away. */
  onSessionsChanged(listener: () => void): void {
    this.listeners.push(listener);
  }

  get loggedInSessions(): number {
    let count = 0;
    for (const session of this.sessions) if (session.authenticated && !session.closing) count++;
    return count;
  }

  /** Writes events to every logged-in session; returns the sockets whose buffers are full. */
  broadcast(events: readonly AmiEvent[]): Socket[] {
    if (events.length === 0) return [];
    let text = '';
    for (const event of events) text += serializeEvent(event);
    const full: Socket[] = [];
    for (const session of this.sessions) {
      if (!session.authenticated || !session.wantsEvents || session.closing) continue;
      if (!this.write(session, text)) full.push(session.socket);
    }
    return full;
  }

  /** Ends every session after what was written is delivered (socket.end), then closes them. */
  async dropConnections(): Promise<void> {
    await Promise.all([...this.sessions].map((session) => this.end(session)));
  }

  async close(): Promise<void> {
    await this.dropConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    const session: Session = { socket, authenticated: false, wantsEvents: true, closing: false };
    this.sessions.add(session);
    socket.setNoDelay(true);
    const decoder = new StringDecoder('utf8');
    let buffer = '';
    socket.on('data', (chunk: Buffer) => {
      buffer += decoder.write(chunk);
      for (;;) {
        const end = /\r?\n\r?\n/.exec(buffer);
        if (!end) break;
        const text = buffer.slice(0, end.index);
        buffer = buffer.slice(end.index + end[0].length);
        if (session.closing) return;
        this.handle(session, text);
      }
      if (buffer.length > MAX_ACTION_BYTES) {
        this.malformedActions++;
        buffer = '';
        this.write(session, response('Error', null, 'Action too long'));
        void this.end(session);
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      this.sessions.delete(session);
      this.notify();
    });
    this.write(session, BANNER);
  }

  private handle(session: Session, text: string): void {
    const action = parseAction(text);
    if (action === null) {
      this.malformedActions++;
      this.write(session, response('Error', null, `Too many headers (at most ${MAX_HEADERS})`));
      return;
    }
    if (action.size === 0) return;
    const actionId = action.get('actionid') ?? null;
    const name = action.get('action')?.toLowerCase();
    if (!name) {
      this.malformedActions++;
      this.write(session, response('Error', actionId, 'Missing action in request'));
      return;
    }
    if (!session.authenticated && name !== 'login' && name !== 'logoff') {
      this.write(session, response('Error', actionId, 'Permission denied'));
      return;
    }
    switch (name) {
      case 'login':
        return this.login(session, action, actionId);
      case 'logoff':
        this.write(session, response('Goodbye', actionId, 'Thanks for all the fish.'));
        void this.end(session);
        return;
      case 'ping':
        this.write(session, pingReply(actionId, this.backend.now()));
        return;
      case 'queuestatus':
        this.write(
          session,
          queueStatusReply(this.backend.queueStatus(), actionId, {
            queue: action.get('queue') || null,
            member: action.get('member') || null,
          }),
        );
        return;
      default:
        this.write(
          session,
          response(
            'Error',
            actionId,
            `Invalid/unknown command: ${action.get('action')}. Use Action: ListCommands to show available commands.`,
          ),
        );
    }
  }

  /** action_login: a wrong secret ends the session, as Asterisk does. */
  private login(session: Session, action: Action, actionId: string | null): void {
    if (session.authenticated) {
      this.write(session, response('Success', actionId, 'Already authenticated'));
      return;
    }
    if (action.get('username') !== this.credentials.username || action.get('secret') !== this.credentials.secret) {
      this.write(session, response('Error', actionId, 'Authentication failed'));
      void this.end(session);
      return;
    }
    session.authenticated = true;
    session.wantsEvents = action.get('events')?.toLowerCase() !== 'off';
    this.write(session, response('Success', actionId, 'Authentication accepted'));
    const now = this.backend.now();
    const uptimeSec = Math.floor((now - this.backend.bootedAt) / 1000);
    if (session.wantsEvents) this.write(session, serializeEvent(fullyBooted(now, uptimeSec, uptimeSec)));
    this.notify();
  }

  private write(session: Session, text: string): boolean {
    if (session.socket.destroyed) return true;
    this.bytesWritten += Buffer.byteLength(text);
    return session.socket.write(text);
  }

  private end(session: Session): Promise<void> {
    session.closing = true;
    this.notify();
    const socket = session.socket;
    if (socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => socket.destroy(), CLOSE_GRACE_MS);
      socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.end();
    });
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}

/**
 * One action's headers (names lower-cased, first value kept), or null when it
 * has more headers than Asterisk accepts. Lines without a colon are skipped.
 */
function parseAction(text: string): Action | null {
  const action: Action = new Map();
  let headers = 0;
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    if (++headers > MAX_HEADERS) return null;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!action.has(name)) action.set(name, line.slice(colon + 1).trim());
  }
  return action;
}
