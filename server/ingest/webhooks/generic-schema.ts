import { z } from 'zod';
import { isoTimestampMsSchema } from './timestamp-schema';

/**
 * Our own webhook body for any help desk (`POST /api/webhooks/tickets`),
 * documented in docs/WEBHOOKS.md. One flat JSON object per event, told apart by
 * `kind`. Keys the schema does not know are accepted and ignored, so a desk
 * that sends its own body with extra keys is not refused; a misspelt required
 * key (`priorty`) still fails as the required one missing.
 */

const idSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces');

export const genericStatusSchema = z.enum(['new', 'open', 'pending', 'on_hold', 'solved', 'closed']);
export const genericPrioritySchema = z.enum(['low', 'medium', 'high']);
export const genericChannelSchema = z.enum(['email', 'portal', 'chat', 'phone', 'messenger']);
export const genericLineSchema = z.enum(['L1', 'L2', 'L3']);
const assigneeSchema = z.string().min(1).max(256).nullable();

const common = {
  /** the sender's id of this event; a re-delivery must repeat it */
  eventId: idSchema,
  ticketId: idSchema,
  occurredAt: isoTimestampMsSchema,
  /** orders events of one ticket that share `occurredAt` */
  sequence: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
};

export const genericTicketWebhookSchema = z.discriminatedUnion('kind', [
  z.object({
    ...common,
    kind: z.literal('created'),
    /** defaults to occurredAt */
    createdAt: isoTimestampMsSchema.optional(),
    subject: z.string().max(1000).default(''),
    status: genericStatusSchema.default('new'),
    priority: genericPrioritySchema,
    channel: genericChannelSchema,
    line: genericLineSchema.default('L1'),
    assignee: assigneeSchema.default(null),
  }),
  z.object({
    ...common,
    kind: z.literal('status_changed'),
    status: genericStatusSchema,
    /** when given, a move out of solved/closed also yields `reopened`, and only a move into them yields `solved` */
    previousStatus: genericStatusSchema.optional(),
  }),
  z.object({ ...common, kind: z.literal('priority_changed'), priority: genericPrioritySchema }),
  z.object({ ...common, kind: z.literal('assigned'), assignee: assigneeSchema }),
  z.object({ ...common, kind: z.literal('escalated'), line: genericLineSchema }),
  /** a public reply by an agent (an internal note is not sent) */
  z.object({ ...common, kind: z.literal('agent_replied') }),
  z.object({ ...common, kind: z.literal('customer_replied') }),
  z.object({ ...common, kind: z.literal('solved') }),
  z.object({
    ...common,
    kind: z.literal('reopened'),
    status: genericStatusSchema.exclude(['solved', 'closed']).default('open'),
  }),
  z.object({ ...common, kind: z.literal('satisfaction_rated'), rating: z.enum(['good', 'bad']) }),
]);

export type GenericTicketWebhook = z.output<typeof genericTicketWebhookSchema>;
/** What a sender writes (fields with defaults may be left out). */
export type GenericTicketWebhookInput = z.input<typeof genericTicketWebhookSchema>;
export type GenericWebhookStatus = z.output<typeof genericStatusSchema>;

/** The generic body's times (event-time-bounds.ts): no desk can predate EARLIEST_TICKET. */
export const GENERIC_TIMES = { event: ['occurredAt'], created: ['createdAt'] } as const;
