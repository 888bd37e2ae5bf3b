import path from 'node:path';
import express, { type Express } from 'express';
import type { HealthStatus } from '../observability/health-checks';
import { adminRouter } from '../auth/admin-routes';
import { originGuard } from '../auth/allowed-origins';
import type { AuthContext } from '../auth/auth-context';
import { authGuard, principalOf } from '../auth/auth-guard';
import { authRouter } from '../auth/auth-routes';
import { oidcRouter } from '../auth/oidc-routes';
import { rateLimit } from '../auth/request-rate-limit';
import { securityHeaders } from '../auth/security-headers';
import { settingsAudit } from '../auth/settings-audit';
import type { AuthConfig } from '../config/env-config';
import { GENERIC_SOURCE_HEADER } from '../ingest/webhooks/sign';
import type { Logger } from '../observability/logger';
import { apiErrorHandler, sendApiError } from './api-error-response';
import { buildRouter } from './build-route';
import { clientPage } from './client-page';
import { DEFAULT_LANGUAGE, type Language } from '../../shared/i18n/languages';
import type { WallboardMetrics } from '../observability/metrics';
import type { SnapshotService } from '../snapshot/snapshot-service';
import { boardNameSchema, type BoardDefinition } from '../../shared/boards';
import { snapshotForBoard } from '../realtime/snapshot-for-board';

export interface HealthReport {
  status: HealthStatus;
  /** with a PBX configured: whether this node reads it or stands by */
  role?: 'reader' | 'standby';
  /** the node holding the reader lease, null while none does */
  reader?: string | null;
  checks: Record<string, { ok: boolean; detail?: string }>;
}

export interface HttpAppOptions {
  snapshots: SnapshotService;
  metrics: WallboardMetrics;
  logger: Logger;
  health: () => Promise<HealthReport>;
  /** built client (vite build); the board is served from here when it exists */
  clientDir: string;
  /** SITE_LANG, written into the served page (client-page.ts); default en */
  language?: Language;
  /** extra API routers mounted before the static client (webhooks, history ...) */
  routers?: express.Router[];
  authConfig: AuthConfig;
  /** null: AUTH=off, every route open */
  auth: AuthContext | null;
  /** the team board of a name, null when there is none; without it `/api/snapshot` is the whole site's */
  boards?: (name: string) => BoardDefinition | null;
}

/** A webhook source's budget: bursts of a busy desk pass, a runaway sender gets 429 with Retry-After. */
const WEBHOOK_BURST = 2_000;
const WEBHOOK_PERIOD_MS = 10_000; // 200 a second sustained
/** A person's history and plan queries: a page load asks a handful; 16 year-long ones at once do not pass. */
const QUERY_BURST = 30;
const QUERY_PERIOD_MS = 10_000;
const QUERIES_IN_FLIGHT = 4;

export function createHttpApp(options: HttpAppOptions): Express {
  const app = express();
  const { auth, authConfig } = options;
  const page = clientPage(options.clientDir, options.language ?? DEFAULT_LANGUAGE);
  app.disable('x-powered-by');
  app.set('trust proxy', authConfig.trustProxy);
  app.use(securityHeaders(authConfig.frameAncestors));
  app.use(originGuard(authConfig.allowedOrigins));
  if (auth) {
    app.use(authGuard(auth, page, options.logger));
    app.use(settingsAudit(auth));
    app.use(authRouter(auth));
    app.use(adminRouter(auth));
    if (authConfig.oidc) app.use(oidcRouter(auth, authConfig.oidc, options.logger));
  } else {
    // the page shows a banner: everything is open
    app.get('/api/auth/session', (_req, res) => {
      res.json({ name: 'anyone', role: 'admin', kind: 'user', board: null, authOff: true });
    });
  }

  app.get('/api/health', async (_req, res) => {
    const report = await options.health();
    const status = report.status === 'down' ? 503 : 200;
    // anonymous callers (a load balancer) learn ok or not, nothing of what is inside
    if (auth && principalOf(res) === null) res.status(status).json({ status: report.status });
    else res.status(status).json(report);
  });

  // `?board=` filters it as the board's socket room is (a board's page asks this before its socket has joined);
  // a token limited to one board gets that board's
  app.get('/api/snapshot', async (req, res, next) => {
    const limitedTo = principalOf(res)?.board ?? null;
    const asked = req.query.board ?? limitedTo ?? undefined;
    let definition: BoardDefinition | null = null;
    if (asked !== undefined && options.boards) {
      const name = boardNameSchema.safeParse(asked);
      if (!name.success) {
        options.metrics.inputRejected.inc({ source: 'http', reason: 'bad_board' });
        return sendApiError(res, 400, [{ path: 'board', message: name.error.issues[0]!.message }]);
      }
      if (limitedTo !== null && name.data !== limitedTo) return sendApiError(res, 403, `this token opens the board "${limitedTo}" only`);
      definition = options.boards(name.data);
      if (definition === null) return sendApiError(res, 404, `no board "${name.data}"`);
    }
    try {
      const snapshot = await options.snapshots.current();
      res.set('Cache-Control', 'no-store').json(definition ? snapshotForBoard(snapshot, definition) : snapshot);
    } catch (error) {
      next(error);
    }
  });

  app.get('/metrics', async (_req, res) => {
    res.set('Content-Type', options.metrics.registry.contentType).send(await options.metrics.registry.metrics());
  });

  app.use(
    '/api/webhooks',
    rateLimit({
      burst: WEBHOOK_BURST,
      periodMs: WEBHOOK_PERIOD_MS,
      what: 'webhook deliveries from this source',
      keyOf: (req) => `${req.path}:${req.get(GENERIC_SOURCE_HEADER) ?? ''}`,
    }),
  );
  app.use(
    ['/api/history', '/api/plan'],
    rateLimit({
      burst: QUERY_BURST,
      periodMs: QUERY_PERIOD_MS,
      what: 'history queries',
      maxInFlight: QUERIES_IN_FLIGHT,
      keyOf: (req) => principalOf(req.res!)?.name ?? req.ip ?? '',
    }),
  );
  app.use(buildRouter(options.clientDir));
  for (const router of options.routers ?? []) app.use(router);

  app.use('/api', (req, res) => {
    sendApiError(res, 404, `no such endpoint: ${req.method} ${req.originalUrl}`);
  });

  if (page.exists()) {
    app.use(
      express.static(options.clientDir, {
        // `/` is the page too, with the site's language written in (below)
        index: false,
        maxAge: '1h',
        // the page must be asked for again after a deploy (kiosk TVs reload for it); its assets have hashed names
        setHeaders: (res, file) => {
          if (path.basename(file) === 'index.html') res.setHeader('Cache-Control', 'no-cache');
        },
      }),
    );
    // Client-side routes (/day, /plan ...) load the same page.
    app.get(/^\/(?!api\/|socket\.io\/|metrics$).*/, (_req, res) => page.send(res));
  } else {
    app.get('/', (_req, res) => {
      res
        .status(503)
        .type('text')
        .send('The board page is not built yet: run `npm run build:client` (npm start does it for you).');
    });
  }

  app.use(apiErrorHandler(options.logger));

  return app;
}
