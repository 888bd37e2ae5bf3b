import type { SupportLine, TicketSource } from '../../domain/ticket-events';

/**
 * The simulated desk's agents, by support line, and how each help desk names a
 * person: the generic desk by a login, Zendesk, Freshdesk and Help Scout by a
 * numeric user id, Zammad by a login, Jira by an accountId (portal customers
 * have accountType `customer`, staff `atlassian`).
 */

export const AGENTS_BY_LINE: Readonly<Record<SupportLine, readonly number[]>> = {
  L1: range(0, 16),
  L2: range(16, 24),
  L3: range(24, 28),
};

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

/** The assignee as the ticket's desk writes it (and the normalized event carries it). */
export function agentRef(desk: TicketSource, agent: number | null): string | null {
  if (agent === null) return null;
  switch (desk) {
    case 'generic':
      return `agent-${String(agent + 1).padStart(2, '0')}`;
    case 'zendesk':
      return String(361_000_100 + agent);
    case 'jira':
      return jiraAccountId('5b10a2844c20165700ede', agent);
    case 'zammad':
      return `agent${String(agent + 1).padStart(2, '0')}@desk.example`;
    case 'freshdesk':
      return String(43_000_500 + agent);
    case 'helpscout':
      return String(710_000 + agent);
  }
}

/**
 * The customer who raised a ticket as its desk names them (Zendesk requester_id, Jira reporter). The generic desk
 * names none; Zammad, Freshdesk and Help Scout tell customers' articles apart by their sender, so their adapters
 * keep no requester.
 */
export function customerRef(desk: TicketSource, customer: number): string | null {
  switch (desk) {
    case 'generic':
    case 'zammad':
    case 'freshdesk':
    case 'helpscout':
      return null;
    case 'zendesk':
      return String(380_000_000 + customer);
    case 'jira':
      return jiraCustomerAccountId(customer);
  }
}

export function jiraCustomerAccountId(customer: number): string {
  return jiraAccountId('qm:6f3c9a1e-cust', customer);
}

function jiraAccountId(prefix: string, n: number): string {
  return `${prefix}${n.toString(16).padStart(6, '0')}`;
}
