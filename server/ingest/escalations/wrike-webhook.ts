import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { EscalationEvent } from '../../domain/escalations/escalation-events';
import { eventTimeProblems } from '../webhooks/event-time-bounds';
import { matchesAnySecret } from '../webhooks/hmac';
import { headerValue, ingestWebhook, requireSignature, validate, type WebhookHeaders } from '../webhooks/ingest-webhook';
import { WRIKE_HOOK_SECRET_HEADER, wrikeSignature } from '../webhooks/sign';
import { isoTimestampMsSchema } from '../webhooks/timestamp-schema';
import type { WebhookConfig, WrikeWebhookConfig } from '../webhooks/webhook-config';
import { rejection, type WebhookProblem, type WebhookRejection } from '../webhooks/webhook-result';
import { webhookTimeBounds } from '../webhooks/webhook-time';
import { ticketRefInTitle, ticketRefOfField } from './ticket-reference';

/**
 * Wrike webhooks (https://developers.wrike.com/webhooks/): a JSON array of
 * slim events, `{ taskId, webhookId, eventAuthorId, eventType,
 * lastUpdatedDate, ... }`, each body signed X-Hook-Secret: hex
 * HMAC-SHA256(secret, raw body). When the webhook is created Wrike first
 * posts a handshake with a random value in X-Hook-Secret and expects it back
 * signed the same way, in the answer's X-Hook-Secret.
 */

const WRIKE_SINCE = Date.parse('2006-01-01T00:00:00Z');

const eventSchema = z
  .object({
    taskId: z.string().min(1).max(64),
    eventType: z.string().max(100),
    lastUpdatedDate: isoTimestampMsSchema,
    /** TaskStatusChanged: Active, Completed, Deferred, Cancelled */
    status: z.string().max(100).optional(),
    oldStatus: z.string().max(100).optional(),
    /** TaskTitleChanged (and TaskCreated where Wrike includes it) */
    title: z.string().max(4000).optional(),
    /** TaskCustomFieldChanged */
    customFieldId: z.string().max(64).optional(),
    value: z.unknown().optional(),
  })
  .catchall(z.unknown());

const bodySchema = z.array(eventSchema).max(1000);

type WrikeEvent = z.output<typeof eventSchema>;

export type WrikeParseResult =
  | { ok: true; events: EscalationEvent[] }
  /** the handshake: answer 200 with this value in X-Hook-Secret */
  | { ok: true; handshake: string }
  | WebhookRejection;

const DONE = new Set(['completed', 'cancelled']);
const HANDSHAKE_VALUE = /^[A-Za-z0-9_-]{8,256}$/;

export function parseWrikeWebhook(rawBody: Buffer, headers: WebhookHeaders, config: WebhookConfig, now: number): WrikeParseResult {
  const wrike = config.wrike;
  if (wrike === undefined) return rejection(404, [{ path: '', message: 'the Wrike source is not configured' }]);
  const hookSecret = headerValue(headers, WRIKE_HOOK_SECRET_HEADER);
  if (isHandshake(rawBody)) {
    // Only a token-like value is signed: signing anything asked would let a stranger have any body
    // signed (a delivery is a JSON array, which can never pass this).
    if (!hookSecret || !HANDSHAKE_VALUE.test(hookSecret)) {
      return rejection(400, [{ path: WRIKE_HOOK_SECRET_HEADER, message: 'a handshake needs a value of 8-256 letters, digits, - and _' }]);
    }
    // Signed with the first secret: the one Wrike was given when the webhook was made.
    return { ok: true, handshake: wrikeSignature(hookSecret, wrike.secrets[0]!) };
  }
  let events: EscalationEvent[] = [];
  const parsed = ingestWebhook(
    rawBody,
    config.maxBodyBytes,
    () =>
      requireSignature(hookSecret, WRIKE_HOOK_SECRET_HEADER, (received) =>
        matchesAnySecret(wrike.secrets, received.toLowerCase(), (secret) => wrikeSignature(rawBody, secret)),
      ),
    (json) => {
      const body = validate(bodySchema, json);
      if (!body.ok) return body;
      const bounds = webhookTimeBounds(config, now, WRIKE_SINCE);
      const problems = body.value.flatMap((event, index) =>
        eventTimeProblems(event, { event: ['lastUpdatedDate'], created: [] }, bounds).map((p): WebhookProblem => ({ ...p, path: `${index}.${p.path}` })),
      );
      if (problems.length > 0) return rejection(400, problems);
      events = body.value.flatMap((event) => wrikeEvents(event, wrike));
      return { ok: true, events: [] };
    },
  );
  return parsed.ok ? { ok: true, events } : parsed;
}

function isHandshake(rawBody: Buffer): boolean {
  try {
    const body = JSON.parse(rawBody.toString('utf8')) as unknown;
    return body !== null && typeof body === 'object' && (body as { requestType?: unknown }).requestType === 'WebHook secret verification';
  } catch {
    return false;
  }
}

function wrikeEvents(event: WrikeEvent, config: WrikeWebhookConfig): EscalationEvent[] {
  const id = createHash('sha256')
    .update(JSON.stringify([event.taskId, event.eventType, event.lastUpdatedDate, event.status ?? null, event.title ?? null, event.customFieldId ?? null]))
    .digest('hex')
    .slice(0, 32);
  const base = { tracker: 'wrike' as const, taskId: event.taskId, eventId: id, occurredAt: event.lastUpdatedDate };
  switch (event.eventType) {
    case 'TaskCreated':
      return [{ ...base, kind: 'escalation.opened', ticketRef: ticketRefInTitle(event.title) }];
    case 'TaskTitleChanged': {
      const ref = ticketRefInTitle(event.title);
      return ref === null ? [] : [{ ...base, kind: 'escalation.linked', ticketRef: ref }];
    }
    case 'TaskCustomFieldChanged': {
      const ref = event.customFieldId !== undefined && event.customFieldId === config.ticketField ? ticketRefOfField(event.value) : null;
      return ref === null ? [] : [{ ...base, kind: 'escalation.linked', ticketRef: ref }];
    }
    case 'TaskStatusChanged': {
      const now = DONE.has((event.status ?? '').toLowerCase());
      const before = DONE.has((event.oldStatus ?? '').toLowerCase());
      if (now && !before) return [{ ...base, kind: 'escalation.cameBack' }];
      return !now && before ? [{ ...base, kind: 'escalation.reopened' }] : [];
    }
    case 'TaskDeleted':
      return [{ ...base, kind: 'escalation.deleted' }];
    default:
      // Assignees, dates, comments, attachments ...: accepted, nothing for the board.
      return [];
  }
}

