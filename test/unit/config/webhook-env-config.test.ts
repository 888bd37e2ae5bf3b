import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../server/config/env-config';

function webhookConfigFromEnv(env: Record<string, string>) {
  return loadConfig(env).ticketDesk.webhooks;
}

const SECRET = 'a-secret-of-sixteen+';
const NEXT_SECRET = 'the-next-secret-of-sixteen+';

describe('webhook configuration from the environment (loadConfig)', () => {
  it('configures no source at all from an empty environment, with a 256 KiB cap', () => {
    expect(webhookConfigFromEnv({})).toEqual({ maxBodyBytes: 262144, maxFutureSec: 300, generic: { sources: {} }, escalationDefaultLine: 'L2' });
  });

  it('makes WEBHOOK_SECRET_GENERIC the source "default" and WEBHOOK_SECRET_GENERIC_<ID> the source <id>', () => {
    const config = webhookConfigFromEnv({
      WEBHOOK_SECRET_GENERIC: SECRET,
      WEBHOOK_SECRET_GENERIC_HELP_DESK: `${SECRET}, ${NEXT_SECRET}`,
      WEBHOOK_MAX_BODY_BYTES: '65536',
    });
    expect(config.generic.sources).toEqual({
      default: { secrets: [SECRET], acceptTokenHeader: false },
      'help-desk': { secrets: [SECRET, NEXT_SECRET], acceptTokenHeader: false },
    });
    expect(config.maxBodyBytes).toBe(65536);
  });

  it('lets the generic sources named in WEBHOOK_GENERIC_TOKEN_SOURCES send their secret as a token', () => {
    const config = webhookConfigFromEnv({
      WEBHOOK_SECRET_GENERIC: SECRET,
      WEBHOOK_SECRET_GENERIC_HELP_DESK: SECRET,
      WEBHOOK_GENERIC_TOKEN_SOURCES: 'help-desk',
    });
    expect(config.generic.sources['help-desk']?.acceptTokenHeader).toBe(true);
    expect(config.generic.sources.default?.acceptTokenHeader).toBe(false);
  });

  it('takes the clock limits: how far ahead an event may be, and Zendesk\'s replay window', () => {
    const config = webhookConfigFromEnv({ ZENDESK_WEBHOOK_SECRET: SECRET, WEBHOOK_MAX_FUTURE_SEC: '60', ZENDESK_REPLAY_WINDOW_SEC: '120' });
    expect(config.maxFutureSec).toBe(60);
    expect(config.zendesk?.replayWindowSec).toBe(120);
    expect(() => webhookConfigFromEnv({ ZENDESK_REPLAY_WINDOW_SEC: '1' })).toThrow(/ZENDESK_REPLAY_WINDOW_SEC/);
  });

  it('configures Zammad, Freshdesk and Help Scout alike, each only with its secret', () => {
    const config = webhookConfigFromEnv({
      ZAMMAD_WEBHOOK_SECRET: SECRET,
      ZAMMAD_GROUP_LINES: 'Service Desk=L1,2nd Level=L2',
      ZAMMAD_STATUS_NAMES: 'waiting for vendor=onHold',
      FRESHDESK_WEBHOOK_SECRET: NEXT_SECRET,
      FRESHDESK_TIME_ZONE: 'Asia/Kolkata',
      FRESHDESK_DEFAULT_LINE: 'L2',
      HELPSCOUT_GROUP_LINES: '250001=L1',
    });
    expect(config.zammad).toMatchObject({
      secrets: [SECRET],
      groupLines: { 'service desk': 'L1', '2nd level': 'L2' },
      statusNames: { 'waiting for vendor': 'onHold' },
      defaultLine: 'L1',
    });
    expect(config.freshdesk).toMatchObject({ secrets: [NEXT_SECRET], timeZone: 'Asia/Kolkata', defaultLine: 'L2' });
    expect(config.helpscout, 'no secret, no source').toBeUndefined();
    expect(() => webhookConfigFromEnv({ FRESHDESK_WEBHOOK_SECRET: SECRET, FRESHDESK_TIME_ZONE: 'Mars/Olympus' })).toThrow(/FRESHDESK_TIME_ZONE/);
  });

  it('configures Zendesk with its group map', () => {
    const config = webhookConfigFromEnv({
      ZENDESK_WEBHOOK_SECRET: SECRET,
      ZENDESK_GROUP_LINES: '360001=L1, 360002=L2,360003=L3',
      ZENDESK_DEFAULT_LINE: 'L2',
      ZENDESK_CHANNEL_NAMES: 'Carrier_Pigeon=messenger',
    });
    expect(config.zendesk).toMatchObject({
      secrets: [SECRET],
      groupLines: { '360001': 'L1', '360002': 'L2', '360003': 'L3' },
      channelNames: { carrier_pigeon: 'messenger' },
      defaultLine: 'L2',
      defaultChannel: 'portal',
      defaultPriority: 'medium',
    });
  });

  it('configures Jira with its fields and name maps, keys matched case-insensitively', () => {
    const config = webhookConfigFromEnv({
      JIRA_WEBHOOK_SECRET: SECRET,
      JIRA_ACCEPT_TOKEN_HEADER: 'true',
      JIRA_STATUS_NAMES: 'Awaiting Vendor=onHold,Triage=new',
      JIRA_PRIORITY_NAMES: 'P1 - Critical=high',
      JIRA_LINE_FIELD: 'customfield_10050',
      JIRA_LINE_NAMES: 'Tier 2=L2',
      JIRA_CHANNEL_FIELD: 'customfield_10060',
      JIRA_CHANNEL_NAMES: 'Telegram=messenger',
    });
    expect(config.jira).toMatchObject({
      secrets: [SECRET],
      acceptTokenHeader: true,
      statusNames: { 'awaiting vendor': 'onHold', triage: 'new' },
      priorityNames: { 'p1 - critical': 'high' },
      lineField: 'customfield_10050',
      lineNames: { 'tier 2': 'L2' },
      channelField: 'customfield_10060',
      channelNames: { telegram: 'messenger' },
    });
  });

  it('refuses to start with a short secret, an unknown line or a malformed map, naming the variable', () => {
    expect(() => webhookConfigFromEnv({ ZENDESK_WEBHOOK_SECRET: 'short' })).toThrow(
      /ZENDESK_WEBHOOK_SECRET: 0: a webhook secret must be at least 16 characters \(value not shown\)/,
    );
    expect(() => webhookConfigFromEnv({ ZENDESK_WEBHOOK_SECRET: SECRET, ZENDESK_GROUP_LINES: '360001=L4' })).toThrow(
      /ZENDESK_GROUP_LINES: 360001: .*got "360001=L4"/,
    );
    expect(() => webhookConfigFromEnv({ JIRA_WEBHOOK_SECRET: SECRET, JIRA_STATUS_NAMES: 'Open' })).toThrow(
      /JIRA_STATUS_NAMES: "Open" is not name=value, got "Open"/,
    );
    expect(() => webhookConfigFromEnv({ JIRA_WEBHOOK_SECRET: SECRET, JIRA_STATUS_NAMES: 'Open=hold' })).toThrow(/JIRA_STATUS_NAMES: Open: /);
    expect(() => webhookConfigFromEnv({ WEBHOOK_SECRET_GENERIC_BAD$ID: SECRET })).toThrow(
      /WEBHOOK_SECRET_GENERIC_BAD\$ID: names the source "bad\$id": a source id is/,
    );
    expect(() => webhookConfigFromEnv({ WEBHOOK_MAX_BODY_BYTES: 'lots' })).toThrow(
      /WEBHOOK_MAX_BODY_BYTES: expected a whole number 1024\.\.16777216, got "lots"/,
    );
    expect(() => webhookConfigFromEnv({ JIRA_WEBHOOK_SECRET: SECRET, JIRA_ACCEPT_TOKEN_HEADER: 'maybe' })).toThrow(
      /JIRA_ACCEPT_TOKEN_HEADER: expected on or off .*, got "maybe"/,
    );
  });
});
