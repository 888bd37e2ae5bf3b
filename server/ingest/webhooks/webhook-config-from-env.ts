import { z } from 'zod';
import { webhookConfigSchema, type WebhookConfig } from './webhook-config';

/**
 * Builds the webhook configuration from environment variables (documented in
 * docs/WEBHOOKS.md). Throws with every problem listed when something is
 * invalid: a bad secret or map should stop the server at start, not surface as
 * 401s later.
 *
 * Lists are comma-separated; maps are `name=value` pairs separated by commas
 * (`ZENDESK_GROUP_LINES=360001=L1,360002=L2`).
 */
export function webhookConfigFromEnv(env: Readonly<Record<string, string | undefined>>): WebhookConfig {
  // Assembled untyped on purpose: the schema, not this function, checks every value.
  const input: Record<string, unknown> = { generic: { sources: genericSources(env) } };
  const maxBodyBytes = present(env.WEBHOOK_MAX_BODY_BYTES);
  if (maxBodyBytes !== undefined) input.maxBodyBytes = Number(maxBodyBytes);

  const zendeskSecrets = present(env.ZENDESK_WEBHOOK_SECRET);
  if (zendeskSecrets !== undefined) {
    input.zendesk = {
      secrets: list(zendeskSecrets),
      groupLines: pairs(env.ZENDESK_GROUP_LINES),
      defaultLine: present(env.ZENDESK_DEFAULT_LINE),
      defaultChannel: present(env.ZENDESK_DEFAULT_CHANNEL),
    };
  }

  const jiraSecrets = present(env.JIRA_WEBHOOK_SECRET);
  if (jiraSecrets !== undefined) {
    input.jira = {
      secrets: list(jiraSecrets),
      acceptTokenHeader: flag('JIRA_ACCEPT_TOKEN_HEADER', env.JIRA_ACCEPT_TOKEN_HEADER),
      statusNames: pairs(env.JIRA_STATUS_NAMES),
      priorityNames: pairs(env.JIRA_PRIORITY_NAMES),
      lineField: present(env.JIRA_LINE_FIELD),
      lineNames: pairs(env.JIRA_LINE_NAMES),
      channelField: present(env.JIRA_CHANNEL_FIELD),
      channelNames: pairs(env.JIRA_CHANNEL_NAMES),
      defaultLine: present(env.JIRA_DEFAULT_LINE),
      defaultChannel: present(env.JIRA_DEFAULT_CHANNEL),
    };
  }

  const parsed = webhookConfigSchema.safeParse(input);
  if (!parsed.success) throw new Error(`invalid webhook configuration:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

const GENERIC_SECRET_PREFIX = 'WEBHOOK_SECRET_GENERIC';

/** WEBHOOK_SECRET_GENERIC is source `default`; WEBHOOK_SECRET_GENERIC_HELP_DESK is source `help-desk`. */
function genericSources(env: Readonly<Record<string, string | undefined>>): Record<string, { secrets: string[] }> {
  const sources: Record<string, { secrets: string[] }> = {};
  for (const [name, value] of Object.entries(env)) {
    const secrets = present(value);
    if (secrets === undefined) continue;
    if (name === GENERIC_SECRET_PREFIX) sources.default = { secrets: list(secrets) };
    else if (name.startsWith(`${GENERIC_SECRET_PREFIX}_`)) {
      const sourceId = name.slice(GENERIC_SECRET_PREFIX.length + 1).toLowerCase().replaceAll('_', '-');
      sources[sourceId] = { secrets: list(secrets) };
    }
  }
  return sources;
}

function present(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

/** The same spellings as the server's other flags (env-config.ts). */
function flag(name: string, value: string | undefined): boolean {
  const text = present(value)?.toLowerCase();
  if (text === undefined || ['0', 'false', 'no', 'off'].includes(text)) return false;
  if (['1', 'true', 'yes', 'on'].includes(text)) return true;
  throw new Error(`invalid webhook configuration: ${name} must be true or false`);
}

function list(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** `a=x,b=y` -> { a: 'x', b: 'y' }; the value is after the last `=` so names may contain one. */
function pairs(value: string | undefined): Record<string, string> {
  const text = present(value);
  if (text === undefined) return {};
  const map: Record<string, string> = {};
  for (const item of list(text)) {
    const split = item.lastIndexOf('=');
    if (split <= 0) throw new Error(`invalid webhook configuration: "${item}" is not name=value`);
    map[item.slice(0, split).trim()] = item.slice(split + 1).trim();
  }
  return map;
}
