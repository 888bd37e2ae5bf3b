import { pauseReasonLabel, type AgentDayRow } from '../../../../shared/history-api';

/** The agents' table: its columns, how each reads, and how a click on a header sorts. */

export type AgentSortKey = Exclude<keyof AgentDayRow, 'answeredByQueue' | 'pausedByReason' | 'ringNoAnswerByQueue'>;

export interface AgentSort {
  key: AgentSortKey;
  direction: 'asc' | 'desc';
}

export interface AgentColumn {
  key: AgentSortKey;
  label: string;
  /** what the header's tooltip explains */
  title: string;
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

function duration(key: AgentSortKey & `${string}Sec`, label: string, title: string): AgentColumn {
  return { key, label, title, numeric: true, format: (row) => formatHms(row[key]) };
}

export const AGENT_COLUMNS: readonly AgentColumn[] = [
  { key: 'agentId', label: 'Agent', title: 'the member interface', numeric: false, format: (row) => row.agentId },
  { key: 'answered', label: 'Answered', title: 'calls answered that entered the queue on this day', numeric: true, format: (row) => String(row.answered) },
  duration('holdSec', 'Hold', "callers' wait before this agent answered (Asterisk's hold time), summed"),
  duration('talkSec', 'Talk', 'talk time of the answered calls'),
  duration('wrapSec', 'Wrap', 'wrap-up time after the answered calls'),
  duration('ahtSec', 'AHT', '(talk + wrap) / answered'),
  duration('loggedInSec', 'Logged in', 'time in any state but logged out'),
  { ...duration('pausedSec', 'Paused', 'time paused in every queue; under it, by the reason given'), breakdown: (row) => pauseBreakdown(row.pausedByReason) },
  duration('availableSec', 'Available', 'time free for a call'),
  { key: 'occupancyPct', label: 'Occupancy', title: 'time on calls or in wrap-up / time logged in and not paused', numeric: true, format: (row) => formatPct(row.occupancyPct) },
  {
    key: 'ringNoAnswer',
    label: 'No answer',
    title: 'rings for a caller that the agent did not pick up (Asterisk tried the next agent); under it, by queue when more than one',
    numeric: true,
    format: (row) => String(row.ringNoAnswer),
    breakdown: (row) => (Object.keys(row.ringNoAnswerByQueue).length > 1 ? byQueueLines(row.ringNoAnswerByQueue) : []),
  },
];

/** "Lunch 0:35:00" per reason, the longest first; nothing when the agent did not pause. */
export function pauseBreakdown(pausedByReason: Readonly<Record<string, number>>): string[] {
  return Object.entries(pausedByReason)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
    .map(([reason, sec]) => `${pauseReasonLabel(reason)} ${formatHms(sec)}`);
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
