import { z } from 'zod';
import type { TypedBodies } from './ingest-webhook';
import { numericIdSchema } from './numeric-id-schema';
import { isoTimestampMsSchema } from './timestamp-schema';

/**
 * The Zendesk event-webhook bodies the board uses
 * (https://developer.zendesk.com/api-reference/webhooks/event-types/ticket-events/):
 * `{ type, account_id, id, time, zendesk_event_version, subject: "zen:ticket:<id>",
 *    detail: <the ticket after the change>, event: <what changed> }`.
 * Objects are not strict: Zendesk adds properties over time and those must not
 * break ingestion. Only the fields read here are checked.
 */

export const ZENDESK_EVENT_TYPE_PREFIX = 'zen:event-type:';

/** An id that may be absent; Zendesk writes "none" as null, "" or "0". */
const optionalIdSchema = z
  .union([numericIdSchema, z.literal(''), z.null()])
  .optional()
  .transform((id) => (id === undefined || id === null || id === '' || id === '0' ? null : id));

/** Status, priority and channel names: Zendesk's vocabulary, mapped in zendesk-webhook.ts. */
const nameSchema = z.string().max(100);

/** A ticket as event webhooks carry it in `detail` and the REST API returns it (ids there are numbers). */
export const zendeskTicketSchema = z.object({
  id: numericIdSchema,
  subject: z.string().nullish(),
  status: nameSchema.nullish(),
  priority: nameSchema.nullish(),
  via: z.object({ channel: nameSchema.nullish() }).nullish(),
  group_id: optionalIdSchema,
  assignee_id: optionalIdSchema,
  requester_id: optionalIdSchema,
  created_at: isoTimestampMsSchema.nullish(),
  updated_at: isoTimestampMsSchema.nullish(),
});

const envelope = {
  /** the event's id: unchanged when Zendesk re-delivers */
  id: z.string().min(1).max(128),
  time: isoTimestampMsSchema,
  detail: zendeskTicketSchema,
};

const changeOf = <T extends z.ZodType>(value: T) => z.object({ current: value, previous: value });

export const zendeskTicketEventSchema = z.discriminatedUnion('type', [
  z.object({ ...envelope, type: z.literal('zen:event-type:ticket.created') }),
  z.object({
    ...envelope,
    type: z.literal('zen:event-type:ticket.status_changed'),
    event: z.object({ current: nameSchema, previous: nameSchema.nullish() }),
  }),
  z.object({
    ...envelope,
    type: z.literal('zen:event-type:ticket.priority_changed'),
    event: changeOf(nameSchema.nullish()),
  }),
  z.object({
    ...envelope,
    type: z.literal('zen:event-type:ticket.agent_assignment_changed'),
    event: changeOf(optionalIdSchema),
  }),
  z.object({
    ...envelope,
    type: z.literal('zen:event-type:ticket.group_assignment_changed'),
    event: changeOf(optionalIdSchema),
  }),
  z.object({
    ...envelope,
    type: z.literal('zen:event-type:ticket.comment_added'),
    event: z.object({
      comment: z.object({
        is_public: z.boolean(),
        author: z.object({ id: optionalIdSchema, is_staff: z.boolean() }),
      }),
    }),
  }),
  // The ticket leaves the desk: deleted (soft or for good), merged into another, or spam.
  ...(['soft_deleted', 'permanently_deleted', 'merged', 'marked_as_spam'] as const).map((change) =>
    z.object({ ...envelope, type: z.literal(`zen:event-type:ticket.${change}`) }),
  ),
  /**
   * A message of a messaging conversation (web widget, WhatsApp ...): agents'
   * replies there arrive only as these, never as ticket.comment_added. `detail`
   * holds the ticket id alone.
   */
  z.object({
    ...envelope,
    type: z.literal('zen:event-type:messaging_ticket.message_added'),
    event: z.object({ actor: z.object({ type: z.string().max(40) }) }),
  }),
]);

export type ZendeskTicketEvent = z.output<typeof zendeskTicketEventSchema>;
export type ZendeskTicket = z.output<typeof zendeskTicketSchema>;
export const ZENDESK_BODIES: TypedBodies<ZendeskTicketEvent> = {
  typeSchema: z
    .object({
      // A body without `type` is what a trigger or automation sends: its shape is
      // whatever the admin wrote, with no event id or event time to rely on.
      type: z
        .string({ error: 'no event type: trigger and automation webhooks are not supported, use an event webhook (docs/WEBHOOKS.md)' })
        .max(200)
        .regex(/^zen:event-type:[a-z0-9_]+(\.[a-z0-9_]+)+$/, 'expected a Zendesk event type, e.g. zen:event-type:ticket.created'),
    })
    .transform((body) => body.type),
  handled: new Set(zendeskTicketEventSchema.options.map((option) => option.shape.type.value)),
  schema: zendeskTicketEventSchema,
  times: { event: ['time', 'detail.updated_at'], created: ['detail.created_at'] },
};
