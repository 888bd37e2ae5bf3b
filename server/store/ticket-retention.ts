const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/**
 * How long the live store keeps ticket data that is not on the board.
 *
 * - eventIdsMs: senders re-deliver within hours (Zendesk retries for a day,
 *   Jira for a few hours); a week covers a receiver that was down over a weekend.
 * - doneTicketsMs: a solved ticket leaves the open set but may still be rated,
 *   reopened or closed; Zendesk closes solved tickets after 4 days by default,
 *   so two weeks leave room. An event for a ticket forgotten since is ignored
 *   (as for a ticket never seen).
 * - firstResponsesMs: the board shows the last 60 minutes; twice that keeps the
 *   whole hour visible to a reader whose clock lags the writer's.
 * Day counters live as long as call day counters (counter-retention.ts).
 */
export interface TicketRetention {
  eventIdsMs: number;
  doneTicketsMs: number;
  firstResponsesMs: number;
}

export const DEFAULT_TICKET_RETENTION: TicketRetention = {
  eventIdsMs: 7 * DAY_MS,
  doneTicketsMs: 14 * DAY_MS,
  firstResponsesMs: 120 * MINUTE_MS,
};
