import type { SupportLine, TicketChannel, TicketPriority, TicketStatus } from '../../domain/ticket-events';
import type { WebhookProblem } from './webhook-result';

/**
 * Default translations of the providers' names into our vocabulary. Keys are
 * lower-case: providers disagree on case (Zendesk's event webhooks send
 * `OPEN` / `HIGH`, its REST API `open` / `high`; Jira names are admin-defined).
 * The configuration can add or override entries per source.
 *
 * The priority maps duplicate nothing in the SLA engine on purpose: this is
 * where a provider's name becomes ours; the SLA engine only ever sees ours.
 */
export type NameMap<T> = Readonly<Record<string, T>>;

export const ZENDESK_STATUS_NAMES: NameMap<TicketStatus> = {
  new: 'new',
  open: 'open',
  pending: 'pending',
  hold: 'onHold',
  solved: 'solved',
  closed: 'closed',
  // Lifecycle states the webhooks also report: the ticket leaves the desk.
  deleted: 'closed',
  archived: 'closed',
  scrubbed: 'closed',
};

export const ZENDESK_PRIORITY_NAMES: NameMap<TicketPriority> = {
  low: 'low',
  normal: 'medium',
  high: 'high',
  urgent: 'high',
};

/**
 * Zendesk `via.channel` values: the via types its event webhooks report (the
 * documented example says `mail`, the REST API `email`). Tickets no customer
 * opened through a conversation (made by an integration, a trigger, an agent
 * in the agent interface, a follow-up or a merge) count as portal tickets:
 * written requests, like a web form's.
 */
export const ZENDESK_CHANNEL_NAMES: NameMap<TicketChannel> = {
  mail: 'email',
  email: 'email',
  web: 'portal',
  web_form: 'portal',
  web_widget: 'portal',
  help_center: 'portal',
  forum: 'portal',
  topic: 'portal',
  mobile: 'portal',
  mobile_sdk: 'portal',
  api: 'portal',
  web_service: 'portal',
  rule: 'portal',
  system: 'portal',
  batch: 'portal',
  merge: 'portal',
  closed_ticket: 'portal',
  ticket_sharing: 'portal',
  linked_problem: 'portal',
  side_conversation: 'portal',
  answer_bot: 'portal',
  answer_bot_for_agents: 'portal',
  answer_bot_for_web_widget: 'portal',
  chat: 'chat',
  chat_transcript: 'chat',
  voice: 'phone',
  phone: 'phone',
  voicemail: 'phone',
  native_messaging: 'messenger',
  messaging: 'messenger',
  sunshine_conversations: 'messenger',
  any_channel: 'messenger',
  sms: 'messenger',
  whatsapp: 'messenger',
  facebook: 'messenger',
  facebook_messenger: 'messenger',
  instagram_dm: 'messenger',
  twitter: 'messenger',
  twitter_dm: 'messenger',
  telegram: 'messenger',
  viber: 'messenger',
  line: 'messenger',
  wechat: 'messenger',
  kakaotalk: 'messenger',
  apple_business_chat: 'messenger',
  google_business_messages: 'messenger',
  google_rcs: 'messenger',
  slack: 'messenger',
  ms_teams: 'messenger',
};

/**
 * Jira Service Management status names: the defaults of its IT service
 * templates plus the generic Jira ones. Anything else falls back to the
 * status category (see jira-webhook.ts) or must be configured.
 */
export const JIRA_STATUS_NAMES: NameMap<TicketStatus> = {
  new: 'new',
  'to do': 'new',
  open: 'open',
  reopened: 'open',
  'waiting for support': 'open',
  'in progress': 'open',
  'work in progress': 'open',
  escalated: 'open',
  'waiting for customer': 'pending',
  pending: 'onHold',
  'on hold': 'onHold',
  'waiting for approval': 'onHold',
  resolved: 'solved',
  done: 'solved',
  completed: 'solved',
  closed: 'closed',
  canceled: 'closed',
  cancelled: 'closed',
  declined: 'closed',
};

/** Every Jira status has a category: the fallback for a status name no map knows. */
export const JIRA_STATUS_CATEGORIES: NameMap<TicketStatus> = {
  new: 'new',
  indeterminate: 'open',
  done: 'solved',
};

export const JIRA_PRIORITY_NAMES: NameMap<TicketPriority> = {
  lowest: 'low',
  low: 'low',
  medium: 'medium',
  high: 'high',
  highest: 'high',
  // The older Jira scheme, still common on Data Center migrations.
  trivial: 'low',
  minor: 'low',
  major: 'medium',
  critical: 'high',
  blocker: 'high',
};

/** Values a line field may hold without any configuration. */
export const DEFAULT_LINE_NAMES: NameMap<SupportLine> = { l1: 'L1', l2: 'L2', l3: 'L3' };

/**
 * Values a channel field may hold without any configuration: ours, and Service
 * Management's request channels (`request-channel-type`: email, portal,
 * anonymousportal, api, jira, and the chat / widget / virtual agent channels of
 * Cloud). A request an agent raised in Jira or an integration raised by API is
 * a written request, counted as portal.
 */
export const DEFAULT_CHANNEL_NAMES: NameMap<TicketChannel> = {
  email: 'email',
  portal: 'portal',
  anonymousportal: 'portal',
  api: 'portal',
  jira: 'portal',
  widget: 'portal',
  chat: 'chat',
  slack: 'chat',
  msteams: 'chat',
  'virtual agent': 'chat',
  virtualagent: 'chat',
  phone: 'phone',
  messenger: 'messenger',
};

/**
 * A channel name mapped, or the default channel with the name reported: a
 * ticket must have a channel, but an unknown name is counted and shown rather
 * than filed silently (see WebhookAcceptance.unknownChannel).
 */
export function channelOf(
  name: string | null | undefined,
  configured: NameMap<TicketChannel>,
  defaults: NameMap<TicketChannel>,
  fallback: TicketChannel,
): { channel: TicketChannel; unknown?: string } {
  if (name === null || name === undefined || name.trim() === '') return { channel: fallback };
  const channel = lookupName(name, configured, defaults);
  return channel === undefined ? { channel: fallback, unknown: name.trim().slice(0, 100) } : { channel };
}

/**
 * Looks a provider's name up case-insensitively, configured entries before
 * defaults. Own properties only: a status named `constructor` must not find
 * Object.prototype's.
 */
export function lookupName<T>(name: string, configured: NameMap<T>, defaults: NameMap<T> = {}): T | undefined {
  const key = name.trim().toLowerCase();
  if (Object.hasOwn(configured, key)) return configured[key];
  if (Object.hasOwn(defaults, key)) return defaults[key];
  return undefined;
}

/** Lower-cases the keys of a configured map so lookups can be case-insensitive. */
export function lowerCaseKeys<T>(map: Readonly<Record<string, T>>): Record<string, T> {
  return Object.fromEntries(Object.entries(map).map(([key, value]) => [key.trim().toLowerCase(), value]));
}

/**
 * A name that must be known: the mapped value, or the problem to answer 400
 * with (an unmapped status would otherwise put the ticket in the wrong column
 * silently; the message says what to configure).
 */
export function requireName<T extends string>(
  name: string,
  path: string,
  configured: NameMap<T>,
  defaults: NameMap<T>,
  configKey: string,
): T | WebhookProblem {
  return lookupName(name, configured, defaults) ?? unknownName(name, path, configKey);
}

export function unknownName(name: string, path: string, configKey: string): WebhookProblem {
  return { path, message: `unknown name "${name.slice(0, 100)}": add it to ${configKey} in the webhook configuration` };
}

/** Like requireName, but an absent or blank name is `fallback` (a ticket without a priority). */
export function requireNameOrDefault<T extends string>(
  name: string | null | undefined,
  fallback: T,
  path: string,
  configured: NameMap<T>,
  defaults: NameMap<T>,
  configKey: string,
): T | WebhookProblem {
  if (name === null || name === undefined || name.trim() === '') return fallback;
  return requireName(name, path, configured, defaults, configKey);
}
