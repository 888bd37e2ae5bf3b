import { useState } from 'react';
import type { AgentDayRow } from '../../../../shared/history-api';
import { AGENT_COLUMNS, formatByQueue, nextSort, sortAgents, type AgentColumn, type AgentSort } from './agent-columns';
import { t, type MessageKey } from '../../i18n/i18n';

const ARIA_SORT = { asc: 'ascending', desc: 'descending' } as const;

/**
 * The columns' words in the page's language, by column key. A column not
 * listed yet (added in agent-columns.ts) shows its own English words until its
 * two keys are added here and to the catalogues.
 */
const COLUMN_WORDS: Partial<Record<AgentColumn['key'], { label: MessageKey; title: MessageKey }>> = {
  agentId: { label: 'agentsDay.col.agent', title: 'agentsDay.col.agentTitle' },
  answered: { label: 'tile.answered', title: 'agentsDay.col.answeredTitle' },
  holdSec: { label: 'agentsDay.col.hold', title: 'agentsDay.col.holdTitle' },
  talkSec: { label: 'agentsDay.col.talk', title: 'agentsDay.col.talkTitle' },
  wrapSec: { label: 'agentsDay.col.wrap', title: 'agentsDay.col.wrapTitle' },
  ahtSec: { label: 'tile.aht', title: 'agentsDay.col.ahtTitle' },
  loggedInSec: { label: 'agentsDay.col.loggedIn', title: 'agentsDay.col.loggedInTitle' },
  pausedSec: { label: 'agentState.paused', title: 'agentsDay.col.pausedTitle' },
  availableSec: { label: 'agentState.available', title: 'agentsDay.col.availableTitle' },
  occupancyPct: { label: 'plan.metric.occupancy', title: 'agentsDay.col.occupancyTitle' },
};

function columnWords(column: AgentColumn): { label: string; title: string } {
  const words = COLUMN_WORDS[column.key];
  return words === undefined ? column : { label: t(words.label), title: t(words.title) };
}

/**
 * One row per agent, named as the live board names them where it knows the
 * interface; a click on a column's header sorts by it, a second click turns
 * the order round.
 */
export function AgentTable({ rows, names }: { rows: readonly AgentDayRow[]; names: Readonly<Record<string, string>> }) {
  const [sort, setSort] = useState<AgentSort>({ key: 'answered', direction: 'desc' });
  const sorted = sortAgents(rows, sort);
  const header = (column: AgentColumn) => (
    <th
      key={column.key}
      scope="col"
      className={column.numeric ? 'table__num' : undefined}
      aria-sort={sort.key === column.key ? ARIA_SORT[sort.direction] : undefined}
    >
      <button
        type="button"
        className="table__sort"
        title={columnWords(column).title}
        data-testid={`agents-sort-${column.key}`}
        onClick={() => setSort((current) => nextSort(current, column.key))}
      >
        {columnWords(column).label}
        <span className="table__sort-mark" aria-hidden="true">
          {sort.key === column.key ? (sort.direction === 'asc' ? '▲' : '▼') : ''}
        </span>
      </button>
    </th>
  );
  const [agent, answered, ...rest] = AGENT_COLUMNS as [AgentColumn, AgentColumn, ...AgentColumn[]];
  const cell = (column: AgentColumn, row: AgentDayRow) => (
    <td key={column.key} className={column.numeric ? 'table__num' : 'table__strong'}>
      {column.format(row)}
    </td>
  );
  return (
    <div className="table-scroll">
      <table className="table table--agents" data-testid="agents-table">
        <thead>
          <tr>
            {header(agent)}
            {header(answered)}
            <th scope="col">{t('agentsDay.byQueue')}</th>
            {rest.map(header)}
          </tr>
        </thead>
        <tbody>
          {sorted.map((row) => (
            <tr key={row.agentId} data-testid="agents-row">
              <td className="table__strong">
                {names[row.agentId] ?? agent.format(row)}
                {names[row.agentId] !== undefined && <span className="table__sub">{agent.format(row)}</span>}
              </td>
              {cell(answered, row)}
              <td className="table__muted">{formatByQueue(row.answeredByQueue)}</td>
              {rest.map((column) => cell(column, row))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
