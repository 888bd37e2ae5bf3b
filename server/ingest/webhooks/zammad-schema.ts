import { z } from 'zod';
import { numericIdSchema } from './numeric-id-schema';
import { isoTimestampMsSchema } from './timestamp-schema';

/**
 * A Zammad trigger's webhook with the default payload
 * (https://admin-docs.zammad.org/en/latest/manage/webhook/payload.html):
 * `{ ticket: <the ticket, associations expanded>, article: <the article the
 * trigger fired on, if any> }`. No event type: a trigger fires on conditions,
 * so every delivery is the ticket as it now stands. Not strict: Zammad adds
 * the site's custom objects to both.
 */

const nameSchema = z.string().max(200);
/** an association expanded to its record, of which the board reads the name (priority, group) or login (owner) */
const namedSchema = z.object({ id: numericIdSchema.optional(), name: nameSchema.optional(), login: nameSchema.optional() }).nullish();

const ticketSchema = z.object({
  id: numericIdSchema,
  title: z.string().nullish(),
  /** the state's name: new, open, pending reminder, pending close, closed, merged, removed, or the site's own */
  state: z.union([nameSchema, z.object({ name: nameSchema })]).transform((state) => (typeof state === 'string' ? state : state.name)),
  priority: z.union([nameSchema, z.object({ name: nameSchema })]).nullish().transform((p) => (p == null || typeof p === 'string' ? p : p.name)),
  group: namedSchema,
  group_id: numericIdSchema.nullish(),
  owner: namedSchema,
  /** 1 is Zammad's system user: nobody */
  owner_id: numericIdSchema.nullish(),
  /** how the ticket came in: email, phone, web, chat, sms, whatsapp message ... */
  create_article_type: nameSchema.nullish(),
  article_ids: z.array(numericIdSchema).max(100_000).optional(),
  article_count: z.number().int().min(0).nullish(),
  created_at: isoTimestampMsSchema,
  updated_at: isoTimestampMsSchema,
});

const articleSchema = z.object({
  id: numericIdSchema,
  /** Customer, Agent or System */
  sender: nameSchema,
  internal: z.boolean().default(false),
  created_at: isoTimestampMsSchema.optional(),
});

export const zammadWebhookSchema = z.object({
  ticket: ticketSchema,
  // A trigger on a ticket change without an article sends `{}` or nothing.
  article: z.union([articleSchema, z.object({}).strict().transform(() => undefined)]).optional(),
});

export type ZammadWebhook = z.output<typeof zammadWebhookSchema>;

export const ZAMMAD_TIMES = {
  event: ['ticket.updated_at', 'article.created_at'],
  created: ['ticket.created_at'],
} as const;
