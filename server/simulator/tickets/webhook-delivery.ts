import { encodeFreshdesk } from './encode-freshdesk';
import { encodeGeneric } from './encode-generic';
import { encodeHelpScout } from './encode-helpscout';
import { encodeJira } from './encode-jira';
import { encodeZammad } from './encode-zammad';
import { encodeZendesk } from './encode-zendesk';
import type { DeskSecrets } from './simulated-desk';
import type { TicketChange } from './ticket-change';

/** A signed request as one help desk would send it. */
export interface EncodedDelivery {
  /** the board's endpoint for the format, e.g. /api/webhooks/zendesk */
  path: string;
  /** the exact bytes signed and sent */
  body: string;
  /** signature headers (and the generic source header) */
  headers: Record<string, string>;
  /** the headers that sign the time of sending, made again for each attempt (Zendesk) */
  headersAt?: (sentAt: number) => Record<string, string>;
}

/** What the poster sends: one change of one ticket. */
export interface WebhookDelivery extends EncodedDelivery {
  ticketId: string;
  /** the change's time, epoch ms */
  at: number;
  /** the ticket's next delivery replaces this one's effect: it may be sent after it (see TicketChange) */
  supersededByNext: boolean;
}

/**
 * The change in its ticket's webhook format, signed with that desk's secret.
 * `sentAt` is when the desk sends it (Zendesk signs that time, and the board
 * refuses a signature older than its replay window).
 */
export function encodeDelivery(change: TicketChange, secrets: DeskSecrets, sentAt: number): WebhookDelivery {
  const encoders = {
    generic: encodeGeneric,
    zendesk: encodeZendesk,
    jira: encodeJira,
    zammad: encodeZammad,
    freshdesk: encodeFreshdesk,
    helpscout: encodeHelpScout,
  } satisfies Record<TicketChange['ticket']['desk'], (change: TicketChange, secrets: DeskSecrets, sentAt: number) => EncodedDelivery>;
  const encoded = encoders[change.ticket.desk](change, secrets, sentAt);
  return {
    ...encoded,
    headers: { 'content-type': 'application/json', ...encoded.headers },
    ticketId: change.ticket.id,
    at: change.at,
    supersededByNext: change.supersededByNext,
  };
}
