import express from 'express';
import { agentsQuerySchema, type AgentDayRow, type AgentsResponse } from '../../shared/history-api';
import { readAgentDay } from '../history/agent-day-query';
import { agentDayRows } from '../history/agent-day-report';
import type { CsvValue } from '../history/csv-format';
import { daysRange } from '../history/interval-grid';
import { load, parseQuery, sendReport } from '../history/report-response';
import type { HistoryRoutesOptions } from './history-routes';

const CSV_COLUMNS = [
  'agentId',
  'answered',
  'answeredByQueue',
  'holdSec',
  'talkSec',
  'wrapSec',
  'ahtSec',
  'loggedInSec',
  'pausedSec',
  'availableSec',
  'occupancyPct',
] as const satisfies readonly (keyof AgentDayRow)[];

/** The agents' day: per agent, calls answered and times in state, for one site day. */
export function agentHistoryRouter(options: HistoryRoutesOptions): express.Router {
  const router = express.Router();
  const { site, timeZone, metrics } = options;

  router.get('/api/history/agents', async (req, res, next) => {
    const query = parseQuery(agentsQuerySchema, req, res, metrics);
    if (!query) return;
    const queue = query.queue ?? null;
    const facts = await load(res, options.reader, async (db) => readAgentDay(db, site, daysRange(timeZone, query.date, 1), queue));
    if (!facts) return;
    try {
      const body: AgentsResponse = { site, timeZone, queue, date: query.date, agents: agentDayRows(facts) };
      sendReport(res, query.format, body, () => ({
        name: `agents-${queue ?? 'all-queues'}-${query.date}`,
        columns: CSV_COLUMNS,
        rows: body.agents.map(csvRow),
      }));
    } catch (error) {
      next(error);
    }
  });

  return router;
}

/** answeredByQueue as "queue=n" pairs in one cell, by queue name. */
function csvRow(row: AgentDayRow): Record<string, CsvValue> {
  const byQueue = Object.entries(row.answeredByQueue)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([queue, n]) => `${queue}=${n}`)
    .join(';');
  return { ...row, answeredByQueue: byQueue };
}
