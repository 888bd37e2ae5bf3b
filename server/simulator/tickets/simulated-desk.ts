import { randomBytes } from 'node:crypto';
import type { SupportLine, TicketChannel } from '../../domain/ticket-events';
import type { WebhookConfigInput } from '../../ingest/webhooks/webhook-config';

/**
 * The six simulated help desks as the board must be configured to read them:
 * the generic source's id, the Zendesk groups of each line, the Jira fields
 * that hold the line and the channel, and the secrets. One definition, used
 * by the encoders and by the configuration handed to the board, so the two
 * cannot disagree.
 */

export interface DeskSecrets {
  generic: string;
  zendesk: string;
  jira: string;
  zammad: string;
  /** Freshdesk's token, sent as is in X-Wallboard-Token */
  freshdesk: string;
  helpscout: string;
}

/** X-Wallboard-Source of the generic desk */
export const GENERIC_SOURCE_ID = 'simulator';

/** Zendesk group ids, one group per support line */
export const ZENDESK_GROUP_OF_LINE: Readonly<Record<SupportLine, string>> = {
  L1: '360001001',
  L2: '360001002',
  L3: '360001003',
};

/** Zendesk `via.channel` of each channel (all in the adapter's default table) */
export const ZENDESK_VIA_CHANNEL: Readonly<Record<TicketChannel, string>> = {
  email: 'email',
  portal: 'web_form',
  chat: 'chat',
  phone: 'voice',
  messenger: 'whatsapp',
};

export const JIRA_LINE_FIELD = 'customfield_10050';
export const JIRA_CHANNEL_FIELD = 'customfield_10051';

/** Option values of the Jira line field, as a service desk names its tiers */
export const JIRA_LINE_OPTION: Readonly<Record<SupportLine, string>> = {
  L1: 'Tier 1',
  L2: 'Tier 2',
  L3: 'Tier 3',
};

/** Option values of the Jira channel field; `Telegram` needs a configured name */
export const JIRA_CHANNEL_OPTION: Readonly<Record<TicketChannel, string>> = {
  email: 'email',
  portal: 'portal',
  chat: 'chat',
  phone: 'phone',
  messenger: 'Telegram',
};

/**
 * Zammad group ids per line. The site runs two custom states beside Zammad's
 * own: "waiting for vendor" (on hold) and "archived" (closed after the solve,
 * which Zammad's own `closed` means).
 */
export const ZAMMAD_GROUP_OF_LINE: Readonly<Record<SupportLine, string>> = { L1: '11', L2: '12', L3: '13' };
export const ZAMMAD_CUSTOM_STATES = { 'waiting for vendor': 'onHold', archived: 'closed' } as const;

/** Freshdesk group ids per line; the account has a custom status `New` for tickets nobody has looked at. */
export const FRESHDESK_GROUP_OF_LINE: Readonly<Record<SupportLine, string>> = { L1: '43000101', L2: '43000102', L3: '43000103' };
export const FRESHDESK_CUSTOM_STATUSES = { New: 'new' } as const;

/** Help Scout mailbox ids per line (a conversation moved to another mailbox is escalated). */
export const HELPSCOUT_MAILBOX_OF_LINE: Readonly<Record<SupportLine, string>> = { L1: '250001', L2: '250002', L3: '250003' };

/** Fresh secrets for one run (the demo): hex, well over the 16-character minimum. */
export function randomDeskSecrets(): DeskSecrets {
  const secret = (): string => randomBytes(24).toString('hex');
  return { generic: secret(), zendesk: secret(), jira: secret(), zammad: secret(), freshdesk: secret(), helpscout: secret() };
}

/** The board's webhook configuration for the simulated desks (webhookConfigSchema input). */
export function simulatedDeskWebhookConfig(secrets: DeskSecrets): WebhookConfigInput {
  return {
    generic: { sources: { [GENERIC_SOURCE_ID]: { secrets: [secrets.generic] } } },
    zendesk: {
      secrets: [secrets.zendesk],
      groupLines: Object.fromEntries(lineEntries().map(([line, group]) => [group, line])),
    },
    jira: {
      secrets: [secrets.jira],
      lineField: JIRA_LINE_FIELD,
      lineNames: invert(JIRA_LINE_OPTION),
      channelField: JIRA_CHANNEL_FIELD,
      channelNames: { [JIRA_CHANNEL_OPTION.messenger]: 'messenger' },
    },
    zammad: { secrets: [secrets.zammad], groupLines: invert(ZAMMAD_GROUP_OF_LINE), statusNames: ZAMMAD_CUSTOM_STATES },
    freshdesk: { secrets: [secrets.freshdesk], groupLines: invert(FRESHDESK_GROUP_OF_LINE), statusNames: FRESHDESK_CUSTOM_STATUSES },
    helpscout: { secrets: [secrets.helpscout], groupLines: invert(HELPSCOUT_MAILBOX_OF_LINE) },
  };
}

/**
 * The same configuration as environment variables (docs/WEBHOOKS.md), for a
 * board that reads them through loadConfig.
 */
export function simulatedDeskEnv(secrets: DeskSecrets): Record<string, string> {
  const pairs = (map: Readonly<Record<string, string>>): string =>
    Object.entries(map)
      .map(([name, value]) => `${name}=${value}`)
      .join(',');
  return {
    [`WEBHOOK_SECRET_GENERIC_${GENERIC_SOURCE_ID.toUpperCase()}`]: secrets.generic,
    ZENDESK_WEBHOOK_SECRET: secrets.zendesk,
    ZENDESK_GROUP_LINES: pairs(Object.fromEntries(lineEntries().map(([line, group]) => [group, line]))),
    JIRA_WEBHOOK_SECRET: secrets.jira,
    JIRA_LINE_FIELD,
    JIRA_LINE_NAMES: pairs(invert(JIRA_LINE_OPTION)),
    JIRA_CHANNEL_FIELD,
    JIRA_CHANNEL_NAMES: pairs({ [JIRA_CHANNEL_OPTION.messenger]: 'messenger' }),
    ZAMMAD_WEBHOOK_SECRET: secrets.zammad,
    ZAMMAD_GROUP_LINES: pairs(invert(ZAMMAD_GROUP_OF_LINE)),
    ZAMMAD_STATUS_NAMES: pairs(ZAMMAD_CUSTOM_STATES),
    FRESHDESK_WEBHOOK_SECRET: secrets.freshdesk,
    FRESHDESK_GROUP_LINES: pairs(invert(FRESHDESK_GROUP_OF_LINE)),
    FRESHDESK_STATUS_NAMES: pairs(FRESHDESK_CUSTOM_STATUSES),
    HELPSCOUT_WEBHOOK_SECRET: secrets.helpscout,
    HELPSCOUT_GROUP_LINES: pairs(invert(HELPSCOUT_MAILBOX_OF_LINE)),
  };
}

function lineEntries(): [SupportLine, string][] {
  return Object.entries(ZENDESK_GROUP_OF_LINE) as [SupportLine, string][];
}

function invert<K extends string>(map: Readonly<Record<K, string>>): Record<string, K> {
  return Object.fromEntries(Object.entries<string>(map).map(([key, value]) => [value, key as K]));
}
