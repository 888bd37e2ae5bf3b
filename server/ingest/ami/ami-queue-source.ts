import type { LiveAggregator } from '../../aggregate/live-aggregator';
import type { QueueEvent } from '../../domain/queue-events';
import type { Logger } from '../../observability/logger';
import type { WallboardMetrics } from '../../observability/metrics';
import { RateLimitedLog } from '../../observability/rate-limited-log';
import { retry, type BackoffPolicy } from '../../resilience/retry';
import { AmiClient, type AmiCounted } from './ami-client';
import type { AmiLinkFailure } from './ami-link-failure';
import type { PbxFailureKind } from '../../../shared/snapshot';
import { AMI_EVENTS_WANTED, frameTimestampMs, mapAmiEvent, type MapResult } from './ami-event-mapper';
import { queueStatusToResync } from './queue-status-reply';
import { readGapExits } from '../queue-log/gap-exit-lines';

export interface AmiTarget {
  host: string;
  port: number;
  username: string;
  secret: string;
  /** the PBX's queue_log: a link gap's calls are read from it (readGapExits) */
  queueLogFile?: string;
}

export interface AmiQueueSourceOptions {
  target: AmiTarget;
  aggregator: LiveAggregator;
  logger: Logger;
  metrics: WallboardMetrics;
  /** receive time of events without a Timestamp header, and of the QueueStatus answer */
  clock: () => number;
  /** waits between QueueStatus attempts on one connection; default: the ceiling doubles from 1 s up to 30 s, full jitter */
  resyncBackoff?: Partial<BackoffPolicy>;
  /** the AMI client's wait for an answer (QueueStatus's included); default 10 s */
  actionTimeoutMs?: number;
}

const RESYNC_BACKOFF: BackoffPolicy = { initialDelayMs: 1_000, maxDelayMs: 30_000 };

/** A live event as mapped, with performance.now() of the read that brought it. */
interface Received {
  result: MapResult;
  readAt: number;
}

/**
 * The live queue feed from one PBX: AMI client -> mapper -> aggregator, with a
 * QueueStatus resync on every (re)connect. The client frames, decodes and maps
 * the live events on a worker thread (decode-worker.ts), so this thread's time
 * goes to reducing them and writing the store. A QueueStatus that fails (a
 * loaded PBX lets it time out) is tried again on the same connection with
 * backoff until one lands or the connection ends: until then the board shows
 * live state that may have drifted during the link gap.
 *
 * Events that arrive while the QueueStatus answer is being collected are held
 * back: those that came before the answer's first frame happened before it and
 * are applied before it (so the PBX's counters in the answer and the board's
 * count of them agree, link-gap.ts); those after it are applied after it, as
 * the answer replaces the live state and would overwrite them. Applying such
 * an event after the resync is safe even if the answer already reflects it (a
 * repeated join is not counted twice).
 */
export class AmiQueueSource {
  private client: AmiClient | null = null;
  private heldBack: Received[] | null = null;
  /** a PBX can send bad events by the thousand */
  private readonly warnings: RateLimitedLog;
  /** counted per event at full speed: the labelled child spares hashing the labels each time */
  private readonly mappedEvents: { inc(): void };
  private linkSince: number | null = null;
  private lastError: AmiLinkFailure | null = null;
  /** aborted when the connection the resync runs on ends: its retries stop */
  private resyncing: AbortController | null = null;

  constructor(private readonly options: AmiQueueSourceOptions) {
    this.warnings = new RateLimitedLog(options.logger);
    this.mappedEvents = options.metrics.amiEvents.labels({ outcome: 'mapped' });
  }

  get connected(): boolean {
    return this.client?.isConnected ?? false;
  }

  /** The link as other nodes are told about it: up or down since when (site clock), and why it last went down. */
  get link(): { connected: boolean; since: number | null; lastError: string | null; lastErrorKind: PbxFailureKind | null } {
    return { connected: this.connected, since: this.linkSince, lastError: this.lastError?.message ?? null, lastErrorKind: this.lastError?.kind ?? null };
  }

  /**
   * Resolves once every event the PBX sent before this call has been handed to
   * the aggregator: a Ping's answer comes after them on the same TCP stream.
   */
  async drained(): Promise<void> {
    if (!this.client) return;
    await this.client.sendAction('Ping');
    while (this.heldBack) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  start(): void {
    if (this.client) return;
    const { target, logger, metrics } = this.options;
    const counters: Record<AmiCounted, { inc(): void }> = {
      oversizeFrame: metrics.amiOversizeFrames,
      pingTimeout: metrics.amiPingTimeouts,
      listenerError: metrics.amiListenerErrors,
      reconnect: metrics.amiReconnects,
      decoderFailure: metrics.amiDecoderFailures,
    };
    const client = new AmiClient({
      host: target.host,
      port: target.port,
      username: target.username,
      secret: target.secret,
      wantEvent: (name) => AMI_EVENTS_WANTED.has(name),
      mapEventsOffThread: { clock: this.options.clock },
      logger: logger.child({ component: 'ami' }),
      actionTimeoutMs: this.options.actionTimeoutMs,
      onCount: (counted) => counters[counted].inc(),
    });
    this.client = client;
    this.linkSince = this.options.clock();
    client.on('connected', (info) => {
      this.linkSince = this.options.clock();
      metrics.amiConnected.set(1);
      metrics.amiConnects.inc();
      logger.info({ host: target.host, port: target.port, amiVersion: info.version }, 'logged in to the PBX');
      void this.resync(client);
    });
    client.on('disconnected', ({ reason, failure }) => {
      this.linkSince = this.options.clock();
      this.lastError = failure;
      metrics.amiConnected.set(0);
      this.heldBack = null;
      this.resyncing?.abort();
      logger.warn({ reason }, 'PBX connection lost, reconnecting');
    });
    // down "since" stays the loss (or the start), however many attempts fail after it
    client.on('attemptFailed', (failure) => {
      this.lastError = failure;
    });
    client.on('authError', ({ message }) => {
      metrics.inputRejected.inc({ source: 'ami', reason: 'auth_failed' });
      logger.error({ message, username: target.username }, 'the PBX refused the AMI login; check AMI_USERNAME and AMI_SECRET');
    });
    // events read while a QueueStatus answer is collected come as frames
    client.on('event', (frame) => this.receive({ result: mapAmiEvent(frame, this.options.clock()), readAt: performance.now() }));
    client.on('mapped', (result, readAt) => this.receive({ result, readAt }));
    client.on('ignored', (count) => metrics.amiEvents.inc({ outcome: 'ignored' }, count));
    client.start();
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = null;
    this.heldBack = null;
    this.resyncing?.abort();
    this.options.metrics.amiConnected.set(0);
    this.warnings.flush();
    await client?.close();
  }

  private receive(received: Received): void {
    if (this.heldBack) this.heldBack.push(received);
    else this.take(received);
  }

  private take({ result, readAt }: Received): void {
    if (result.kind === 'event') {
      this.mappedEvents.inc();
      this.options.aggregator.submit(result.event, readAt);
    } else {
      this.options.metrics.amiEvents.inc({ outcome: result.kind });
      if (result.kind === 'ignored') return;
      this.options.metrics.inputRejected.inc({ source: 'ami', reason: 'invalid_event' });
      this.warnings.warn(`ami-invalid:${result.eventName}`, { event: result.eventName, problem: result.problem }, 'AMI event with bad fields skipped');
    }
  }

  /**
   * Resyncs until an attempt lands or the connection ends. Each attempt is a new
   * QueueStatus with its own ActionID: the answer to one that timed out matches
   * no pending action when it comes late, and is dropped by the client, so a
   * stale snapshot never overwrites the events applied since.
   */
  private async resync(client: AmiClient): Promise<void> {
    this.resyncing?.abort();
    const resyncing = new AbortController();
    this.resyncing = resyncing;
    try {
      await retry(() => this.resyncOnce(client), {
        ...RESYNC_BACKOFF,
        ...this.options.resyncBackoff,
        signal: resyncing.signal,
        onRetry: ({ error, attempt, delayMs }) => {
          this.options.metrics.amiQueueStatusFailures.inc();
          this.warnings.warn('ami-queue-status-failed', { err: error, attempt, delayMs }, 'QueueStatus failed; retrying the resync on this connection');
        },
      });
    } catch {
      // aborted: the connection ended (or the source stopped), and the next one resyncs afresh
      this.options.logger.info('QueueStatus resync abandoned: the PBX connection ended');
    } finally {
      if (this.resyncing === resyncing) this.resyncing = null;
    }
  }

  /** One QueueStatus round; rejects when it did not land. */
  private async resyncOnce(client: AmiClient): Promise<void> {
    this.heldBack = [];
    let heldBeforeAnswer = 0;
    try {
      const answer = await client.collectAction('QueueStatus', {}, 'QueueStatusComplete', () => {
        heldBeforeAnswer = this.heldBack?.length ?? 0;
      });
      // QueueEntry gives waits in seconds, not join times: take "now" from the PBX's own
      // clock (the Ping reply carries it) so join times do not inherit a clock skew.
      const pong = await client.sendAction('Ping');
      const at = frameTimestampMs(pong) ?? this.options.clock();
      const { event, problems } = queueStatusToResync([answer.response, ...answer.events, answer.complete], at);
      const since = this.options.aggregator.pbxCountsSince();
      if (this.options.target.queueLogFile && since !== null) {
        const exits = await readGapExits(this.options.target.queueLogFile, since).catch((error: unknown) => {
          this.options.logger.warn({ err: error, file: this.options.target.queueLogFile }, 'queue_log unreadable: a link gap is estimated');
          return undefined;
        });
        if (exits) event.exits = exits;
      }
      if (problems.length > 0) {
        this.options.metrics.inputRejected.inc({ source: 'ami', reason: 'queue_status_problem' }, problems.length);
        this.warnings.warn('ami-queue-status-problems', { problems }, 'QueueStatus answer had problems; applying what was valid');
      }
      if (client === this.client) for (const received of this.heldBack?.splice(0, heldBeforeAnswer) ?? []) this.take(received);
      this.options.aggregator.submit(event as QueueEvent);
      this.options.logger.info(
        { queues: event.queues.length, members: event.members.length, waiting: event.entries.length },
        'live queue state replaced from QueueStatus',
      );
    } finally {
      const held = this.heldBack ?? [];
      this.heldBack = null;
      if (client === this.client) for (const received of held) this.take(received);
    }
  }
}
