import type { AgentStateSpan } from '../domain/live-state';

/**
 * The queues a span staffs: those the agent is a member of and not paused in,
 * each once. The interval rollup counts the span's time for each of them, and
 * for the site ('') when there is at least one. Stored with the span
 * (agent_state_spans.staffed_queues, migration 13) so that the rollup reads a
 * text array instead of taking the memberships' JSON apart for every interval
 * a span covers; both writers fill it from here.
 */
export function staffedQueuesOf(span: Pick<AgentStateSpan, 'queues'>): string[] {
  const staffed: string[] = [];
  for (const member of span.queues) if (!member.paused && !staffed.includes(member.queueId)) staffed.push(member.queueId);
  return staffed;
}

/** Postgres' text[] input syntax: every element quoted, its backslashes and double quotes escaped. */
export function textArrayLiteral(items: readonly string[]): string {
  return `{${items.map((item) => `"${item.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}
