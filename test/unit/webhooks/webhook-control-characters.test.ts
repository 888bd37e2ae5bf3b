import { describe, expect, it } from 'vitest';
import { controlCharacterProblems } from '../../../server/ingest/webhooks/control-characters';
import { genericCreated, JIRA_TIMESTAMP, jiraIssue, postGeneric, postJira, postZendesk, zendeskDetail, zendeskEvent } from './webhook-fixtures';

describe('webhook bodies with control characters', () => {
  it('refuses a generic delivery with NUL in a field, naming the field', () => {
    expect(postGeneric({ ...genericCreated, subject: 'Printer\u0000 on fire' })).toEqual({
      ok: false,
      status: 400,
      errors: [{ path: 'subject', message: 'holds control character U+0000 at position 7' }],
    });
  });

  it('refuses a Zendesk delivery with an escape character deep in a field the board does not read', () => {
    const body = zendeskEvent('ticket.created', { meta: {} }, zendeskDetail({ description: 'ok', tags: ['a', 'b\u001b[31m'] }));
    expect(postZendesk(body)).toMatchObject({ status: 400, errors: [{ path: 'detail.tags.1', message: expect.stringMatching(/U\+001B at position 1$/) }] });
  });

  it('refuses a Jira delivery with DEL in a field', () => {
    const body = { timestamp: JIRA_TIMESTAMP, webhookEvent: 'jira:issue_created', issue: jiraIssue({ summary: 'Broken\u007f' }) };
    expect(postJira(body)).toMatchObject({ status: 400, errors: [{ path: 'issue.fields.summary', message: expect.stringContaining('U+007F') }] });
  });

  it('accepts tabs, line breaks and every other character', () => {
    expect(postGeneric({ ...genericCreated, subject: 'line one\r\n\tline two – ünïcödé \u0080 \u2028' })).toMatchObject({ ok: true });
  });

  it('names a key holding one without repeating the character, and stops at the limit', () => {
    expect(controlCharacterProblems({ a: { 'k\u0001': 'v\u0002' } }, 5)).toEqual([
      { path: 'a.k\\u0001', message: 'the key holds control character U+0001 at position 1' },
      { path: 'a.k\\u0001', message: 'holds control character U+0002 at position 1' },
    ]);
    expect(controlCharacterProblems(Array.from({ length: 30 }, () => '\u0000'), 20)).toHaveLength(20);
  });
});
