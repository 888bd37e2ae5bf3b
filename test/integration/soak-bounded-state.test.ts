import { describe, expect, it } from 'vitest';
import { runSoak, SOAK_AGENT_FORGET_AFTER_SEC, SOAK_CALL_MAX_AGE_SEC, type SoakHour } from '../../bench/support/soak-run';

/**
 * Six simulated hours of the bench's overloaded site (100 agents, thousands of
 * calls an hour) with 2% of AgentComplete and of Hangup frames lost on the wire
 * and agents leaving for good: the live state stays the size of what is going
 * on, snapshots never read the calls (the soak's snapshot store refuses to),
 * and once every call is over the board's outcomes are the ledger's.
 * `npm run bench -- soak` runs the same for 24 hours and reports memory.
 */
describe('soak: the live state stays bounded under lost events and staff turnover', () => {
  it('six simulated hours at overload', { timeout: 180_000 }, async () => {
    const result = await runSoak({ hours: 6 });
    const { hours, model } = result;
    expect(hours).toHaveLength(6);
    expect(hours.at(-1)!.lostAgentCompletes).toBeGreaterThan(50);
    expect(hours.at(-1)!.departures).toBeGreaterThan(10);
    // The windows are one hour: each cap is one hour long in the soak.
    expect(SOAK_CALL_MAX_AGE_SEC).toBe(3600);
    expect(SOAK_AGENT_FORGET_AFTER_SEC).toBe(3600);
    const previous = (row: SoakHour): SoakHour | undefined => hours[row.hour - 2];
    for (const row of hours) {
      const before = previous(row);
      // A call whose AgentComplete was lost stays at most the age cap after its join.
      const lostLastHour = row.lostAgentCompletes - (before?.lostAgentCompletes ?? 0);
      expect(row.calls, `hour ${row.hour}`).toBeLessThanOrEqual(row.waiting + row.agentsOnCall + lostLastHour + 20);
      // An agent who left for good stays at most the forget time after logging out.
      const leftLastHour = row.departures - (before?.departures ?? 0);
      expect(row.agents, `hour ${row.hour}`).toBeLessThanOrEqual(100 + leftLastHour + 2);
    }
    // Without the rules the state would have grown by every loss and departure since the start.
    expect(hours.at(-1)!.calls).toBeLessThan(hours.at(-1)!.waiting + hours.at(-1)!.agentsOnCall + hours.at(-1)!.lostAgentCompletes);
    expect(hours.at(-1)!.agents).toBeLessThan(100 + hours.at(-1)!.departures);

    expect(result.finalCalls).toBe(0);
    const days = Object.values(result.finalDayCounters);
    for (const queueId of model.ledger.queueIds) {
      const board = days.reduce((sum, day) => sum + (day[queueId]?.offered ?? 0), 0);
      const truth = model.ledger.total(queueId);
      expect(board, `${queueId} offered`).toBe(truth.offered);
      for (const field of ['answered', 'abandoned', 'timedOut', 'shortAbandoned', 'answeredWithinSl', 'holdSec', 'handled'] as const) {
        expect(days.reduce((sum, day) => sum + (day[queueId]?.[field] ?? 0), 0), `${queueId} ${field}`).toBe(truth[field]);
      }
    }
  });
});
