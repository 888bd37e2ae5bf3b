import type { AgentCounts, AgentRow, LiveSnapshot, QueueTile } from '../../shared/snapshot';
import type { TicketSnapshot } from '../../shared/ticket-snapshot';
import { agentStateAt, visiblePauseReason } from '../domain/agent-state';
import { emptyCounters, type AgentRecord, type BoardState, type Counters } from '../domain/live-state';
import { periodStats, SL_FORMULA } from '../domain/queue-metrics';
import type { QueueSettingsBook } from '../config/queue-settings';
import type { LinkGap } from '../domain/link-gap';
import { siteDay } from '../../shared/site-time';
import type { QueueRecent } from './queue-minute-history';

export interface SnapshotInputs {
  site: string;
  timeZone: string;
  day: string;
  intervalStart: number;
  now: number;
  seq: number;
  state: BoardState;
  dayCounters: Record<string, Counters>;
  intervalCounters: Record<string, Counters>;
  settings: QueueSettingsBook;
  source: LiveSnapshot['source'];
  /** the ticket desk, when one is configured */
  tickets?: TicketSnapshot;
  /** a queue's last hour as the server watched it (queue-minute-history.ts) */
  recent: (queueId: string) => QueueRecent;
}

/** Agent 2 before agent 10. One collator: localeCompare with options builds one per comparison. */
const byName = new Intl.Collator('en', { numeric: true });

/** Builds the live snapshot from the stored state. Pure: `now` is a parameter. */
export function buildSnapshot(input: SnapshotInputs): LiveSnapshot {
  const { state, now, settings } = input;
  const agentViews = Object.values(state.agents).map((agent) => viewAgent(agent, now, input.day));

  // Without the PBX the board cannot know which queues exist: it shows every configured one
  // (greyed, with what it has) rather than a black screen; once linked, the PBX's list decides.
  const queueIds = orderedQueueIds(settings.configuredIds, [
    ...Object.keys(state.queues),
    ...Object.keys(input.dayCounters),
    ...(input.source.connected ? [] : settings.configuredIds),
  ]);
  const queues: QueueTile[] = queueIds.map((queueId) => {
    const own = settings.of(queueId);
    const waiting = Object.values(state.waiting).filter((w) => w.queueId === queueId);
    const oldest = waiting.reduce<number | null>((min, w) => (min === null || w.joinedAt < min ? w.joinedAt : min), null);
    return {
      id: queueId,
      name: own.name,
      waiting: waiting.length,
      oldestJoinedAt: oldest === null ? null : new Date(oldest).toISOString(),
      longestWaitSec: oldest === null ? 0 : Math.max(0, Math.floor((now - oldest) / 1000)),
      slThresholdSec: settings.slThresholdSec(queueId, state.queues[queueId]?.serviceLevelSec ?? 0),
      slFormula: SL_FORMULA,
      thresholds: {
        slTargetPct: own.slTargetPct,
        slRedMarginPct: own.slRedMarginPct,
        waitRedFactor: own.waitRedFactor,
      },
      agents: countAgents(agentViews, queueId),
      today: periodStats(input.dayCounters[queueId] ?? emptyCounters()),
      currentInterval: periodStats(input.intervalCounters[queueId] ?? emptyCounters()),
      ...linkGapsOf(state.queues[queueId]?.linkGaps ?? [], input.timeZone, input.day),
      ...recentFigures(input.recent(queueId)),
    };
  });

  const agents: AgentRow[] = agentViews
    .map((v) => v.row)
    .sort((a, b) => byName.compare(a.name, b.name) || a.id.localeCompare(b.id));

  return {
    at: new Date(now).toISOString(),
    site: input.site,
    timeZone: input.timeZone,
    day: input.day,
    intervalStart: new Date(input.intervalStart).toISOString(),
    seq: input.seq,
    source: input.source,
    queues,
    agents,
    ...(input.tickets ? { tickets: input.tickets } : {}),
  };
}

function recentFigures(recent: QueueRecent): Pick<QueueTile, 'rolling30' | 'waitingLastHour'> {
  return { rolling30: { minutes: recent.minutes, stats: periodStats(recent.gained) }, waitingLastHour: recent.waitingPerMinute };
}

interface AgentView {
  row: AgentRow;
  /** queueId -> paused in that queue */
  pausedIn: Record<string, boolean>;
}

function viewAgent(agent: AgentRecord, now: number, day: string): AgentView {
  const { state, since } = agentStateAt(agent, now);
  const pausedIn: Record<string, boolean> = {};
  for (const [queueId, m] of Object.entries(agent.memberships)) pausedIn[queueId] = m.paused;
  return {
    pausedIn,
    row: {
      id: agent.id,
      name: agent.name,
      state,
      stateSince: new Date(since).toISOString(),
      pauseReason: visiblePauseReason(agent, state),
      queues: Object.keys(agent.memberships).sort(),
      answeredToday: agent.answeredDay === day ? agent.answeredToday : 0,
    },
  };
}

/**
 * Agents of one queue by state. A pause can be per queue: an agent paused in
 * this queue but free for another counts as paused here.
 */
function countAgents(views: AgentView[], queueId: string): AgentCounts {
  const counts: AgentCounts = { available: 0, ringing: 0, busy: 0, wrapup: 0, paused: 0, loggedIn: 0 };
  for (const { row, pausedIn } of views) {
    const paused = pausedIn[queueId];
    if (paused === undefined || row.state === 'loggedOut') continue;
    counts.loggedIn++;
    if (row.state === 'available' && paused) counts.paused++;
    else counts[row.state]++;
  }
  return counts;
}

function orderedQueueIds(configured: string[], seen: string[]): string[] {
  const seenSet = new Set(seen);
  const first = configured.filter((id) => seenSet.has(id));
  const rest = [...seenSet].filter((id) => !configured.includes(id)).sort();
  return [...first, ...rest];
}

/** The gaps that touch the day shown: its figures rest on them. */
function linkGapsOf(gaps: readonly LinkGap[], timeZone: string, day: string): Pick<QueueTile, 'linkGaps'> {
  const today = gaps.filter((gap) => siteDay(timeZone, gap.from) === day || siteDay(timeZone, gap.to) === day);
  if (today.length === 0) return {};
  return { linkGaps: today.map((gap) => ({ from: new Date(gap.from).toISOString(), to: new Date(gap.to).toISOString(), calls: gap.calls })) };
}
