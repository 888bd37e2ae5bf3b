import type { AgentRecord, LiveOp } from '../../server/domain/live-state';

/**
 * The `agent.put` of an agent logged in to `queues`: available, or paused in
 * all of them with `pausedReason`, since `since`. Neither shown state drifts
 * with time, so a board built from it is the same whenever a test reads it.
 */
export function agentPut(
  id: string,
  queues: readonly string[],
  { name = id, pausedReason = null, since = Date.now() }: { name?: string; pausedReason?: string | null; since?: number } = {},
): LiveOp {
  const agent: AgentRecord = {
    id,
    name,
    memberships: Object.fromEntries(queues.map((queue) => [queue, { paused: pausedReason !== null, pausedReason }])),
    deviceStatus: 1,
    onCall: null,
    ringingFor: null,
    wrapUntil: null,
    wrapupSec: 0,
    stateSince: since,
    lastState: pausedReason === null ? 'available' : 'paused',
    answeredDay: '2020-01-01',
    answeredToday: 0,
  };
  return { op: 'agent.put', agent };
}
