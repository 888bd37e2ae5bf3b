/**
 * The soak (`npm run bench -- soak`): 24 simulated hours of the bench's
 * overloaded site with AgentComplete and Hangup frames lost on the wire and
 * agents leaving for good (bench/support/soak-run.ts). One row per simulated
 * hour: the live state's calls, waiting callers and agents, and the process's
 * memory; written into docs/PERFORMANCE.md between the soak markers.
 */
import { runSoak, SOAK_AGENT_FORGET_AFTER_SEC, SOAK_CALL_MAX_AGE_SEC, soakSiteConfig, type SoakHour } from './support/soak-run';
import { count } from './support/result-table';

export const SOAK_HOURS = 24;

export async function runSoakBench(log: (line: string) => void): Promise<string> {
  const startedAt = Date.now();
  const result = await runSoak({
    hours: SOAK_HOURS,
    onHour: (row) => log(`soak: hour ${row.hour}: ${row.calls} calls, ${row.waiting} waiting, ${row.agents} agents, RSS ${row.rssMb} MB`),
  });
  const config = soakSiteConfig();
  const last = result.hours.at(-1)!;
  const header = ['simulated hour', 'calls', 'waiting', 'agents on a call', 'agents', 'AgentComplete lost (total)', 'agents left for good (total)', 'AMI events (total)', 'RSS MB', 'heap used MB'];
  const line = (row: SoakHour): string[] =>
    [row.hour, row.calls, row.waiting, row.agentsOnCall, row.agents, row.lostAgentCompletes, row.departures, row.events, row.rssMb, row.heapUsedMb].map((v) => count(v));
  const table = [header, header.map(() => '---'), ...result.hours.map(line)].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
  return [
    `Run of \`npm run bench -- soak\` on ${new Date(startedAt).toISOString()} (${((Date.now() - startedAt) / 1000).toFixed(0)} s).`,
    '',
    `Site: the bench's (${config.agents.length} agents, scale ${config.scale}), from 10:00; ` +
      `${config.chances.lostAgentComplete * 100}% of AgentComplete and ${config.chances.lostHangup * 100}% of Hangup frames lost, ` +
      `${config.behaviour.logoutsPerDay} log-outs per agent a day of which ${config.behaviour.leaveForGood * 100}% for good; ` +
      `CALL_MAX_AGE_SEC ${SOAK_CALL_MAX_AGE_SEC}, AGENT_FORGET_AFTER_SEC ${SOAK_AGENT_FORGET_AFTER_SEC}.`,
    '',
    table,
    '',
    `After the last hour: arrivals stopped, every call over and the age cap passed: ${result.finalCalls} calls tracked. ` +
      `Without the rules the last hour would hold ${count(last.lostAgentCompletes)} more calls and ${count(last.departures)} more agents, and grow.`,
  ].join('\n');
}
