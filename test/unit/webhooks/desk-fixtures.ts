import { readFileSync } from 'node:fs';
import { parseFreshdeskWebhook } from '../../../server/ingest/webhooks/freshdesk-webhook';
import { parseHelpScoutWebhook } from '../../../server/ingest/webhooks/helpscout-webhook';
import { freshdeskTokenHeaders, signedHelpScoutHeaders, signedZammadHeaders } from '../../../server/ingest/webhooks/sign';
import { webhookConfigSchema, type WebhookConfig } from '../../../server/ingest/webhooks/webhook-config';
import type { WebhookParseResult } from '../../../server/ingest/webhooks/webhook-result';
import { parseZammadWebhook } from '../../../server/ingest/webhooks/zammad-webhook';

/** The Zammad, Freshdesk and Help Scout fixtures (test/fixtures/webhooks/<desk>/) signed as each desk does. */

export const ZAMMAD_SECRET = 'zammad-hmac-token-0123456789';
export const FRESHDESK_SECRET = 'freshdesk-shared-token-0123456789';
export const HELPSCOUT_SECRET = 'helpscout-secret-key-0123';
/** the server's clock: the day the fixtures happened, in the afternoon */
export const DESK_NOW = Date.parse('2025-03-04T16:00:00Z');

export const deskConfig: WebhookConfig = webhookConfigSchema.parse({
  zammad: { secrets: [ZAMMAD_SECRET], groupLines: { 'service desk': 'L1', '4': 'L2' } },
  freshdesk: { secrets: [FRESHDESK_SECRET], groupLines: { '43000101': 'L1', '43000102': 'L2' }, timeZone: 'Asia/Kolkata' },
  helpscout: { secrets: [HELPSCOUT_SECRET], groupLines: { '250001': 'L1', '250002': 'L2', '250003': 'L3' } },
});

export function fixture(desk: 'zammad' | 'freshdesk' | 'helpscout', name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(`test/fixtures/webhooks/${desk}/${name}.json`, 'utf8')) as Record<string, unknown>;
}

const raw = (body: unknown): Buffer => Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));

export function postZammad(body: unknown, now = DESK_NOW, config = deskConfig): WebhookParseResult {
  const bytes = raw(body);
  return parseZammadWebhook(bytes, { ...signedZammadHeaders(bytes, ZAMMAD_SECRET), 'x-zammad-delivery': 'b0a7c1f2' }, config, now);
}

export function postFreshdesk(body: unknown, now = DESK_NOW, config = deskConfig): WebhookParseResult {
  return parseFreshdeskWebhook(raw(body), freshdeskTokenHeaders(FRESHDESK_SECRET), config, now);
}

export function postHelpScout(event: string, body: unknown, now = DESK_NOW, config = deskConfig): WebhookParseResult {
  const bytes = raw(body);
  return parseHelpScoutWebhook(bytes, signedHelpScoutHeaders(bytes, HELPSCOUT_SECRET, event), config, now);
}
