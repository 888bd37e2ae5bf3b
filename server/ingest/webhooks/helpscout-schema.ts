import { z } from 'zod';
import { numericIdSchema } from './numeric-id-schema';
import { isoTimestampMsSchema } from './timestamp-schema';

/**
 * Help Scout webhooks (https://developer.helpscout.com/webhooks/): the event
 * is in the X-HelpScout-Event header, the body is the Mailbox API 2.0
 * conversation (`convo.deleted`: `{ id }` alone). Not strict: Help Scout adds
 * fields, and the board reads few.
 */

export const HELPSCOUT_EVENTS = [
  'convo.created',
  'convo.assigned',
  'convo.status',
  'convo.moved',
  'convo.customer.reply.created',
  'convo.agent.reply.created',
  'convo.merged',
] as const;
export type HelpScoutEvent = (typeof HELPSCOUT_EVENTS)[number] | 'convo.deleted';

const nameSchema = z.string().max(200);

const threadSchema = z.object({
  id: numericIdSchema,
  /** customer, reply (an agent's), note, message, chat, phone, lineitem ... */
  type: nameSchema,
  createdAt: isoTimestampMsSchema.optional(),
});

export const helpScoutConversationSchema = z.object({
  id: numericIdSchema,
  subject: z.string().nullish(),
  /** active, pending, closed, spam */
  status: nameSchema,
  mailboxId: numericIdSchema,
  /** email, chat, phone */
  type: nameSchema.optional(),
  source: z.object({ type: nameSchema.optional() }).nullish(),
  assignee: z.object({ id: numericIdSchema }).nullish(),
  createdAt: isoTimestampMsSchema,
  /** the last change by a person; absent until one */
  userUpdatedAt: isoTimestampMsSchema.nullish(),
  _embedded: z.object({ threads: z.array(threadSchema).max(10_000).default([]) }).default({ threads: [] }),
});

export type HelpScoutConversation = z.output<typeof helpScoutConversationSchema>;

export const helpScoutDeletedSchema = z.object({ id: numericIdSchema });

export const HELPSCOUT_TIMES = { event: ['userUpdatedAt'], created: ['createdAt'] } as const;
