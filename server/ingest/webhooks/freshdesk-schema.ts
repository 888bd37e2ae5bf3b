import { DateTime } from 'luxon';
import { z } from 'zod';
import { numericIdSchema } from './numeric-id-schema';
import { isoTimestampMsSchema } from './timestamp-schema';

/**
 * Freshdesk cannot sign a webhook, and an automation rule's "Trigger webhook"
 * sends whatever JSON the admin writes, with placeholders filled in. The body
 * the board takes is the template in docs/WEBHOOKS.md, one rule per `event`:
 *
 *   { "event": "ticket_created", "ticket_id": "{{ticket.id}}", "subject": "{{ticket.subject}}",
 *     "status": "{{ticket.status}}", "priority": "{{ticket.priority}}", "source": "{{ticket.source_name}}",
 *     "group_id": "{{ticket.group.id}}", "group_name": "{{ticket.group.name}}",
 *     "agent_id": "{{ticket.agent.id}}", "created_on": "{{ticket.created_on}}" }
 *
 * Also taken wrapped in `freshdesk_webhook` (the shape of the rule's "simple"
 * content). Unknown keys are ignored: an admin may send more. A placeholder
 * with no value (no group, no agent) is filled in as "".
 */

export const FRESHDESK_EVENTS = [
  'ticket_created',
  /** any property change: the ticket as it now stands */
  'ticket_updated',
  /** "Reply is sent" (an agent's public reply) */
  'agent_replied',
  /** "Customer replies" */
  'customer_replied',
  'ticket_deleted',
  'ticket_spam',
] as const;

const text = z.string().max(1000);
/** "" for a placeholder without a value */
const optionalText = z
  .union([text, z.number(), z.null()])
  .optional()
  .transform((value) => (value === undefined || value === null || value === '' ? null : String(value)));

/**
 * {{ticket.created_on}}: Freshdesk writes it in the account's zone without an
 * offset ("2026-03-11 12:44:19"); an ISO time with a zone is taken as it is.
 */
export function freshdeskTimeSchema(timeZone: string) {
  return z.union([
    isoTimestampMsSchema,
    z
      .string()
      .max(40)
      .regex(/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?$/, 'expected {{ticket.created_on}} (2026-03-11 12:44:19) or an ISO 8601 time with a zone')
      .transform((value, context) => {
        const time = DateTime.fromISO(value.replace(' ', 'T'), { zone: timeZone });
        if (!time.isValid) {
          context.addIssue({ code: 'custom', message: `not a valid time in ${timeZone}` });
          return z.NEVER;
        }
        return time.toMillis();
      }),
  ]);
}

export function freshdeskWebhookSchema(timeZone: string) {
  const body = z.object({
    event: z.enum(FRESHDESK_EVENTS, { error: `expected one of ${FRESHDESK_EVENTS.join(', ')} (the rule's template sets it)` }),
    ticket_id: numericIdSchema,
    subject: z.string().max(10_000).nullish(),
    status: optionalText,
    priority: optionalText,
    source: optionalText,
    group_id: optionalText,
    group_name: optionalText,
    agent_id: optionalText,
    created_on: freshdeskTimeSchema(timeZone).optional(),
    /** when the change happened, for a sender that knows (Freshdesk has no placeholder for it): else the time received */
    occurred_at: isoTimestampMsSchema.optional(),
  });
  return z.preprocess(
    (json) =>
      json !== null && typeof json === 'object' && Object.hasOwn(json, 'freshdesk_webhook')
        ? (json as { freshdesk_webhook: unknown }).freshdesk_webhook
        : json,
    body,
  );
}

export type FreshdeskWebhook = z.output<ReturnType<typeof freshdeskWebhookSchema>>;

export const FRESHDESK_TIMES = { event: ['occurred_at'], created: ['created_on'] } as const;
