import { hmacSha1, hmacSha256 } from './hmac';

/**
 * How each source signs a delivery. The adapters verify with these functions and
 * the simulator (and the tests) sign with them, so the two cannot drift apart.
 * Every function signs the exact bytes given: sign the body you send, not a
 * re-serialised copy.
 */

export const GENERIC_SIGNATURE_HEADER = 'x-wallboard-signature';
export const GENERIC_SOURCE_HEADER = 'x-wallboard-source';
export const ZENDESK_SIGNATURE_HEADER = 'x-zendesk-webhook-signature';
export const ZENDESK_TIMESTAMP_HEADER = 'x-zendesk-webhook-signature-timestamp';
export const JIRA_SIGNATURE_HEADER = 'x-hub-signature';
/** Plain shared-token alternative for senders that cannot sign (Jira Automation "Send web request", Freshdesk, generic sources that opt in). */
export const TOKEN_HEADER = 'x-wallboard-token';
export const ZAMMAD_SIGNATURE_HEADER = 'x-hub-signature';
/** Zammad's random id of one delivery (not repeated by its retries, so not an event id) */
export const ZAMMAD_DELIVERY_HEADER = 'x-zammad-delivery';
export const HELPSCOUT_SIGNATURE_HEADER = 'x-helpscout-signature';
export const HELPSCOUT_EVENT_HEADER = 'x-helpscout-event';

/** `sha256=<hex of HMAC-SHA256(secret, body)>`: the value of X-Wallboard-Signature. */
export function genericSignature(body: Buffer | string, secret: string): string {
  return `sha256=${hmacSha256(secret, [body]).toString('hex')}`;
}

/**
 * base64(HMAC-SHA256(secret, timestamp + body)): the value of
 * X-Zendesk-Webhook-Signature, where `timestamp` is the value sent in
 * X-Zendesk-Webhook-Signature-Timestamp (Zendesk sends ISO 8601, e.g. 2021-07-25T10:00:00Z).
 * https://developer.zendesk.com/documentation/webhooks/verifying/
 */
export function zendeskSignature(body: Buffer | string, secret: string, timestamp: string): string {
  return hmacSha256(secret, [timestamp, body]).toString('base64');
}

/**
 * `sha256=<hex of HMAC-SHA256(secret, body)>`: the value of X-Hub-Signature that
 * Jira Cloud sends for a webhook registered with a secret (WebSub method=signature).
 */
export function jiraSignature(body: Buffer | string, secret: string): string {
  return `sha256=${hmacSha256(secret, [body]).toString('hex')}`;
}

/**
 * `sha1=<hex of HMAC-SHA1(secret, body)>`: the value of X-Hub-Signature that
 * Zammad sends for a webhook with an "HMAC SHA1 Signature Token".
 */
export function zammadSignature(body: Buffer | string, secret: string): string {
  return `sha1=${hmacSha1(secret, [body]).toString('hex')}`;
}

/** base64(HMAC-SHA1(secret, body)): the value of X-HelpScout-Signature. */
export function helpScoutSignature(body: Buffer | string, secret: string): string {
  return hmacSha1(secret, [body]).toString('base64');
}

/** The headers a generic delivery from `sourceId` needs, besides Content-Type. */
export function signedGenericHeaders(body: Buffer | string, sourceId: string, secret: string): Record<string, string> {
  return {
    [GENERIC_SOURCE_HEADER]: sourceId,
    [GENERIC_SIGNATURE_HEADER]: genericSignature(body, secret),
  };
}

export function signedZendeskHeaders(body: Buffer | string, secret: string, timestamp: string): Record<string, string> {
  return {
    [ZENDESK_SIGNATURE_HEADER]: zendeskSignature(body, secret, timestamp),
    [ZENDESK_TIMESTAMP_HEADER]: timestamp,
  };
}

export function signedJiraHeaders(body: Buffer | string, secret: string): Record<string, string> {
  return { [JIRA_SIGNATURE_HEADER]: jiraSignature(body, secret) };
}

export function signedZammadHeaders(body: Buffer | string, secret: string): Record<string, string> {
  return { [ZAMMAD_SIGNATURE_HEADER]: zammadSignature(body, secret) };
}

export function signedHelpScoutHeaders(body: Buffer | string, secret: string, event: string): Record<string, string> {
  return { [HELPSCOUT_SIGNATURE_HEADER]: helpScoutSignature(body, secret), [HELPSCOUT_EVENT_HEADER]: event };
}

/** Freshdesk cannot sign a body: its rule sends the shared token as a custom header. */
export function freshdeskTokenHeaders(secret: string): Record<string, string> {
  return { [TOKEN_HEADER]: secret };
}

/** Wrike's handshake and signature header: hex HMAC-SHA256 of the handshake value, then of each body. */
export const WRIKE_HOOK_SECRET_HEADER = 'x-hook-secret';

export function wrikeSignature(bytes: Buffer | string, secret: string): string {
  return hmacSha256(secret, [bytes]).toString('hex');
}
