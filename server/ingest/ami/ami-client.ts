import { EventEmitter } from 'node:events';
import { createConnection, type Socket } from 'node:net';
import { retry, type BackoffPolicy } from '../../resilience/retry';
import { AmiError } from './ami-error';
import type { AmiFrame } from './ami-frame';
import { socketFailureKind, type AmiLinkFailure } from './ami-link-failure';
import { formatAction, type AmiActionFields } from './format-action';
import type { MapResult } from './ami-event-mapper';
import type { AmiBanner, AmiFrameParserCounters } from './frame-parser';
import { InThreadDecoder, type AmiStreamDecoder, type DecodedSink } from './stream-decoder';
import { WorkerStreamDecoder } from './worker-stream-decoder';

/** pino-compatible */
export interface AmiLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface AmiClientOptions {
  host: string;
  /** default 5038 */
  port?: number;
  username: string;
  secret: string;
  /** `Events:` of the Login action: `on`, `off`, or read classes such as `agent,call,dialplan`. Default `on`. */
  events?: string;
  /** a Ping is sent this long after the previous answer; default 10 s */
  pingIntervalMs?: number;
  /** answer to an action (Login and Ping included), and the longest gap between the items of a list; default 10 s */
  actionTimeoutMs?: number;
  /** TCP connect up to the banner; default 10 s */
  connectTimeoutMs?: number;
  /** waits between connection attempts; default: the ceiling doubles from 500 ms up to 30 s, full jitter */
  backoff?: Partial<BackoffPolicy>;
  /** see AmiFrameParser; default 64 KiB */
  maxFrameBytes?: number;
  /**
   * Which live events to decode (see AmiFrameParser). Replies to a pending collectAction are
   * always decoded, whatever this says.
   */
  wantEvent?: (eventName: string) => boolean;
  /**
   * Frame, decode and map the live events (ami-event-mapper.ts) on a worker
   * thread per connection: they reach `mapped` listeners instead of `event`
   * ones (a list being collected still arrives as frames, and so do the events
   * read while one is). `clock`: the receive time of events without a Timestamp.
   */
  mapEventsOffThread?: { clock: () => number };
  logger?: AmiLogger;
  /** told of each of these as it happens (for metrics); `counters` has the totals */
  onCount?: (counted: AmiCounted) => void;
}

/** Troubles worth a metric: a frame dropped for its size, a Ping unanswered, a listener that threw, a reconnect, a decode worker lost. */
export type AmiCounted = 'oversizeFrame' | 'pingTimeout' | 'listenerError' | 'reconnect' | 'decoderFailure';

export interface AmiConnectedInfo {
  /** AMI protocol version from the banner (`11.0.0` on Asterisk 22) */
  version: string;
  /** the banner line as sent */
  banner: string;
}

export interface AmiCollected {
  /** the action's own `Response: Success` */
  response: AmiFrame;
  /** the list items, in arrival order, the complete event excluded */
  events: AmiFrame[];
  /** the final event (e.g. QueueStatusComplete, with its ListItems) */
  complete: AmiFrame;
}

export interface AmiClientEvents {
  /** logged in (again): live state is only trustworthy after a resync from here */
  connected: [info: AmiConnectedInfo];
  /** a logged-in connection ended; reconnecting follows unless close() was called */
  disconnected: [info: { reason: string; failure: AmiLinkFailure }];
  /** a connection attempt ended before it logged in (refused, timed out, bad login...); the client retries with backoff */
  attemptFailed: [failure: AmiLinkFailure];
  /** Asterisk refused the login; the client retries with backoff */
  authError: [info: { message: string }];
  /** a frame with `Event:` that is not an item of a pending collectAction */
  event: [frame: AmiFrame];
  /** with mapEventsOffThread: a live event mapped on the worker; `readAt`: performance.now() when its bytes were read */
  mapped: [result: Exclude<MapResult, { kind: 'ignored' }>, readAt: number];
  /** with mapEventsOffThread: this many live events mapped to nothing the board uses */
  ignored: [count: number];
}

export interface AmiClientCounters {
  /** TCP connection attempts */
  connectAttempts: number;
  /** connection attempts scheduled after a lost or failed one */
  reconnects: number;
  /** successful logins */
  logins: number;
  authFailures: number;
  /** ends of logged-in connections */
  disconnects: number;
  pingTimeouts: number;
  actionTimeouts: number;
  /** events handed to `event` listeners */
  eventsEmitted: number;
  /** responses whose ActionID matched no pending action (late after a timeout) */
  unmatchedResponses: number;
  /** exceptions thrown by our listeners, caught so the socket keeps being read */
  listenerErrors: number;
  /** decode workers that failed (their connection was ended) */
  decoderFailures: number;
  /** frame parser counters over all connections */
  parser: AmiFrameParserCounters;
}

interface PendingAction {
  action: string;
  resolve(frame: AmiFrame): void;
  reject(error: AmiError): void;
  timer: NodeJS.Timeout;
}

interface PendingCollect {
  action: string;
  /** lower-cased */
  completeEvent: string;
  response: AmiFrame | undefined;
  events: AmiFrame[];
  onAnswerStarts?: () => void;
  resolve(result: AmiCollected): void;
  reject(error: AmiError): void;
  timer: NodeJS.Timeout;
}

/** One TCP connection and what belongs to it only. */
interface Connection {
  readonly socket: Socket;
  readonly decoder: AmiStreamDecoder;
  readonly pending: Map<string, PendingAction | PendingCollect>;
  collects: number;
  loggedIn: boolean;
  ended: boolean;
  /** why we ended it, or the socket's error: the reason reported when it closes */
  endReason: AmiLinkFailure | undefined;
  handshakeTimer: NodeJS.Timeout | undefined;
  pingTimer: NodeJS.Timeout | undefined;
  /** performance.now() of the last bytes read: a link that keeps sending is alive, whatever its Ping answer's delay */
  lastDataAt: number;
  /** ends the attempt: logged in, or the reason it ended before */
  readonly attempt: { loggedIn(): void; failed(reason: Error): void };
  /** resolves once the connection has ended */
  readonly closed: Promise<void>;
  markClosed(): void;
}

const NO_LOG: AmiLogger = { debug() {}, info() {}, warn() {}, error() {} };
const DEFAULT_BACKOFF: BackoffPolicy = { initialDelayMs: 500, maxDelayMs: 30_000 };
const ZERO_PARSER_COUNTERS: AmiFrameParserCounters = { frames: 0, bytes: 0, oversizeDropped: 0, malformedLines: 0, skipped: 0 };

function isCollect(pending: PendingAction | PendingCollect): pending is PendingCollect {
  return 'completeEvent' in pending;
}

/**
 * Asterisk Manager Interface client: logs in, keeps the connection alive with Ping, correlates
 * actions with their answers by ActionID, emits live events, and reconnects after any loss
 * (server/resilience/retry.ts: exponential backoff, full jitter). Call start() once; close()
 * stops it for good.
 */
export class AmiClient extends EventEmitter<AmiClientEvents> {
  private readonly host: string;
  private readonly port: number;
  private readonly pingIntervalMs: number;
  private readonly actionTimeoutMs: number;
  private readonly connectTimeoutMs: number;
  private readonly backoff: BackoffPolicy;
  private readonly logger: AmiLogger;
  private readonly stats: Omit<AmiClientCounters, 'parser'> = {
    connectAttempts: 0,
    reconnects: 0,
    logins: 0,
    authFailures: 0,
    disconnects: 0,
    pingTimeouts: 0,
    actionTimeouts: 0,
    eventsEmitted: 0,
    unmatchedResponses: 0,
    listenerErrors: 0,
    decoderFailures: 0,
  };
  /** parser counters of the connections that have ended */
  private parserTotals: AmiFrameParserCounters = { ...ZERO_PARSER_COUNTERS };
  private connection: Connection | undefined;
  /** aborted by close(): ends a wait before reconnecting */
  private readonly closing = new AbortController();
  private nextActionId = 1;
  private started = false;
  private closed = false;

  constructor(private readonly options: AmiClientOptions) {
    super();
    this.host = options.host;
    this.port = options.port ?? 5038;
    this.pingIntervalMs = options.pingIntervalMs ?? 10_000;
    this.actionTimeoutMs = options.actionTimeoutMs ?? 10_000;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.logger = options.logger ?? NO_LOG;
  }

  /** true between `connected` and `disconnected` */
  get isConnected(): boolean {
    return this.connection?.loggedIn === true && !this.connection.socket.destroyed;
  }

  get counters(): AmiClientCounters {
    const current = this.connection?.decoder.counters ?? ZERO_PARSER_COUNTERS;
    const parser = { ...this.parserTotals };
    for (const key of Object.keys(parser) as (keyof AmiFrameParserCounters)[]) parser[key] += current[key];
    return { ...this.stats, parser };
  }

  /** Connects, and keeps reconnecting until close(). */
  start(): void {
    if (this.started || this.closed) return;
    this.started = true;
    void this.keepConnected();
  }

  /** Stops for good: no reconnect, pending actions reject, the socket is destroyed. */
  async close(): Promise<void> {
    this.closed = true;
    this.closing.abort();
    const connection = this.connection;
    if (connection === undefined || connection.ended) return;
    this.endConnection(connection, { kind: 'closed', message: 'client closed' });
    await connection.closed;
  }

  /** Sends an action and resolves with its response; rejects with AmiError (see AmiErrorCode). */
  sendAction(action: string, fields: AmiActionFields = {}): Promise<AmiFrame> {
    const connection = this.loggedInConnection(action);
    return connection instanceof AmiError ? Promise.reject(connection) : this.request(connection, action, fields);
  }

  /**
   * Sends an action answered by a list of events carrying its ActionID (QueueStatus,
   * CoreShowChannels ...) and resolves when `completeEvent` (e.g. `QueueStatusComplete`)
   * arrives. The items never reach `event` listeners. `onAnswerStarts` is called when the
   * answer's first frame arrives: the events emitted before it precede the answer on the wire.
   */
  collectAction(action: string, fields: AmiActionFields, completeEvent: string, onAnswerStarts?: () => void): Promise<AmiCollected> {
    const connection = this.loggedInConnection(action);
    if (connection instanceof AmiError) return Promise.reject(connection);
    return new Promise<AmiCollected>((resolve, reject) => {
      const actionId = this.write(connection, action, fields);
      if (actionId instanceof AmiError) return reject(actionId);
      // before any byte of the answer can be read
      if (connection.collects++ === 0) connection.decoder.setCollecting(true);
      const pending: PendingCollect = {
        action,
        completeEvent: completeEvent.toLowerCase(),
        response: undefined,
        events: [],
        onAnswerStarts,
        resolve: (result) => {
          this.settle(connection, actionId, pending);
          resolve(result);
        },
        reject: (error) => {
          this.settle(connection, actionId, pending);
          reject(error);
        },
        timer: this.actionTimer(connection, actionId),
      };
      connection.pending.set(actionId, pending);
    });
  }

  private loggedInConnection(action: string): Connection | AmiError {
    const connection = this.connection;
    if (connection === undefined || !connection.loggedIn || connection.socket.destroyed) {
      return new AmiError('not-connected', `AMI not connected: cannot send ${action}`);
    }
    return connection;
  }

  private request(connection: Connection, action: string, fields: AmiActionFields): Promise<AmiFrame> {
    return new Promise<AmiFrame>((resolve, reject) => this.track(connection, action, fields, resolve, reject));
  }

  /** Sends an action and calls back synchronously when its answer is parsed (or it fails). */
  private track(connection: Connection, action: string, fields: AmiActionFields, onAnswer: (frame: AmiFrame) => void, onError: (error: AmiError) => void): void {
    const actionId = this.write(connection, action, fields);
    if (actionId instanceof AmiError) return onError(actionId);
    const pending: PendingAction = {
      action,
      resolve: (frame) => {
        this.settle(connection, actionId, pending);
        onAnswer(frame);
      },
      reject: (error) => {
        this.settle(connection, actionId, pending);
        onError(error);
      },
      timer: this.actionTimer(connection, actionId),
    };
    connection.pending.set(actionId, pending);
  }

  /** Writes the action; its ActionID, or the reason it cannot be sent. */
  private write(connection: Connection, action: string, fields: AmiActionFields): string | AmiError {
    const actionId = `wb-${this.nextActionId++}`;
    let text: string;
    try {
      text = formatAction(action, actionId, fields);
    } catch (error) {
      return error instanceof AmiError ? error : new AmiError('invalid-action', String(error));
    }
    connection.socket.write(text);
    return actionId;
  }

  private actionTimer(connection: Connection, actionId: string): NodeJS.Timeout {
    return setTimeout(() => {
      const pending = connection.pending.get(actionId);
      if (pending === undefined) return;
      this.stats.actionTimeouts++;
      pending.reject(new AmiError('timeout', `AMI ${pending.action} (ActionID ${actionId}): no answer within ${this.actionTimeoutMs} ms`));
    }, this.actionTimeoutMs);
  }

  private settle(connection: Connection, actionId: string, pending: PendingAction | PendingCollect): void {
    clearTimeout(pending.timer);
    if (connection.pending.get(actionId) !== pending) return;
    connection.pending.delete(actionId);
    if (isCollect(pending) && --connection.collects === 0) connection.decoder.setCollecting(false);
  }

  /**
   * Connects, and after every loss or failed attempt connects again with backoff; the backoff
   * starts over once a connection logs in. A refused login is retried too: the PBX's
   * manager.conf may be fixed while we wait. Ends only with close().
   */
  private async keepConnected(): Promise<void> {
    let lost = false;
    for (;;) {
      let connection: Connection;
      try {
        connection = await retry(() => this.connect(), {
          ...this.backoff,
          delayFirstAttempt: lost,
          signal: this.closing.signal,
          onRetry: ({ delayMs, attempt }) => {
            this.count('reconnects', 'reconnect');
            this.logger.info({ host: this.host, port: this.port, delayMs, attempt }, 'AMI reconnect scheduled');
          },
        });
      } catch {
        return; // closed
      }
      await connection.closed;
      lost = true;
    }
  }

  /** Opens a connection; resolves once it is logged in, rejects with the reason it ended before. */
  private connect(): Promise<Connection> {
    this.stats.connectAttempts++;
    const socket = createConnection({ host: this.host, port: this.port });
    socket.setNoDelay(true);
    let attempt!: Connection['attempt'];
    const loggedIn = new Promise<Connection>((resolve, reject) => (attempt = { loggedIn: () => resolve(connection), failed: reject }));
    let markClosed = (): void => {};
    const closed = new Promise<void>((resolve) => (markClosed = resolve));
    const connection: Connection = {
      socket,
      decoder: this.decoderFor(() => connection),
      pending: new Map(),
      collects: 0,
      loggedIn: false,
      ended: false,
      endReason: undefined,
      handshakeTimer: undefined,
      pingTimer: undefined,
      lastDataAt: performance.now(),
      attempt,
      closed,
      markClosed,
    };
    this.connection = connection;
    connection.handshakeTimer = setTimeout(
      () => this.endConnection(connection, { kind: 'timeout', message: `no AMI banner within ${this.connectTimeoutMs} ms` }),
      this.connectTimeoutMs,
    );
    socket.on('data', (chunk: Buffer) => {
      connection.lastDataAt = performance.now();
      connection.decoder.push(chunk);
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      connection.endReason ??= { kind: socketFailureKind(error.code), message: error.message };
    });
    socket.on('close', () => void this.onClose(connection));
    this.logger.debug({ host: this.host, port: this.port }, 'AMI connecting');
    return loggedIn;
  }

  private decoderFor(connectionOf: () => Connection): AmiStreamDecoder {
    const sink: DecodedSink = {
      banner: (banner) => this.onBanner(connectionOf(), banner),
      frame: (frame) => this.onFrame(connectionOf(), frame),
      mapped: (result, readAt) => this.emitSafely('mapped', () => this.emit('mapped', result, readAt)),
      ignored: (count) => this.emitSafely('ignored', () => this.emit('ignored', count)),
      oversize: () => this.options.onCount?.('oversizeFrame'),
      failed: (error) => {
        this.count('decoderFailures', 'decoderFailure');
        this.logger.error({ err: error, host: this.host, port: this.port }, 'AMI decode worker failed: reconnecting');
        this.endConnection(connectionOf(), { kind: 'protocol', message: `decode worker failed: ${error.message}` });
      },
    };
    const { maxFrameBytes, wantEvent, mapEventsOffThread } = this.options;
    return mapEventsOffThread ? new WorkerStreamDecoder(sink, { maxFrameBytes, clock: mapEventsOffThread.clock }) : new InThreadDecoder(sink, { maxFrameBytes, wantEvent });
  }

  private onBanner(connection: Connection, banner: AmiBanner): void {
    clearTimeout(connection.handshakeTimer);
    if (banner.version === null) {
      this.logger.error({ host: this.host, port: this.port, banner: banner.line }, 'not an Asterisk Manager Interface: unexpected banner');
      this.endConnection(connection, { kind: 'protocol', message: `not an AMI banner: ${banner.line}` });
      return;
    }
    const version = banner.version;
    const login = { Username: this.options.username, Secret: this.options.secret, Events: this.options.events ?? 'on' };
    // callbacks rather than a promise: `connected` must reach listeners before the events that
    // follow the answer in the same TCP chunk
    this.track(
      connection,
      'Login',
      login,
      () => {
        if (connection.ended) return;
        connection.loggedIn = true;
        this.stats.logins++;
        this.logger.info({ host: this.host, port: this.port, amiVersion: version }, 'AMI logged in');
        this.schedulePing(connection);
        this.emitSafely('connected', () => this.emit('connected', { version, banner: banner.line }));
        connection.attempt.loggedIn();
      },
      (error) => {
        if (error.code === 'action-failed') {
          this.stats.authFailures++;
          this.logger.error({ host: this.host, port: this.port, username: this.options.username, reason: error.message }, 'AMI login rejected: check username and secret in manager.conf');
          this.emitSafely('authError', () => this.emit('authError', { message: error.message }));
        }
        // a Login that times out is a slow PBX, not a bad login
        const kind = error.code === 'action-failed' ? 'auth' : error.code === 'timeout' ? 'timeout' : 'closed';
        this.endConnection(connection, { kind, message: `login failed: ${error.message}` });
      },
    );
  }

  private onFrame(connection: Connection, frame: AmiFrame): void {
    const actionId = frame.fields.actionid;
    const pending = actionId === undefined ? undefined : connection.pending.get(actionId);
    if (frame.fields.event !== undefined) {
      if (pending !== undefined && isCollect(pending)) {
        this.collectItem(connection, pending, frame);
      } else if (connection.collects === 0 || this.options.wantEvent?.(frame.fields.event) !== false) {
        // (while a list is being collected the parser decodes every event: filter again here)
        this.stats.eventsEmitted++;
        this.emitSafely('event', () => this.emit('event', frame));
      }
      return;
    }
    if (pending === undefined) {
      this.stats.unmatchedResponses++;
      this.logger.debug({ actionId, response: frame.fields.response }, 'AMI response matches no pending action');
      return;
    }
    if (frame.fields.response?.toLowerCase() === 'error') {
      pending.reject(new AmiError('action-failed', frame.fields.message ?? `AMI ${pending.action} failed`, frame));
    } else if (isCollect(pending)) {
      pending.response = frame;
      pending.onAnswerStarts?.();
      this.restartTimer(connection, actionId!, pending);
    } else {
      pending.resolve(frame);
    }
  }

  private collectItem(connection: Connection, pending: PendingCollect, frame: AmiFrame): void {
    const actionId = frame.fields.actionid!;
    if (pending.response === undefined && pending.events.length === 0) pending.onAnswerStarts?.();
    if (frame.fields.event!.toLowerCase() !== pending.completeEvent) {
      pending.events.push(frame);
      this.restartTimer(connection, actionId, pending);
      return;
    }
    // Asterisk sends the response first; a missing one (never seen) counts as success
    pending.resolve({ response: pending.response ?? frame, events: pending.events, complete: frame });
  }

  private restartTimer(connection: Connection, actionId: string, pending: PendingCollect): void {
    clearTimeout(pending.timer);
    pending.timer = this.actionTimer(connection, actionId);
  }

  private schedulePing(connection: Connection): void {
    connection.pingTimer = setTimeout(() => {
      this.request(connection, 'Ping', {}).then(
        () => {
          if (!connection.ended) this.schedulePing(connection);
        },
        (error: AmiError) => {
          // Asterisk answers a Ping in order, after the events queued before it: behind a burst the answer is late
          // while the link is plainly alive. Dropping it would lose the events still on their way (AMI replays nothing).
          if (error.code === 'timeout' && !connection.ended && performance.now() - connection.lastDataAt < this.actionTimeoutMs) {
            this.logger.debug({ host: this.host, port: this.port }, 'AMI ping answer late behind a stream of events: the link is alive');
            this.schedulePing(connection);
          } else if (error.code === 'timeout') {
            this.count('pingTimeouts', 'pingTimeout');
            this.logger.warn({ host: this.host, port: this.port, timeoutMs: this.actionTimeoutMs }, 'AMI ping unanswered: dropping the connection');
            this.endConnection(connection, { kind: 'timeout', message: 'ping timed out' });
          } else if (!connection.ended) {
            this.schedulePing(connection);
          }
        },
      );
    }, this.pingIntervalMs);
  }

  private endConnection(connection: Connection, reason: AmiLinkFailure): void {
    if (connection.ended) return;
    connection.endReason = reason;
    connection.socket.destroy();
  }

  private async onClose(connection: Connection): Promise<void> {
    if (connection.ended) return;
    connection.ended = true;
    clearTimeout(connection.handshakeTimer);
    clearTimeout(connection.pingTimer);
    // what was read before the close reaches listeners before `disconnected` does
    await connection.decoder.close();
    const failure = connection.endReason ?? { kind: 'closed', message: 'closed by Asterisk' };
    const reason = failure.message;
    for (const pending of [...connection.pending.values()]) {
      pending.reject(new AmiError('disconnected', `AMI connection lost before the answer to ${pending.action}: ${reason}`));
    }
    const parsed = connection.decoder.counters;
    for (const key of Object.keys(parsed) as (keyof AmiFrameParserCounters)[]) this.parserTotals[key] += parsed[key];
    if (this.connection === connection) this.connection = undefined;

    if (connection.loggedIn) {
      this.stats.disconnects++;
      this.logger.warn({ host: this.host, port: this.port, reason }, 'AMI disconnected');
      this.emitSafely('disconnected', () => this.emit('disconnected', { reason, failure }));
    } else {
      this.logger.warn({ host: this.host, port: this.port, reason, kind: failure.kind }, 'AMI connection attempt failed');
      this.emitSafely('attemptFailed', () => this.emit('attemptFailed', failure));
      connection.attempt.failed(new Error(reason));
    }
    connection.markClosed();
  }

  private count(stat: 'reconnects' | 'pingTimeouts' | 'listenerErrors' | 'decoderFailures', counted: AmiCounted): void {
    this.stats[stat]++;
    this.options.onCount?.(counted);
  }

  /** A throwing listener must not stop the socket from being read or the state from moving on. */
  private emitSafely(name: keyof AmiClientEvents, emit: () => void): void {
    try {
      emit();
    } catch (error) {
      this.count('listenerErrors', 'listenerError');
      this.logger.error({ err: error, event: name }, 'AMI client listener threw');
    }
  }
}
