import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseGenericWebhook } from '../../../server/ingest/webhooks/generic-webhook';
import { parseJiraWebhook } from '../../../server/ingest/webhooks/jira-webhook';
import { genericSignature, jiraSignature, zendeskSignature } from '../../../server/ingest/webhooks/sign';
import { webhookConfigSchema } from '../../../server/ingest/webhooks/webhook-config';
import { parseZendeskWebhook } from '../../../server/ingest/webhooks/zendesk-webhook';
import {
  asRaw,
  GENERIC_NEXT_SECRET,
  GENERIC_SECRET,
  GENERIC_SOURCE,
  genericCreated,
  JIRA_SECRET,
  jiraUpdated,
  testConfig,
  ZENDESK_SECRET,
  ZENDESK_TIMESTAMP,
  zendeskEvent,
  NOW,
} from './webhook-fixtures';

// Expected signatures are computed here with node:crypto, independently of sign.ts.
const hexHmac = (secret: string, ...parts: (string | Buffer)[]) => {
  const mac = createHmac('sha256', secret);
  for (const part of parts) mac.update(part);
  return mac.digest('hex');
};
const base64Hmac = (secret: string, ...parts: (string | Buffer)[]) =>
  Buffer.from(hexHmac(secret, ...parts), 'hex').toString('base64');

describe('generic webhook signature (X-Wallboard-Signature: sha256=<hex HMAC of the raw body>)', () => {
  const raw = asRaw(genericCreated);
  const headers = (signature: string | undefined, source: string | null = GENERIC_SOURCE) => ({
    ...(source === null ? {} : { 'x-wallboard-source': source }),
    ...(signature === undefined ? {} : { 'x-wallboard-signature': signature }),
  });

  it('signs sha256=<hex> of the raw bytes', () => {
    expect(genericSignature(raw, GENERIC_SECRET)).toBe(`sha256=${hexHmac(GENERIC_SECRET, raw)}`);
  });

  it('accepts a body signed with the source secret, and with a second secret during rotation', () => {
    expect(parseGenericWebhook(raw, headers(`sha256=${hexHmac(GENERIC_SECRET, raw)}`), testConfig, NOW).ok).toBe(true);
    expect(parseGenericWebhook(raw, headers(`sha256=${hexHmac(GENERIC_NEXT_SECRET, raw)}`), testConfig, NOW).ok).toBe(true);
  });

  it('accepts upper-case hex and names in any header case', () => {
    const signature = `sha256=${hexHmac(GENERIC_SECRET, raw).toUpperCase()}`;
    const result = parseGenericWebhook(raw, { 'X-Wallboard-Source': GENERIC_SOURCE, 'X-Wallboard-Signature': signature }, testConfig, NOW);
    expect(result.ok).toBe(true);
  });

  it('rejects with 401 a tampered body, a wrong secret, a bare hex digest and a missing header', () => {
    const good = `sha256=${hexHmac(GENERIC_SECRET, raw)}`;
    const tampered = Buffer.from(raw.toString().replace('Printer', 'Plotter'));
    expect(parseGenericWebhook(tampered, headers(good), testConfig, NOW)).toMatchObject({ ok: false, status: 401 });
    expect(parseGenericWebhook(raw, headers(`sha256=${hexHmac('another-secret-0123456789', raw)}`), testConfig, NOW)).toMatchObject({
      ok: false,
      status: 401,
    });
    expect(parseGenericWebhook(raw, headers(hexHmac(GENERIC_SECRET, raw)), testConfig, NOW)).toMatchObject({ ok: false, status: 401 });
    expect(parseGenericWebhook(raw, headers(undefined), testConfig, NOW)).toEqual({
      ok: false,
      status: 401,
      errors: [{ path: 'x-wallboard-signature', message: 'missing signature header' }],
    });
  });

  it('rejects a signature sent twice (which one was meant?) with 401', () => {
    const good = `sha256=${hexHmac(GENERIC_SECRET, raw)}`;
    const result = parseGenericWebhook(raw, { 'x-wallboard-source': GENERIC_SOURCE, 'x-wallboard-signature': [good, good] }, testConfig, NOW);
    expect(result).toMatchObject({ ok: false, status: 401 });
  });

  it('answers 404 for an unknown or missing source, before looking at the signature', () => {
    const good = `sha256=${hexHmac(GENERIC_SECRET, raw)}`;
    expect(parseGenericWebhook(raw, headers(good, 'nobody'), testConfig, NOW)).toMatchObject({
      ok: false,
      status: 404,
      errors: [{ path: 'x-wallboard-source' }],
    });
    expect(parseGenericWebhook(raw, headers(good, null), testConfig, NOW)).toMatchObject({ ok: false, status: 404 });
    // a prototype property is not a configured source
    expect(parseGenericWebhook(raw, headers(good, 'constructor'), testConfig, NOW)).toMatchObject({ ok: false, status: 404 });
  });

  it('checks the signature on the raw bytes before parsing: an unsigned non-JSON body is 401, not 400', () => {
    expect(parseGenericWebhook(Buffer.from('{not json'), headers('sha256=00'), testConfig, NOW)).toMatchObject({ status: 401 });
  });
});

describe('Zendesk webhook signature (base64 HMAC-SHA256 of timestamp + raw body)', () => {
  const raw = asRaw(zendeskEvent('ticket.status_changed', { current: 'SOLVED', previous: 'OPEN' }));
  const expected = base64Hmac(ZENDESK_SECRET, ZENDESK_TIMESTAMP, raw);

  it('signs as Zendesk documents: base64(HMACSHA256(TIMESTAMP + BODY))', () => {
    expect(zendeskSignature(raw, ZENDESK_SECRET, ZENDESK_TIMESTAMP)).toBe(expected);
  });

  it('accepts a correctly signed delivery', () => {
    const result = parseZendeskWebhook(
      raw,
      { 'x-zendesk-webhook-signature': expected, 'x-zendesk-webhook-signature-timestamp': ZENDESK_TIMESTAMP },
      testConfig,
      NOW,
    );
    expect(result.ok).toBe(true);
  });

  it('rejects with 401 a tampered body, a changed timestamp, the body-then-timestamp order and missing headers', () => {
    const tampered = Buffer.from(raw.toString().replace('SOLVED', 'CLOSED'));
    const cases = [
      { body: tampered, signature: expected, timestamp: ZENDESK_TIMESTAMP },
      { body: raw, signature: expected, timestamp: '2025-01-08T14:25:31Z' },
      { body: raw, signature: base64Hmac(ZENDESK_SECRET, raw, ZENDESK_TIMESTAMP), timestamp: ZENDESK_TIMESTAMP },
      { body: raw, signature: undefined, timestamp: ZENDESK_TIMESTAMP },
      { body: raw, signature: expected, timestamp: undefined },
    ];
    for (const { body, signature, timestamp } of cases) {
      const headers = {
        ...(signature === undefined ? {} : { 'x-zendesk-webhook-signature': signature }),
        ...(timestamp === undefined ? {} : { 'x-zendesk-webhook-signature-timestamp': timestamp }),
      };
      expect(parseZendeskWebhook(body, headers, testConfig, NOW)).toMatchObject({ ok: false, status: 401 });
    }
  });

  it('answers 404 when no Zendesk secret is configured', () => {
    const config = webhookConfigSchema.parse({});
    const headers = { 'x-zendesk-webhook-signature': expected, 'x-zendesk-webhook-signature-timestamp': ZENDESK_TIMESTAMP };
    expect(parseZendeskWebhook(raw, headers, config, NOW)).toMatchObject({ ok: false, status: 404 });
  });
});

describe('Jira webhook signature (X-Hub-Signature: sha256=<hex HMAC of the raw body>)', () => {
  const raw = asRaw(jiraUpdated([{ field: 'priority', fieldId: 'priority', fromString: 'High', toString: 'Low' }]));

  it("reproduces GitHub's published vector for the same WebSub scheme", () => {
    // https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries
    const secret = "It's a Secret to Everybody";
    const vector = 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17';
    expect(jiraSignature(Buffer.from('Hello, World!'), secret)).toBe(vector);
    // The verifier agrees: the body gets past the signature (401) and fails only as not JSON (400).
    const config = webhookConfigSchema.parse({ jira: { secrets: [secret] } });
    const result = parseJiraWebhook(Buffer.from('Hello, World!'), { 'x-hub-signature': vector }, config, NOW);
    expect(result).toMatchObject({ ok: false, status: 400, errors: [{ path: '' }] });
  });

  it('accepts a body signed with the Jira secret', () => {
    const result = parseJiraWebhook(raw, { 'x-hub-signature': `sha256=${hexHmac(JIRA_SECRET, raw)}` }, testConfig, NOW);
    expect(result.ok).toBe(true);
  });

  it('rejects with 401 a tampered body and a missing header', () => {
    const signature = `sha256=${hexHmac(JIRA_SECRET, raw)}`;
    const tampered = Buffer.from(raw.toString().replace('"Low"', '"Highest"'));
    expect(parseJiraWebhook(tampered, { 'x-hub-signature': signature }, testConfig, NOW)).toMatchObject({ status: 401 });
    expect(parseJiraWebhook(raw, {}, testConfig, NOW)).toMatchObject({
      status: 401,
      errors: [{ path: 'x-hub-signature', message: 'missing signature header' }],
    });
  });

  it('accepts the secret as X-Wallboard-Token only when the configuration allows it', () => {
    expect(parseJiraWebhook(raw, { 'x-wallboard-token': JIRA_SECRET }, testConfig, NOW)).toMatchObject({ status: 401 });
    const tokenConfig = webhookConfigSchema.parse({ jira: { secrets: [JIRA_SECRET], acceptTokenHeader: true } });
    expect(parseJiraWebhook(raw, { 'x-wallboard-token': JIRA_SECRET }, tokenConfig, NOW).ok).toBe(true);
    expect(parseJiraWebhook(raw, { 'x-wallboard-token': `${JIRA_SECRET}x` }, tokenConfig, NOW)).toMatchObject({
      status: 401,
      errors: [{ path: 'x-wallboard-token' }],
    });
  });

  it('answers 404 when no Jira secret is configured', () => {
    const signature = `sha256=${hexHmac(JIRA_SECRET, raw)}`;
    expect(parseJiraWebhook(raw, { 'x-hub-signature': signature }, webhookConfigSchema.parse({}), NOW)).toMatchObject({ status: 404 });
  });
});
