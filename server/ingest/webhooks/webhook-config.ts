import { IANAZone } from 'luxon';
import { z } from 'zod';
import { lowerCaseKeys } from './name-maps';

/**
 * Configuration of the webhook adapters: which sources exist, their secrets,
 * and how each provider's groups / fields / names map onto ours. A source left
 * out (no `zendesk`, no `jira`, no generic source id) answers 404.
 * loadConfig (server/config/env-config.ts) builds it from environment variables.
 */

/** Bounds of maxBodyBytes (and of WEBHOOK_MAX_BODY_BYTES). */
export const MAX_BODY_BYTES_RANGE = { min: 1024, max: 16 * 1024 * 1024 } as const;

const secretSchema = z
  .string()
  .min(16, 'a webhook secret must be at least 16 characters')
  .max(512);
/** Several secrets per source so one can be rotated in before the old one is removed. */
const secretsSchema = z.array(secretSchema).min(1).max(8);

const statusSchema = z.enum(['new', 'open', 'pending', 'onHold', 'solved', 'closed']);
const prioritySchema = z.enum(['low', 'medium', 'high']);
const channelSchema = z.enum(['email', 'portal', 'chat', 'phone', 'messenger']);
const lineSchema = z.enum(['L1', 'L2', 'L3']);

/** provider name -> ours; keys are matched case-insensitively */
function nameMap<T extends z.ZodType<string>>(value: T) {
  return z.record(z.string().min(1).max(200), value).default({}).transform(lowerCaseKeys);
}

/** Our vocabulary for a desk that names statuses, priorities, groups and channels its own way. */
function deskMapping() {
  return {
    statusNames: nameMap(statusSchema),
    priorityNames: nameMap(prioritySchema),
    /** the desk's channel / source names -> ours, besides the adapter's defaults */
    channelNames: nameMap(channelSchema),
    /** group (or mailbox) name or id -> support line; not listed: `defaultLine` */
    groupLines: nameMap(lineSchema),
    defaultLine: lineSchema.default('L1'),
    defaultChannel: channelSchema.default('portal'),
    /** for a desk or ticket without a priority */
    defaultPriority: prioritySchema.default('medium'),
  };
}

/** Bounds of the seconds a desk's clock may run ahead of ours, and of Zendesk's replay window. */
export const CLOCK_WINDOW_SEC_RANGE = { min: 5, max: 86_400 } as const;
const clockWindowSec = z.number().int().min(CLOCK_WINDOW_SEC_RANGE.min).max(CLOCK_WINDOW_SEC_RANGE.max).default(300);

export const genericSourceIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'a source id is 1-64 of a-z 0-9 _ -, starting with a letter or digit');

export const webhookConfigSchema = z.object({
  /** Largest body accepted, in bytes (default 256 KiB). */
  maxBodyBytes: z
    .number()
    .int()
    .min(MAX_BODY_BYTES_RANGE.min)
    .max(MAX_BODY_BYTES_RANGE.max)
    .default(256 * 1024),
  /** An event time more than this ahead of the server's clock is refused (400 naming the field). */
  maxFutureSec: clockWindowSec,
  generic: z
    .object({
      sources: z.record(
        genericSourceIdSchema,
        z.object({
          secrets: secretsSchema,
          /** also accept the secret itself in X-Wallboard-Token, for a sender that cannot sign */
          acceptTokenHeader: z.boolean().default(false),
        }),
      ),
    })
    .default({ sources: {} }),
  zendesk: z
    .object({
      secrets: secretsSchema,
      /**
       * Largest age of X-Zendesk-Webhook-Signature-Timestamp (either way):
       * an older signed delivery is a replay and answered 401. Zendesk signs
       * each attempt, retries included, when it sends it.
       */
      replayWindowSec: clockWindowSec,
      /** Zendesk group id -> support line; groups not listed are on `defaultLine`. */
      groupLines: z.record(z.string().regex(/^\d{1,20}$/, 'Zendesk group ids are numeric'), lineSchema).default({}),
      defaultLine: lineSchema.default('L1'),
      /** for `via.channel` values the channel map does not know (api, web_service ...) */
      defaultChannel: channelSchema.default('portal'),
      /** for tickets without a priority (Zendesk allows none) */
      defaultPriority: prioritySchema.default('medium'),
      statusNames: nameMap(statusSchema),
      priorityNames: nameMap(prioritySchema),
      channelNames: nameMap(channelSchema),
    })
    .optional(),
  jira: z
    .object({
      secrets: secretsSchema,
      /**
       * Also accept the secret itself in X-Wallboard-Token, for senders that
       * cannot sign (Jira Automation "Send web request"). Weaker: the body is
       * not covered, so it is off unless asked for.
       */
      acceptTokenHeader: z.boolean().default(false),
      statusNames: nameMap(statusSchema),
      priorityNames: nameMap(prioritySchema),
      /** id of the field that holds the support line (e.g. customfield_10050); none: every issue is on `defaultLine` */
      lineField: z.string().min(1).max(100).optional(),
      /** option value of `lineField` -> line; `L1`/`L2`/`L3` are understood without it */
      lineNames: nameMap(lineSchema),
      /** id of the field that holds the request channel; none: every issue is on `defaultChannel` */
      channelField: z.string().min(1).max(100).optional(),
      /** option value of `channelField` -> channel; our own channel names are understood without it */
      channelNames: nameMap(channelSchema),
      defaultLine: lineSchema.default('L1'),
      defaultChannel: channelSchema.default('portal'),
      defaultPriority: prioritySchema.default('medium'),
    })
    .optional(),
  /** Zammad: a trigger's webhook, signed with its HMAC SHA1 token (zammad-webhook.ts). */
  zammad: z.object({ secrets: secretsSchema, ...deskMapping() }).optional(),
  /** Freshdesk: an automation rule's "Trigger webhook" with the token in X-Wallboard-Token (freshdesk-webhook.ts). */
  freshdesk: z
    .object({
      secrets: secretsSchema,
      ...deskMapping(),
      /** the zone Freshdesk writes {{ticket.created_on}} in (the account's zone: it sends no offset) */
      timeZone: z
        .string()
        .min(1)
        .max(64)
        .refine((zone) => IANAZone.isValidZone(zone), 'expected an IANA time zone, e.g. Europe/Berlin')
        .default('UTC'),
    })
    .optional(),
  /** Help Scout: its Webhooks app, signed with the app's secret key; `groupLines` is by mailbox id (helpscout-webhook.ts). */
  helpscout: z.object({ secrets: secretsSchema, ...deskMapping() }).optional(),
  /** Escalations to development in Wrike (server/ingest/escalations/wrike-webhook.ts). */
  wrike: z
    .object({
      secrets: secretsSchema,
      /** id of a task custom field holding the support ticket's id; else the id in brackets at the start of the title */
      ticketField: z.string().min(1).max(100).optional(),
    })
    .optional(),
  /** Escalations to development in a Jira Software project (server/ingest/escalations/jira-dev-webhook.ts). */
  jiraDev: z
    .object({
      secrets: secretsSchema,
      acceptTokenHeader: z.boolean().default(false),
      /** the project keys whose issues are escalations (e.g. DEV); other issues are ignored */
      projectKeys: z.array(z.string().regex(/^[A-Z][A-Z0-9_]{0,49}$/, 'a Jira project key, e.g. DEV')).min(1).max(50),
      /** id of the field holding the support ticket's id (e.g. customfield_10100); else the id in brackets at the start of the summary */
      ticketField: z.string().min(1).max(100).optional(),
    })
    .optional(),
  /** the line an escalation counts on when its support ticket is not among the board's open tickets */
  escalationDefaultLine: lineSchema.default('L2'),
});

export type WebhookConfig = z.output<typeof webhookConfigSchema>;
/** What a caller writes: everything with a default may be left out. */
export type WebhookConfigInput = z.input<typeof webhookConfigSchema>;
export type ZendeskWebhookConfig = NonNullable<WebhookConfig['zendesk']>;
export type JiraWebhookConfig = NonNullable<WebhookConfig['jira']>;
export type ZammadWebhookConfig = NonNullable<WebhookConfig['zammad']>;
export type FreshdeskWebhookConfig = NonNullable<WebhookConfig['freshdesk']>;
export type HelpScoutWebhookConfig = NonNullable<WebhookConfig['helpscout']>;
/** The name maps and defaults of Zammad, Freshdesk and Help Scout. */
export type DeskMapping = Pick<ZammadWebhookConfig, keyof ReturnType<typeof deskMapping>>;
export type WrikeWebhookConfig = NonNullable<WebhookConfig['wrike']>;
export type JiraDevWebhookConfig = NonNullable<WebhookConfig['jiraDev']>;
