import { useState } from 'react';
import type { AgentDayRow } from '../../../../shared/history-api';
import { AGENT_COLUMNS, formatByQueue, nextSort, sortAgents, type AgentColumn, type AgentSort } from './agent-columns';
import { t } from '../../i18n/i18n';

const ARIA_SORT = { asc: 'ascending', desc: 'descending' } as const;

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
        title={t(column.title)}
        data-testid={`agents-sort-${column.key}`}
        onClick={() => setSort((current) => nextSort(current, column.key))}
      >
        {t(column.label)}
        <span className="table__sort-mark" aria-hidden="true">
          {sort.key === column.key ? (sort.direction === 'asc' ? '▲' : '▼') : ''}
        </span>
      </button>
    </th>
  );
  const [agent, answered, ...rest] = AGENT_COLUMNS as [AgentColumn, AgentColumn, ...AgentColumn[]];
  const cell = (column: AgentColumn, row: AgentDayRow) => (
    <td key={column.key} className={column.numeric ? 'table__num' : 'table__strong'} data-testid={`agents-cell-${column.key}`}>
      {column.format(row)}
      {column.breakdown?.(row).map((line) => (
        <span key={line} className="table__sub">
          {line}
        </span>
      ))}
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
