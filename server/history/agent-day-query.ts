import type { Queryable, TimeRange } from './history-queries';
import { SPANS_OVERLAPPING_RANGE } from './interval-rollup';

/** One agent's answered calls from one queue, summed. */
export interface AgentQueueCalls {
  agentId: string;
  queueId: string;
  answered: number;
  holdSec: number;
  talkSec: number;
  wrapSec: number;
}

/** One agent's seconds in one state (and, paused, with one reason) within the range. */
export interface AgentStateTime {
  agentId: string;
  state: string;
  /** paused spans only: the reason given, null when none was */
  pauseReason: string | null;
  sec: number;
}

/** How many rings one agent let go unanswered for one queue's callers. */
export interface AgentQueueRings {
  agentId: string;
  queueId: string;
  count: number;
}

export interface AgentDayFacts {
  calls: AgentQueueCalls[];
  states: AgentStateTime[];
  ringsNotAnswered: AgentQueueRings[];
}

type FactRow = {
  kind: 'call' | 'state' | 'ring';
  agent_id: string;
  key: string;
  reason: string | null;
} & Record<'answered' | 'hold_sec' | 'talk_sec' | 'wrap_sec' | 'sec', number>;

/**
 * The facts of an agents' day in one statement: answered calls by agent and
 * queue (of the calls that entered within the range, by the key's entry
 * time: the range's bounds are interval starts, so these are the calls of its intervals), the state spans clipped
 * to the range (found as the rollup finds them) by agent, state and pause
 * reason, and the rings not answered within the range by agent and queue. With a queue, only its calls and rings,
 * and only spans in which the agent was a member of it.
 */
export async function readAgentDay(db: Queryable, site: string, range: TimeRange, queueId: string | null): Promise<AgentDayFacts> {
  const { rows } = await db.query<FactRow>(
    `SELECT 'call' AS kind, c.agent_id, c.queue_id AS key, NULL::text AS reason, count(*)::int AS answered,
       sum(c.wait_sec)::float8 AS hold_sec, sum(c.talk_sec)::float8 AS talk_sec, sum(c.wrap_sec)::float8 AS wrap_sec, 0::float8 AS sec
     FROM call_history c
     WHERE c.site = $1 AND c.entered_at >= $2 AND c.entered_at < $3
       AND c.outcome = 'answered' AND c.agent_id IS NOT NULL AND ($4::text IS NULL OR c.queue_id = $4)
     GROUP BY c.agent_id, c.queue_id
     UNION ALL
     SELECT 'state', s.agent_id, s.state, s.pause_reason, 0, 0, 0, 0,
       sum(extract(epoch FROM least(s.to_at, $3::timestamptz) - greatest(s.from_at, $2::timestamptz)))::float8
     FROM agent_state_spans s
     WHERE s.site = $1 AND ${SPANS_OVERLAPPING_RANGE} AND s.state <> 'loggedOut'
       AND ($4::text IS NULL OR s.queues @> jsonb_build_array(jsonb_build_object('queueId', $4::text)))
     GROUP BY s.agent_id, s.state, s.pause_reason
     UNION ALL
     SELECT 'ring', r.agent_id, r.queue_id, NULL, count(*)::int, 0, 0, 0, 0
     FROM ring_no_answer r
     WHERE r.site = $1 AND r.at >= $2 AND r.at < $3 AND ($4::text IS NULL OR r.queue_id = $4)
     GROUP BY r.agent_id, r.queue_id`,
    [site, new Date(range.from).toISOString(), new Date(range.to).toISOString(), queueId],
  );
  const facts: AgentDayFacts = { calls: [], states: [], ringsNotAnswered: [] };
  for (const row of rows) {
    if (row.kind === 'call') {
      facts.calls.push({
        agentId: row.agent_id,
        queueId: row.key,
        answered: row.answered,
        holdSec: row.hold_sec,
        talkSec: row.talk_sec,
        wrapSec: row.wrap_sec,
      });
    } else if (row.kind === 'state') {
      facts.states.push({ agentId: row.agent_id, state: row.key, pauseReason: row.key === 'paused' ? row.reason : null, sec: row.sec });
    } else {
      facts.ringsNotAnswered.push({ agentId: row.agent_id, queueId: row.key, count: row.answered });
    }
  }
  return facts;
}
