import { pauseReasonLabel, type AgentDayRow } from '../../../../shared/history-api';
import { t, type MessageKey } from '../../i18n/i18n';

/** The agents' table: its columns, how each reads, and how a click on a header sorts. */

export type AgentSortKey = Exclude<keyof AgentDayRow, 'answeredByQueue' | 'pausedByReason' | 'ringNoAnswerByQueue'>;

export interface AgentSort {
  key: AgentSortKey;
  direction: 'asc' | 'desc';
}

export interface AgentColumn {
  key: AgentSortKey;
  /** catalogue keys (../../i18n): the header's name, and what its tooltip explains */
  label: MessageKey;
  title: MessageKey;
  numeric: boolean;
  format: (row: AgentDayRow) => string;
  /** small lines under the figure that break it down (paused by reason), none when there is nothing to break down */
  breakdown?: (row: AgentDayRow) => string[];
}

const DASH = '—';
const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Always h:mm:ss, so a column of durations lines up and 1:05 never reads as a minute. */
export function formatHms(sec: number | null): string {
  if (sec === null || !Number.isFinite(sec)) return DASH;
  const total = Math.max(0, Math.round(sec));
  return `${Math.floor(total / 3600)}:${pad2(Math.floor((total % 3600) / 60))}:${pad2(total % 60)}`;
}

function formatPct(pct: number | null): string {
  return pct === null || !Number.isFinite(pct) ? DASH : `${Math.round(pct)}%`;
}

function duration(key: AgentSortKey & `${string}Sec`, label: MessageKey, title: MessageKey): AgentColumn {
  return { key, label, title, numeric: true, format: (row) => formatHms(row[key]) };
}

export const AGENT_COLUMNS: readonly AgentColumn[] = [
  { key: 'agentId', label: 'agentsDay.col.agent', title: 'agentsDay.col.agentTitle', numeric: false, format: (row) => row.agentId },
  { key: 'answered', label: 'tile.answered', title: 'agentsDay.col.answeredTitle', numeric: true, format: (row) => String(row.answered) },
  duration('holdSec', 'agentsDay.col.hold', 'agentsDay.col.holdTitle'),
  duration('talkSec', 'agentsDay.col.talk', 'agentsDay.col.talkTitle'),
  duration('wrapSec', 'agentsDay.col.wrap', 'agentsDay.col.wrapTitle'),
  duration('ahtSec', 'tile.aht', 'agentsDay.col.ahtTitle'),
  duration('loggedInSec', 'agentsDay.col.loggedIn', 'agentsDay.col.loggedInTitle'),
  { ...duration('pausedSec', 'agentState.paused', 'agentsDay.col.pausedTitle'), breakdown: (row) => pauseBreakdown(row.pausedByReason) },
  duration('availableSec', 'agentState.available', 'agentsDay.col.availableTitle'),
  { key: 'occupancyPct', label: 'plan.metric.occupancy', title: 'agentsDay.col.occupancyTitle', numeric: true, format: (row) => formatPct(row.occupancyPct) },
  {
    key: 'ringNoAnswer',
    label: 'agentsDay.col.noAnswer',
    title: 'agentsDay.col.noAnswerTitle',
    numeric: true,
    format: (row) => String(row.ringNoAnswer),
    breakdown: (row) => (Object.keys(row.ringNoAnswerByQueue).length > 1 ? byQueueLines(row.ringNoAnswerByQueue) : []),
  },
];

/** "Lunch 0:35:00" per reason, the longest first; nothing when the agent did not pause. */
export function pauseBreakdown(pausedByReason: Readonly<Record<string, number>>): string[] {
  return Object.entries(pausedByReason)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
    .map(([reason, sec]) => `${pauseReasonLabel(reason, t('agentsDay.noReason'))} ${formatHms(sec)}`);
}

function byQueueLines(byQueue: Readonly<Record<string, number>>): string[] {
  return Object.entries(byQueue)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([queue, n]) => `${queue} ${n}`);
}

/** A new column sorts numbers highest first and names A to Z; the same column again turns the order round. */
export function nextSort(current: AgentSort, key: AgentSortKey): AgentSort {
  if (current.key === key) return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  return { key, direction: key === 'agentId' ? 'asc' : 'desc' };
}

/** Sorted by the column; rows without a value (AHT without calls) last either way, ties by agent. */
export function sortAgents(rows: readonly AgentDayRow[], sort: AgentSort): AgentDayRow[] {
  const sign = sort.direction === 'asc' ? 1 : -1;
  const byAgent = (a: AgentDayRow, b: AgentDayRow): number => (a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0);
  return [...rows].sort((a, b) => {
    const x = a[sort.key];
    const y = b[sort.key];
    if (x === y) return byAgent(a, b);
    if (x === null) return 1;
    if (y === null) return -1;
    return sign * (x < y ? -1 : 1);
  });
}

/** "sales 12 · support 3", by queue name. */
export function formatByQueue(answeredByQueue: Readonly<Record<string, number>>): string {
  const entries = Object.entries(answeredByQueue).sort(([a], [b]) => (a < b ? -1 : 1));
  return entries.length === 0 ? DASH : entries.map(([queue, n]) => `${queue} ${n}`).join(' · ');
}
