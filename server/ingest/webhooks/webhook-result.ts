import type { ApiProblem } from '../../../shared/api-error';
import type { TicketEvent } from '../../domain/ticket-events';

/**
 * What every webhook adapter returns: the normalized events of one delivery, or
 * the HTTP status to answer with and what was wrong.
 *
 * 400: the body is not JSON, does not match the source's schema, or names a
 *      status / priority the configuration cannot map (`path` says where);
 * 401: the signature (or token) is missing or does not match;
 * 404: the source is unknown or not configured;
 * 413: the body is over the configured cap.
 */
/** In the API's error shape: `path` is the dotted path into the JSON body (`detail.via.channel`, `changelog.items.0.toString`), '' for the body itself, or a header name. */
export type WebhookProblem = ApiProblem;

export type WebhookRejectionStatus = 400 | 401 | 404 | 413;

export interface WebhookRejection {
  ok: false;
  status: WebhookRejectionStatus;
  errors: WebhookProblem[];
}

/** `events` may be empty: a delivery of an event type the board does not use is accepted and ignored. */
export interface WebhookAcceptance {
  ok: true;
  events: TicketEvent[];
  /** a channel name no map knows: the ticket is on the default channel, and the name is counted and shown in /api/health */
  unknownChannel?: string;
}

export type WebhookParseResult = WebhookAcceptance | WebhookRejection;

export function rejection(status: WebhookRejectionStatus, errors: WebhookProblem[]): WebhookRejection {
  return { ok: false, status, errors };
}
