import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../server/config/env-config';

const SECRET = 'a-secret-of-sixteen+';
const TOKEN = 'api-token-never-shown';
const deskApis = (env: Record<string, string>) => loadConfig(env).ticketDesk.deskApis;

describe('the desks REST APIs from the environment (loadConfig)', () => {
  it('reads no desk API by default, every 15 minutes and 14 days back once one is set', () => {
    expect(deskApis({})).toEqual({ zendesk: null, jira: null, reconcileEveryMs: 15 * 60_000, backfillDays: 14 });
  });

  it('takes URL, user and token per desk (a trailing slash dropped), the JQL, the period and the backfill days', () => {
    const config = deskApis({
      ZENDESK_WEBHOOK_SECRET: SECRET,
      ZENDESK_API_URL: 'https://acme.zendesk.com/',
      ZENDESK_API_USER: 'board@acme.example',
      ZENDESK_API_TOKEN: TOKEN,
      JIRA_WEBHOOK_SECRET: SECRET,
      JIRA_API_URL: 'https://acme.atlassian.net',
      JIRA_API_USER: 'board@acme.example',
      JIRA_API_TOKEN: TOKEN,
      JIRA_API_JQL: 'project = SD',
      DESK_RECONCILE_MINUTES: '5',
      DESK_BACKFILL_DAYS: '30',
    });
    expect(config).toEqual({
      zendesk: { baseUrl: 'https://acme.zendesk.com', user: 'board@acme.example', token: TOKEN },
      jira: { baseUrl: 'https://acme.atlassian.net', user: 'board@acme.example', token: TOKEN, jql: 'project = SD' },
      reconcileEveryMs: 5 * 60_000,
      backfillDays: 30,
    });
  });

  it('refuses a desk API without its user and token, or without the webhook whose settings map its tickets', () => {
    expect(() => deskApis({ ZENDESK_WEBHOOK_SECRET: SECRET, ZENDESK_API_URL: 'https://acme.zendesk.com' })).toThrow(
      /ZENDESK_API_URL, ZENDESK_API_USER and ZENDESK_API_TOKEN go together/,
    );
    expect(() => deskApis({ JIRA_API_URL: 'https://acme.atlassian.net', JIRA_API_USER: 'u', JIRA_API_TOKEN: TOKEN })).toThrow(
      /JIRA_WEBHOOK_SECRET is needed too/,
    );
  });

  it('names a bad value without showing a token', () => {
    expect(() => deskApis({ DESK_RECONCILE_MINUTES: '0' })).toThrow(/DESK_RECONCILE_MINUTES: .*got "0"/);
    expect(() => deskApis({ JIRA_API_URL: 'ftp://x' })).toThrow(/JIRA_API_URL/);
    const refused = (() => {
      try {
        deskApis({ ZENDESK_API_TOKEN: TOKEN, ZENDESK_API_URL: 'not a url' });
      } catch (error) {
        return (error as Error).message;
      }
      return '';
    })();
    expect(refused).toMatch(/ZENDESK_API_URL/);
    expect(refused).not.toContain(TOKEN);
  });
});
