import express from 'express';
import { z } from 'zod';
import type { AlertHistoryReply } from '../../shared/alerts';
import { dateParam } from '../../shared/history-api';
import type { Queryable } from '../history/history-queries';
import { daysRange } from '../history/interval-grid';
import { load, parseQuery } from '../history/report-response';
import type { WallboardMetrics } from '../observability/metrics';
import { readAlertNotices } from './alert-store';

const historyQuerySchema = z.strictObject({ date: dateParam });

export interface AlertHistoryRoutesOptions {
  reader: () => Promise<Queryable>;
  site: string;
  timeZone: string;
  metrics: WallboardMetrics;
}

/** The alert history page's data: every notification of one site day. For managers. */
export function alertHistoryRouter(options: AlertHistoryRoutesOptions): express.Router {
  const router = express.Router();
  router.get('/api/alerts/history', async (req, res) => {
    const query = parseQuery(historyQuerySchema, req, res, options.metrics);
    if (!query) return;
    const range = daysRange(options.timeZone, query.date, 1);
    const notices = await load(res, options.reader, (db) => readAlertNotices(db, options.site, range.from, range.to));
    if (!notices) return;
    const body: AlertHistoryReply = { day: query.date, notices };
    res.set('Cache-Control', 'no-store').json(body);
  });
  return router;
}
