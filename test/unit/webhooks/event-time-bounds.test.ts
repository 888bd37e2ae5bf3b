import { describe, expect, it } from 'vitest';
import { parseGenericWebhook } from '../../../server/ingest/webhooks/generic-webhook';
import { signedZendeskHeaders, TOKEN_HEADER } from '../../../server/ingest/webhooks/sign';
import { webhookConfigSchema } from '../../../server/ingest/webhooks/webhook-config';
import { parseZendeskWebhook } from '../../../server/ingest/webhooks/zendesk-webhook';
import {
  asRaw,
  GENERIC_SECRET,
  GENERIC_SOURCE,
  genericCreated,
  jiraIssue,
  NOW,
  postGeneric,
  postJira,
  postZendesk,
  testConfig,
  ZENDESK_SECRET,
  zendeskDetail,
  zendeskEvent,
} from './webhook-fixtures';

const MINUTE = 60_000;

describe('times from outside', () => {
  it('refuses an event time far in the future with a 400 naming the field, in every format', () => {
    expect(postGeneric({ ...genericCreated, occurredAt: '2999-01-01T00:00:00Z' })).toMatchObject({
      status: 400,
      errors: [{ path: 'occurredAt', message: expect.stringContaining('in the future') }],
    });
    expect(postZendesk({ ...zendeskEvent('ticket.created', {}), time: '2999-01-01T00:00:00Z' })).toMatchObject({
      status: 400,
      errors: [{ path: 'time' }],
    });
    expect(postJira({ timestamp: Date.parse('2999-01-01T00:00:00Z'), webhookEvent: 'jira:issue_created', issue: jiraIssue() })).toMatchObject({
      status: 400,
      errors: [{ path: 'timestamp' }],
    });
  });

  it('refuses a ticket created in 2999 (it would read "under an hour old" for ever) and one created before any desk', () => {
    expect(postGeneric({ ...genericCreated, createdAt: '2999-01-01T00:00:00Z' })).toMatchObject({ status: 400, errors: [{ path: 'createdAt' }] });
    expect(postZendesk(zendeskEvent('ticket.created', {}, zendeskDetail({ created_at: '1970-01-01T00:00:00Z' })))).toMatchObject({
      status: 400,
      errors: [{ path: 'detail.created_at', message: expect.stringContaining('before 2000-01-01') }],
    });
  });

  it('refuses an event older than its desk, but takes a ticket created before the desk existed (an import)', () => {
    // Zendesk was founded in 2007: it cannot have raised an event in 2005.
    expect(postZendesk({ ...zendeskEvent('ticket.created', {}), time: '2005-06-01T00:00:00Z' })).toMatchObject({
      status: 400,
      errors: [{ path: 'time' }],
    });
    expect(postZendesk(zendeskEvent('ticket.created', {}, zendeskDetail({ created_at: '2004-02-01T09:00:00Z' }))).ok).toBe(true);
  });

  it('allows a desk clock running up to WEBHOOK_MAX_FUTURE_SEC ahead', () => {
    const ahead = (minutes: number) => new Date(NOW + minutes * MINUTE).toISOString();
    expect(postGeneric({ ...genericCreated, occurredAt: ahead(4), createdAt: ahead(4) }).ok).toBe(true);
    expect(postGeneric({ ...genericCreated, occurredAt: ahead(6), createdAt: ahead(4) })).toMatchObject({ status: 400 });
    const lenient = webhookConfigSchema.parse({ ...testConfig, maxFutureSec: 600 });
    expect(postGeneric({ ...genericCreated, occurredAt: ahead(6), createdAt: ahead(6) }, lenient).ok).toBe(true);
  });

  it('answers 401 for a Zendesk signature timestamp outside the replay window, either way, and only once the signature holds', () => {
    const raw = asRaw(zendeskEvent('ticket.created', {}));
    const at = (ms: number) => signedZendeskHeaders(raw, ZENDESK_SECRET, new Date(ms).toISOString());
    expect(parseZendeskWebhook(raw, at(NOW - 4 * MINUTE), testConfig, NOW).ok).toBe(true);
    for (const signedAt of [NOW - 6 * MINUTE, NOW + 6 * MINUTE]) {
      expect(parseZendeskWebhook(raw, at(signedAt), testConfig, NOW)).toMatchObject({
        status: 401,
        errors: [{ path: 'x-zendesk-webhook-signature-timestamp', message: expect.stringContaining('replay window of 300 s') }],
      });
    }
    const forged = { ...at(NOW - 6 * MINUTE), 'x-zendesk-webhook-signature': 'AAAA' };
    expect(parseZendeskWebhook(raw, forged, testConfig, NOW)).toMatchObject({ status: 401, errors: [{ path: 'x-zendesk-webhook-signature' }] });
  });
});

describe('the generic endpoint with a token instead of a signature', () => {
  const raw = asRaw(genericCreated);
  const tokenConfig = webhookConfigSchema.parse({
    generic: { sources: { [GENERIC_SOURCE]: { secrets: [GENERIC_SECRET], acceptTokenHeader: true } } },
  });

  it('takes the secret in X-Wallboard-Token from a source configured for it, and only the secret', () => {
    const headers = (token: string) => ({ 'x-wallboard-source': GENERIC_SOURCE, [TOKEN_HEADER]: token });
    expect(parseGenericWebhook(raw, headers(GENERIC_SECRET), tokenConfig, NOW).ok).toBe(true);
    expect(parseGenericWebhook(raw, headers(`${GENERIC_SECRET}x`), tokenConfig, NOW)).toMatchObject({ status: 401, errors: [{ path: TOKEN_HEADER }] });
  });

  it('refuses the token from a source that signs (the default)', () => {
    expect(parseGenericWebhook(raw, { 'x-wallboard-source': GENERIC_SOURCE, [TOKEN_HEADER]: GENERIC_SECRET }, testConfig, NOW)).toMatchObject({
      status: 401,
      errors: [{ path: 'x-wallboard-signature' }],
    });
  });
});
