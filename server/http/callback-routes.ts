import express from 'express';
import type { BoardDefinition } from '../../shared/boards';
import { callbackDoneBodySchema, callbacksQuerySchema, noCallbacksKept, type CallbacksReply } from '../../shared/callbacks';
import { siteDay } from '../../shared/site-time';
import { principalOf } from '../auth/auth-guard';
import { callbackId, callbackList, parseCallbackId } from '../domain/callback-list';
import { markCallbackDone, readCallbackDay } from '../history/callback-store';
import type { Queryable } from '../history/history-queries';
import { daysRange } from '../history/interval-grid';
import { badParameter, load, parseQuery, sendReport } from '../history/report-response';
import type { Logger } from '../observability/logger';
import type { WallboardMetrics } from '../observability/metrics';
import { sendApiError } from './api-error-response';

export interface CallbackRoutesOptions {
  reader: () => Promise<Queryable>;
  site: string;
  timeZone: string;
  clock: () => number;
  metrics: WallboardMetrics;
  logger: Logger;
  /** the team board of a name: a token limited to one board lists only that board's queues' callers */
  boards?: (name: string) => BoardDefinition | null;
}

/**
 * Callbacks: today's list (server/domain/callback-list.ts) from history, as
 * JSON or CSV; and a manager's "done" on one row. The list is as fresh as
 * history: a call's row lands within the writer's flush of its end.
 */
export function callbackRouter(options: CallbackRoutesOptions): express.Router {
  const router = express.Router();
  const { site, timeZone, metrics } = options;

  router.get('/api/callbacks', async (req, res) => {
    const query = parseQuery(callbacksQuerySchema, req, res, metrics);
    if (!query) return;
    const now = options.clock();
    const day = siteDay(timeZone, now);
    const facts = await load(res, options.reader, (db) => readCallbackDay(db, site, day, daysRange(timeZone, day, 1)));
    if (!facts) return;
    const list = callbackList(facts.calls, facts.marks, { now, timeZone, queue: query.queue });
    const boardQueues = queuesOfLimitedBoard(principalOf(res)?.board ?? null, options.boards);
    const entries = boardQueues === null ? list.entries : list.entries.filter((e) => boardQueues.has(e.queueId));
    const body: CallbacksReply = {
      kept: true,
      day,
      timeZone,
      queue: query.queue ?? null,
      rows: entries.map((e) => ({
        id: callbackId(e.call),
        callerId: e.callerId,
        queueId: e.queueId,
        waitSec: e.waitSec,
        abandonedAt: new Date(e.abandonedAt).toISOString(),
        attempts: e.attempts,
      })),
      withheld: list.withheld,
      shortAbandons: list.shortAbandons,
      done: list.done,
    };
    sendReport(res, query.format, body, () => ({
      name: `callbacks-${query.queue ?? 'all-queues'}-${day}`,
      columns: ['callerId', 'queueId', 'waitSec', 'abandonedAt', 'attempts'],
      rows: body.rows.map(({ callerId, queueId, waitSec, abandonedAt, attempts }) => ({ callerId, queueId, waitSec, abandonedAt, attempts })),
    }));
  });

  router.post('/api/callbacks/:id/done', express.json({ limit: '4kb' }), async (req, res) => {
    const call = parseCallbackId(String(req.params.id));
    if (!call) {
      metrics.inputRejected.inc({ source: 'callbacks-api', reason: 'bad-id' });
      return badParameter(res, 'id', 'not a callback id from GET /api/callbacks');
    }
    const body = callbackDoneBodySchema.safeParse(req.body ?? {});
    if (!body.success) {
      metrics.inputRejected.inc({ source: 'callbacks-api', reason: 'bad-body' });
      sendApiError(res, 400, body.error.issues.map((issue) => ({ path: issue.path.join('.') || 'body', message: issue.message })));
      return;
    }
    const doneBy = principalOf(res)?.name ?? null;
    const result = await load(res, options.reader, (db) => markCallbackDone(db, site, call, doneBy, body.data.note ?? null));
    if (!result) return;
    if (result === 'no-such-call') {
      sendApiError(res, 404, 'no abandoned call with a number has this id');
      return;
    }
    options.logger.info({ site, queue: call.queueId, callId: call.callId, doneBy, result }, 'callback marked done');
    res.set('Cache-Control', 'no-store').json({ status: result });
  });

  return router;
}

/** Without history there is no list: the board asks anyway and is told so (200, kept: false), rather than a 404 in its console. */
export function callbacksWithoutHistoryRouter(options: Pick<CallbackRoutesOptions, 'timeZone' | 'clock'>): express.Router {
  const router = express.Router();
  router.get('/api/callbacks', (_req, res) => {
    res.set('Cache-Control', 'no-store').json(noCallbacksKept(siteDay(options.timeZone, options.clock()), options.timeZone));
  });
  return router;
}

/**
 * The queues a board-limited token may see callers of; null when it sees every queue (not limited, or a board of
 * every queue). A limited token whose board is gone sees none.
 */
function queuesOfLimitedBoard(board: string | null, boards: CallbackRoutesOptions['boards']): ReadonlySet<string> | null {
  if (board === null || !boards) return null;
  const definition = boards(board);
  if (definition === null) return new Set();
  return definition.queues.length === 0 ? null : new Set(definition.queues);
}
