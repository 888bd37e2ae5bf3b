import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Express } from 'express';
import { Server as SocketServer } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../shared/socket-protocol';
import type { AlertsFile } from '../shared/alerts';
import type { BoardsDocument } from '../shared/boards';
import { loadBoardsFile } from './boards/board-config';
import { BoardService } from './boards/board-service';
import { accessControl } from './auth/access-control';
import { originAllowed } from './auth/allowed-origins';
import type { AuthContext } from './auth/auth-context';
import { firstStart, type FirstStartCredentials } from './auth/first-start';
import { SocketAuth } from './auth/socket-auth';
import { LiveAggregator } from './aggregate/live-aggregator';
import { loadAlertsFile } from './alerts/alert-config';
import { AlertService, type AlertServiceOptions } from './alerts/alert-service';
import { redisSenderLease, SOLE_SENDER } from './alerts/alert-sender-lease';
import { storeRebuild } from './aggregate/store-rebuild';
import { rebuildOpenTickets } from './aggregate/ticket-store-rebuild';
import { TicketAggregator } from './aggregate/ticket-aggregator';
import { QueueSettingsBook } from './config/queue-settings';
import { queueRulesFor } from './config/queue-rules';
import { DEFAULT_AUTH_CONFIG, DEFAULT_SHUTDOWN_TIMEOUT_MS, type DeskApiConfig, type TicketDeskConfig, type WallboardConfig } from './config/env-config';
import { deskApiReaders } from './ingest/desk-api/desk-api-readers';
import { DeskReconciler } from './ingest/desk-api/desk-reconciler';
import { loadSlaPolicies } from './domain/sla/load-sla-policies';
import type { SlaPolicies } from './domain/sla/sla-policy';
import { createHttpApp, type HealthReport } from './http/http-app';
import { DEFAULT_LANGUAGE } from '../shared/i18n/languages';
import { readerHealth } from './http/reader-health';
import { agentHistoryRouter } from './http/agent-history-routes';
import { historyRouter, type HistoryRoutesOptions } from './http/history-routes';
import { callbackRouter, callbacksWithoutHistoryRouter } from './http/callback-routes';
import { intradayWithoutHistoryRouter, planRouter } from './http/plan-routes';
import { createWebhookRouter } from './http/webhook-routes';
import type { EscalationOutcome } from './domain/escalations/escalation-batch';
import type { EscalationEvent } from './domain/escalations/escalation-events';
import type { EscalationRecord } from './domain/escalations/escalation-record';
import type { EscalationStore } from './store/escalation-store';
import { ShutdownGate } from './http/shutdown-gate';
import { HistoryService } from './history/history-service';
import { AmiQueueSource, type AmiTarget } from './ingest/ami/ami-queue-source';
import { ReaderLease } from './ingest/reader-lease';
import type { WebhookConfig } from './ingest/webhooks/webhook-config';
import { healthStatus, runHealthChecks } from './observability/health-checks';
import { createLogger, type Logger } from './observability/logger';
import { createMetrics, type WallboardMetrics } from './observability/metrics';
import { DeadLetters } from './resilience/dead-letters';
import { Deadline } from './resilience/deadline';
import { RateLimitedLog } from './observability/rate-limited-log';
import { UnknownChannels } from './observability/unknown-channels';
import { BoardBroadcaster } from './realtime/board-broadcaster';
import { encodeOnceParser } from './realtime/encode-once';
import { retry } from './resilience/retry';
import { SnapshotService } from './snapshot/snapshot-service';
import { sourceStatus } from './snapshot/source-status';
import { TicketBoardReader } from './snapshot/ticket-board-reader';
import type { LiveStore } from './store/live-store';
import { MemoryLiveStore } from './store/memory-live-store';
import { RedisLiveStore } from './store/redis-live-store';
import { createRedisClient } from './store/redis-connection';

export interface WallboardOptions {
  config: WallboardConfig;
  /** where queue events come from; null = no PBX (the board shows what the store holds) */
  ami: (AmiTarget & { sourceKind: 'ami' | 'simulator' }) | null;
  logger?: Logger;
  /** the site's clock; an accelerated simulator's clock in tests */
  clock?: () => number;
  /** overrides the store chosen from config.redis */
  store?: LiveStore;
  queueSettings?: QueueSettingsBook;
  clientDir?: string;
  /** the ticket desk; default: config.ticketDesk */
  tickets?: TicketDeskSettings;
  /** history still being written (the demo's simulated weeks); default: never */
  historyPreparing?: HistoryRoutesOptions['preparing'];
  /** alert rules and channels; default: config.alertsFile read (none without it) */
  alerts?: AlertsFile;
  /** team boards; default: config.boardsFile read (only `main` without it) */
  boards?: BoardsDocument;
  /** the alert channels' retries (tests shorten them) */
  alertRetry?: AlertServiceOptions['retry'];
}

export interface TicketDeskSettings {
  policies: SlaPolicies;
  webhooks: WebhookConfig;
  /** the desks' REST APIs to backfill and reconcile from; none: webhooks only */
  deskApis?: DeskApiConfig;
  /** first-response SLA target the board compares with, percent */
  slaTargetPct: number;
}

export interface RunningWallboard {
  url: string;
  port: number;
  store: LiveStore;
  aggregator: LiveAggregator;
  tickets: TicketAggregator;
  /** the desks' REST backfill and reconcile; null when no desk API is configured */
  deskSync: DeskReconciler | null;
  snapshots: SnapshotService;
  metrics: WallboardMetrics;
  source: AmiQueueSource | null;
  /** history in Postgres; null without config.databaseUrl */
  history: HistoryService | null;
  /** null without alert rules */
  alerts: AlertService | null;
  /** the team boards in force */
  boards: BoardService;
  /** the HTTP routes (what route-access.ts must list) */
  app: Express;
  /** access control; null with AUTH=off */
  auth: AuthContext | null;
  /** the admin and kiosk token made at a first start, to show once; null otherwise */
  firstStart: FirstStartCredentials | null;
  /**
   * Stops taking input, flushes what it can until the deadline (default:
   * config.shutdownTimeoutMs from now), logs what it could not, and closes.
   */
  close(deadline?: Deadline): Promise<ShutdownReport>;
}

/** What a close left behind: nothing, when everything was flushed. */
export interface ShutdownReport {
  /** queue events taken from the PBX that are not in the live store */
  liveEventsNotApplied: number;
  /** history facts not written to Postgres */
  historyFactsNotWritten: number;
  /** webhook deliveries still waiting for the store (their senders retry) */
  webhooksUnanswered: number;
}

/**
 * Escalation events into the store; the records they changed go to history
 * and the boards are told. Answered with how many were new and how many repeats.
 */
async function submitEscalations(
  store: EscalationStore,
  site: string,
  events: readonly EscalationEvent[],
  onChanged: (changed: readonly EscalationRecord[]) => void,
): Promise<Record<EscalationOutcome, number>> {
  const { outcomes, changed } = events.length === 0 ? { outcomes: [], changed: [] } : await store.applyEscalationEvents(site, events);
  if (changed.length > 0) onChanged(changed);
  return { accepted: outcomes.filter((o) => o === 'accepted').length, duplicates: outcomes.filter((o) => o === 'duplicates').length };
}

/** Composes the server: store, AMI ingest, aggregation, snapshot, socket.io and HTTP. */
export async function startWallboard(options: WallboardOptions): Promise<RunningWallboard> {
  const { config } = options;
  const logger = options.logger ?? createLogger(config.logLevel);
  const clock = options.clock ?? Date.now;
  const metrics = createMetrics();
  const settings = options.queueSettings ?? QueueSettingsBook.load(config.queuesFile);
  const alertsFile = options.alerts ?? (config.alertsFile ? loadAlertsFile(config.alertsFile) : null);
  const boardsFile = options.boards ?? (config.boardsFile ? loadBoardsFile(config.boardsFile, settings.configuredIds) : { boards: [] });
  const ownsStore = !options.store;
  const store = options.store ?? (config.redis ? new RedisLiveStore(config.redis, { logger }) : new MemoryLiveStore());
  const deadLetters = new DeadLetters({ store, site: config.site, logger, metrics });
  const unknownChannels = new UnknownChannels(metrics.webhookUnknownChannels);
  const history = config.databaseUrl
    ? new HistoryService({
        databaseUrl: config.databaseUrl,
        site: config.site,
        logger,
        registry: metrics.registry,
        maxBuffered: config.historyBufferMax,
        onDeadLetter: (error) => deadLetters.noteWrittenElsewhere('history', error),
        queryTimeoutMs: config.historyQueryTimeoutMs,
      })
    : null;
  await history?.start();
  const authConfig = config.auth ?? DEFAULT_AUTH_CONFIG;
  const auth = accessControl(authConfig, config.databaseUrl, logger);
  const firstStartCredentials = auth
    ? await firstStart(auth.store, auth.accounts).catch((error: unknown) => {
        logger.error({ err: error }, 'could not check for the first admin (database unreachable?); run npm run users -- add NAME --role admin');
        return null;
      })
    : null;

  const rules = queueRulesFor(config, settings);

  let broadcaster: BoardBroadcaster | null = null;
  let source: AmiQueueSource | null = null;
  const aggregator = new LiveAggregator({
    store,
    site: config.site,
    rules,
    logger,
    metrics,
    deadLetters,
    onApplied: () => broadcaster?.changed(),
    onHistory: history ? (facts) => history.recordOps(facts) : undefined,
    onFencedOut: () => void source?.stop(),
  });

  const ticketDesk = options.tickets ?? ticketDeskSettings(config.ticketDesk);
  const tickets = new TicketAggregator({
    store,
    site: config.site,
    timeZone: config.timeZone,
    policies: ticketDesk.policies,
    logger,
    metrics,
    clock,
    deadLetters,
    onApplied: () => broadcaster?.changed(),
    onHistory: history ? (changed) => history.recordTickets(changed) : undefined,
  });
  // Both aggregators start from what the store holds: nothing is taken until they have read it.
  let storeReady = false;
  const initFromStore = async (): Promise<void> => {
    await aggregator.init();
    await tickets.init();
    storeReady = true;
  };
  const storeAtStart = await initFromStore().then(
    () => null,
    (error: unknown) => error,
  );

  const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  source = options.ami ? new AmiQueueSource({ target: options.ami, aggregator, logger, metrics, clock }) : null;
  const reader = source;
  const lease = reader
    ? new ReaderLease({
        store,
        site: config.site,
        owner,
        ttlMs: config.readerLeaseTtlMs,
        logger,
        link: () => ({ ...reader.link, lastEventAt: aggregator.newestEventAt > 0 ? aggregator.newestEventAt : null }),
        // the mirror is reloaded before reading: another node may have moved the store on since;
        // an emptied store is rebuilt first, and the resync on start() brings callers and agents back
        onAcquired: async (generation, emptied) => {
          const rebuild = emptied && storeRebuild({ store, site: config.site, timeZone: config.timeZone, history, clock, logger, metrics }, emptied);
          await aggregator.resume(generation, rebuild ?? undefined);
          if (emptied && history) {
            await rebuildOpenTickets({ store, site: config.site, history, policies: ticketDesk.policies, clock, logger }).catch((error: unknown) =>
              logger.error({ err: error, site: config.site }, 'open tickets not put back from history: they return with their next deliveries'),
            );
          }
          reader.start();
        },
        onLost: () => void reader.stop(),
      })
    : null;

  // the sender lease has a connection of its own: the live store's serves its own traffic and timeouts
  const alertRedis = alertsFile && config.redis ? createRedisClient(config.redis, logger) : null;
  const alerts = alertsFile
    ? new AlertService({
        file: alertsFile,
        store,
        site: config.site,
        timeZone: config.timeZone,
        language: config.language ?? DEFAULT_LANGUAGE,
        history,
        metrics,
        logger,
        senderLease: alertRedis ? redisSenderLease(alertRedis, config.site) : SOLE_SENDER,
        owner,
        retry: options.alertRetry,
      })
    : null;
  await alerts?.start();

  const boards = new BoardService({
    file: boardsFile,
    site: config.site,
    history,
    queues: () => settings.configuredIds.map((id) => ({ id, name: settings.of(id).name })),
    metrics,
    logger,
    onChange: () => broadcaster?.changed(),
  });
  await boards.start();

  const snapshots = new SnapshotService({
    store,
    site: config.site,
    timeZone: config.timeZone,
    settings,
    clock,
    source: () => sourceStatus(options.ami?.sourceKind ?? 'ami', lease?.view() ?? null),
    tickets: new TicketBoardReader({
      store,
      site: config.site,
      timeZone: config.timeZone,
      policies: ticketDesk.policies,
      slaTargetPct: ticketDesk.slaTargetPct,
      ...(ticketDesk.webhooks.wrike || ticketDesk.webhooks.jiraDev
        ? { escalations: { store, defaultLine: ticketDesk.webhooks.escalationDefaultLine } }
        : {}),
    }),
    ...(alerts ? { alerts } : {}),
  });

  const health = async (): Promise<HealthReport> => {
    // the PBX check is the reader's view of the link (lease.view()), sync; the store is asked, bounded
    const role = lease ? readerHealth(lease.view()) : null;
    const checks: HealthReport['checks'] = await runHealthChecks({
      liveStore: async () => {
        await store.readSeq(config.site);
        if (!storeReady) return { ok: false, detail: 'answers again; the board is loading its state' };
        return { ok: true, detail: config.redis ? 'redis' : 'in-process' };
      },
      ...(history ? { history: () => history.health() } : {}),
      deadLetters: () => deadLetters.health(),
      unknownTicketChannels: () => unknownChannels.health(),
      ...(role ? { pbx: () => role.pbx } : {}),
    });
    return { status: healthStatus(checks, NON_CRITICAL_CHECKS), ...(role && { role: role.role, reader: role.reader }), checks };
  };

  const gate = new ShutdownGate();
  const app = createHttpApp({
    snapshots,
    metrics,
    logger,
    health,
    clientDir: options.clientDir ?? path.resolve('client/dist'),
    language: config.language ?? DEFAULT_LANGUAGE,
    boards: (name) => boards.book.definition(name),
    authConfig,
    auth,
    routers: [
      gate.router('/api/webhooks'),
      boards.router,
      ...(alerts ? [alerts.adminRouter, ...(alerts.historyRouter ? [alerts.historyRouter] : [])] : []),
      createWebhookRouter({
        config: ticketDesk.webhooks,
        // refused (503, retry later) until the ticket aggregator has read what the store holds
        tickets: { submit: (events) => (storeReady ? tickets.submit(events) : Promise.reject(new Error('the live store has not answered since start'))) },
        metrics,
        logger,
        unknownChannels,
        clock,
        escalations: {
          submit: (events) =>
            submitEscalations(store, config.site, events, (changed) => {
              history?.recordEscalations(changed);
              broadcaster?.changed();
            }),
        },
      }),
      ...(history
        ? [
            historyRouter({
              reader: () => history.reader(),
              site: config.site,
              timeZone: config.timeZone,
              metrics,
              ...(options.historyPreparing ? { preparing: options.historyPreparing } : {}),
            }),
            agentHistoryRouter({ reader: () => history.reader(), site: config.site, timeZone: config.timeZone, metrics }),
            callbackRouter({ reader: () => history.reader(), site: config.site, timeZone: config.timeZone, clock, metrics, logger, boards: (name) => boards.book.definition(name) }),
            planRouter({
              reader: () => history.reader(),
              site: config.site,
              timeZone: config.timeZone,
              clock,
              metrics,
              // the PBX's own ServiceLevel is live state the router cannot see: configured, else the default threshold
              serviceTarget: (queue) => ({ slPct: settings.of(queue ?? '').slTargetPct, slSec: settings.slThresholdSec(queue ?? '', 0) }),
            }),
          ]
        : [
            intradayWithoutHistoryRouter({ site: config.site, timeZone: config.timeZone, clock, metrics }),
            callbacksWithoutHistoryRouter({ timeZone: config.timeZone, clock }),
          ]),
    ],
  });
  const httpServer: HttpServer = createServer(app);
  const io = new SocketServer<ClientToServerEvents, ServerToClientEvents>(httpServer, {
    serveClient: false,
    parser: encodeOnceParser,
    maxHttpBufferSize: 16 * 1024,
    // pages of the listed other origins may long-poll too (CORS); the same origin needs nothing
    ...(authConfig.allowedOrigins.length > 0 ? { cors: { origin: authConfig.allowedOrigins, credentials: true } } : {}),
    // a WebSocket from another site's page would read the board through a visitor's browser
    allowRequest: (req, callback) => {
      const allowed = originAllowed(req, authConfig.allowedOrigins);
      callback(allowed ? null : 'origin not allowed', allowed);
    },
  });
  const socketAuth = auth ? new SocketAuth(io, auth, logger) : null;
  socketAuth?.start();
  broadcaster = new BoardBroadcaster({
    io,
    snapshots,
    logger,
    metrics,
    clock,
    sourceConnected: () => lease?.view().link?.connected ?? false,
    // changes applied by another node (the reader, a webhook) move the store's seq
    storeSeq: () => store.readSeq(config.site),
    boards: (name) => boards.book.definition(name),
    ...('subscribeSeq' in store && store.subscribeSeq
      ? { storeSeqPushes: (onSeq: (seq: number) => void) => store.subscribeSeq!(config.site, onSeq) }
      : {}),
  });
  broadcaster.start();

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;

  const sweepTimer = setInterval(() => aggregator.sweep(), 1000);
  // Without the store at start, the server serves the page and health (degraded)
  // and waits for it in the background; ingest starts once the state is read.
  const startup = new AbortController();
  const deskReaders = ticketDesk.deskApis ? deskApiReaders(ticketDesk.deskApis, ticketDesk.webhooks, logger, { signal: startup.signal }) : [];
  const deskSync =
    deskReaders.length > 0
      ? new DeskReconciler({
          store,
          site: config.site,
          owner: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
          readers: deskReaders,
          submit: (events) => tickets.submit(events),
          everyMs: ticketDesk.deskApis!.reconcileEveryMs,
          logger,
          clock,
        })
      : null;
  const ingestStarted = (
    storeAtStart === null ? Promise.resolve() : waitForStore(initFromStore, storeAtStart, logger, startup.signal)
  ).then(() => {
    lease?.start();
    deskSync?.start();
  });
  if (storeAtStart === null) await ingestStarted;
  else ingestStarted.catch(() => undefined);

  logger.info({ port, site: config.site, timeZone: config.timeZone, store: config.redis ? 'redis' : 'in-process' }, 'wallboard listening');

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    store,
    aggregator,
    tickets,
    deskSync,
    snapshots,
    metrics,
    source,
    history,
    alerts,
    boards,
    app,
    auth,
    firstStart: firstStartCredentials,
    async close(deadline = new Deadline(config.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS)) {
      // Kept for closing connections and the store once flushing has had its time.
      const reserve = Math.min(1_000, deadline.remaining() / 10);
      const flushFor = (): number => Math.max(0, deadline.remaining() - reserve);

      // Stop taking input: the PBX, webhooks (503), boards (socket.io closes, the HTTP port stops listening).
      gate.close();
      startup.abort();
      await deadline.wait(ingestStarted.catch(() => undefined), flushFor());
      clearInterval(sweepTimer);
      broadcaster?.stop();
      socketAuth?.stop();
      const serverClosed = io.close();
      await deadline.wait(Promise.resolve(source?.stop()), flushFor());
      // Giving the lease up needs the store, which may be what is down: it must not hold up the flush.
      const leaseReleased = Promise.resolve(lease?.stop()).catch((error: unknown) => logger.warn({ err: error }, 'reader lease not released'));
      // Its read under way was aborted with the startup signal; it gives its lease up, which needs the store too.
      await deadline.wait(Promise.resolve(deskSync?.stop()).catch((error: unknown) => logger.warn({ err: error }, 'desk-sync lease not released')), flushFor());

      // Flush: the live store first, whose batches hand history its facts.
      await deadline.wait(Promise.all([aggregator.settled(), tickets.settled(), alerts?.settled()]), flushFor());
      await deadline.wait(Promise.resolve(alerts?.close()), flushFor());
      boards.close();
      alertRedis?.disconnect();
      aggregator.abandon();
      if (history) await deadline.wait(history.close(flushFor()), flushFor());
      const report: ShutdownReport = {
        liveEventsNotApplied: aggregator.unapplied,
        historyFactsNotWritten: history?.writer.status().buffered ?? 0,
        webhooksUnanswered: gate.inFlight,
      };

      httpServer.closeAllConnections();
      await deadline.wait(Promise.all([serverClosed, leaseReleased]));
      if (ownsStore) await deadline.wait(store.close());
      if (auth) await deadline.wait(auth.store.close());
      if (Object.values(report).some((left) => left > 0)) logger.error(report, 'shut down with work not flushed');
      else logger.info('shut down, everything flushed');
      return report;
    },
  };
}

/** Checks that report without taking the node out of a balancer (the live store, history and the PBX link do). */
const NON_CRITICAL_CHECKS: ReadonlySet<string> = new Set(['deadLetters', 'unknownTicketChannels']);

/** The configured desk with its SLA policy file read. */
export function ticketDeskSettings(desk: TicketDeskConfig): TicketDeskSettings {
  return { policies: loadSlaPolicies(desk.slaPoliciesFile), webhooks: desk.webhooks, slaTargetPct: desk.slaTargetPct, deskApis: desk.deskApis };
}

/** Retries reading the store's state until it answers (or the server closes); the first failure is `firstError`. */
async function waitForStore(init: () => Promise<void>, firstError: unknown, logger: Logger, signal: AbortSignal): Promise<void> {
  const warnings = new RateLimitedLog(logger);
  const unreachable = (error: unknown): void =>
    warnings.error('store-at-start', { err: error }, 'live store unreachable at start: serving a degraded board until it answers');
  unreachable(firstError);
  await retry(init, {
    initialDelayMs: 200,
    maxDelayMs: 5_000,
    delayFirstAttempt: true,
    signal,
    // the first wait is for firstError, already told
    onRetry: ({ error }) => error !== undefined && unreachable(error),
  });
  warnings.flush();
  logger.info('live store answered: board state loaded, ingest starting');
}
