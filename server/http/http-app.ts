import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';
import type { HealthStatus } from '../observability/health-checks';
import type { Logger } from '../observability/logger';
import { apiErrorHandler, sendApiError } from './api-error-response';
import { buildRouter } from './build-route';
import type { WallboardMetrics } from '../observability/metrics';
import type { SnapshotService } from '../snapshot/snapshot-service';

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
  /** extra API routers mounted before the static client (webhooks, history ...) */
  routers?: express.Router[];
}

export function createHttpApp(options: HttpAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');

  app.get('/api/health', async (_req, res) => {
    const report = await options.health();
    res.status(report.status === 'down' ? 503 : 200).json(report);
  });

  app.get('/api/snapshot', async (_req, res, next) => {
    try {
      res.set('Cache-Control', 'no-store').json(await options.snapshots.current());
    } catch (error) {
      next(error);
    }
  });

  app.get('/metrics', async (_req, res) => {
    res.set('Content-Type', options.metrics.registry.contentType).send(await options.metrics.registry.metrics());
  });

  app.use(buildRouter(options.clientDir));
  for (const router of options.routers ?? []) app.use(router);

  app.use('/api', (req, res) => {
    sendApiError(res, 404, `no such endpoint: ${req.method} ${req.originalUrl}`);
  });

  if (existsSync(path.join(options.clientDir, 'index.html'))) {
    app.use(
      express.static(options.clientDir, {
        index: 'index.html',
        maxAge: '1h',
        // the page must be asked for again after a deploy (kiosk TVs reload for it); its assets have hashed names
        setHeaders: (res, file) => {
          if (path.basename(file) === 'index.html') res.setHeader('Cache-Control', 'no-cache');
        },
      }),
    );
    // Client-side routes (/day, /plan ...) load the same page.
    app.get(/^\/(?!api\/|socket\.io\/|metrics$).*/, (_req, res) => {
      res.sendFile(path.join(options.clientDir, 'index.html'));
    });
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
