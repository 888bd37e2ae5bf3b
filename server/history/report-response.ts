import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { WallboardMetrics } from '../observability/metrics';
import { toCsv, type CsvValue } from './csv-format';
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
  const errors = parsed.error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => `${key}: unknown parameter`).join('; ');
    const name = issue.path.join('.') || 'query';
    const given = (req.query as Record<string, unknown>)[String(issue.path[0])] !== undefined;
    // A repeated parameter (?queue=a&queue=b) arrives as an array and fails under its name too.
    return issue.code !== 'custom' && issue.path.length > 0 && !given ? `${name}: required` : `${name}: ${issue.message}`;
  });
  metrics.inputRejected.inc({ source: 'history-api', reason: 'bad-query' });
  res.status(400).json({ status: 'error', errors });
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
export function badParameter(res: Response, error: string): void {
  res.status(400).json({ status: 'error', errors: [error] });
}

/**
 * Runs the queries of one request. While Postgres is unreachable the live board
 * goes on and history answers 503 (returning undefined here) until it is back.
 */
export async function load<T>(
  res: Response,
  reader: () => Promise<Queryable>,
  read: (db: Queryable) => Promise<T>,
): Promise<T | undefined> {
  try {
    return await read(await reader());
  } catch (error) {
    res.status(503).json({ status: 'error', errors: [`history database unavailable: ${(error as Error).message}`] });
    return undefined;
  }
}
