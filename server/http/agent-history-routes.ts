import express from 'express';
import { agentsQuerySchema, pauseReasonLabel, pauseReasonsOf, type AgentDayRow, type AgentsResponse } from '../../shared/history-api';
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
  'ringNoAnswer',
  'ringNoAnswerByQueue',
] as const satisfies readonly (keyof AgentDayRow)[];

/** One column per pause reason seen that day, after the fixed ones: `paused:Lunch`, `paused:no reason`. */
const pausedColumn = (reason: string): string => `paused:${pauseReasonLabel(reason)}`;

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
      sendReport(res, query.format, body, () => {
        const reasons = pauseReasonsOf(body.agents);
        return {
          name: `agents-${queue ?? 'all-queues'}-${query.date}`,
          columns: [...CSV_COLUMNS, ...reasons.map(pausedColumn)],
          rows: body.agents.map((row) => csvRow(row, reasons)),
        };
      });
    } catch (error) {
      next(error);
    }
  });

  return router;
}

/** Counts by queue as "queue=n" pairs in one cell, by queue name. */
function byQueueCell(byQueue: Readonly<Record<string, number>>): string {
  return Object.entries(byQueue)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([queue, n]) => `${queue}=${n}`)
    .join(';');
}

/** A row's cells; every reason of the day has its column, 0 for an agent who never paused with it. */
function csvRow({ pausedByReason, ...row }: AgentDayRow, reasons: readonly string[]): Record<string, CsvValue> {
  const cells: Record<string, CsvValue> = {
    ...row,
    answeredByQueue: byQueueCell(row.answeredByQueue),
    ringNoAnswerByQueue: byQueueCell(row.ringNoAnswerByQueue),
  };
  for (const reason of reasons) cells[pausedColumn(reason)] = pausedByReason[reason] ?? 0;
  return cells;
}
