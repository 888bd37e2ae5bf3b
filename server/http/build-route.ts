import { readFile } from 'node:fs/promises';
import path from 'node:path';
import express from 'express';

/**
 * GET /api/build: the id of the page build being served (client/build-id-plugin.ts
 * writes it beside the page). Read at every request, so a page rebuilt under a
 * running server is announced too; `null` when the page has no id (not built).
 */
export function buildRouter(clientDir: string): express.Router {
  const router = express.Router();
  router.get('/api/build', async (_req, res) => {
    const buildId = await readFile(path.join(clientDir, 'build-id.json'), 'utf8').then(
      (text) => {
        const parsed = JSON.parse(text) as { buildId?: unknown };
        return typeof parsed.buildId === 'string' ? parsed.buildId : null;
      },
      () => null,
    );
    res.set('Cache-Control', 'no-store').json({ buildId });
  });
  return router;
}
