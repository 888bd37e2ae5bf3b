import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { ApiProblem } from '../../shared/api-error';
import { sendApiError } from '../http/api-error-response';
import type { WallboardMetrics } from '../observability/metrics';
import { toCsv, type CsvValue } from './csv-format';
import { isDatabaseUnreachable, isQueryTimeout } from './database-failure';
import type { Queryable } from './history-queries';

/**
 * The boundary of the history and planning endpoints: query parameters through
 * their zod schema (400 naming each bad parameter), and the answer as JSON or,
 * with ?format=csv, as CSV.
 */

export function parseQuery<S extends z.ZodType>(
  schema: S,
  req: Request,
  res: Response,
  metrics: WallboardMetrics,
): z.infer<S> | undefined {
  const parsed = schema.safeParse(req.query);
  if (parsed.success) return parsed.data;
  const errors = parsed.error.issues.flatMap((issue): ApiProblem[] => {
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ path: key, message: 'unknown parameter' }));
    const path = issue.path.join('.');
    const given = (req.query as Record<string, unknown>)[String(issue.path[0])] !== undefined;
    // A repeated parameter (?queue=a&queue=b) arrives as an array and fails under its name too.
    return [{ path, message: issue.code !== 'custom' && issue.path.length > 0 && !given ? 'required' : issue.message }];
  });
  metrics.inputRejected.inc({ source: 'history-api', reason: 'bad-query' });
  sendApiError(res, 400, errors);
  return undefined;
}

export interface CsvTable {
  /** file name offered for download, without extension */
  name: string;
  columns: readonly string[];
  rows: readonly Record<string, CsvValue>[];
}

export function sendReport(res: Response, format: 'json' | 'csv', body: unknown, csv: () => CsvTable): void {
  res.set('Cache-Control', 'no-store');
  if (format === 'json') {
    res.json(body);
    return;
  }
  const table = csv();
  res
    .type('text/csv; charset=utf-8')
    .set('Content-Disposition', `attachment; filename="${table.name.replace(/[^A-Za-z0-9_.-]/g, '_')}.csv"`)
    .send(toCsv(table.columns, table.rows));
}

/** A parameter that passed its schema but not a check across parameters (to before from ...). */
export function badParameter(res: Response, param: string, message: string): void {
  sendApiError(res, 400, [{ path: param, message }]);
}

/**
 * Runs the queries of one request. While Postgres is unreachable the live board
 * goes on and history answers 503 (returning undefined here) until it is back.
 * Any other failure is a fault (a query the schema does not fit, a bug): it is
 * thrown on to the app's error handler, which logs it and answers 500.
 */
export async function load<T>(
  res: Response,
  reader: () => Promise<Queryable>,
  read: (db: Queryable) => Promise<T>,
): Promise<T | undefined> {
  try {
    return await read(await reader());
  } catch (error) {
    if (isQueryTimeout(error)) {
      sendApiError(res, 503, 'history query took too long; narrow the range');
      return undefined;
    }
    if (!isDatabaseUnreachable(error)) throw error;
    sendApiError(res, 503, 'history database unavailable');
    return undefined;
  }
}
