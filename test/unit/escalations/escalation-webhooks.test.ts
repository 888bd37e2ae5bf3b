import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseJiraDevWebhook } from '../../../server/ingest/escalations/jira-dev-webhook';
import { parseWrikeWebhook } from '../../../server/ingest/escalations/wrike-webhook';
import { signedJiraHeaders } from '../../../server/ingest/webhooks/sign';
import { webhookConfigSchema } from '../../../server/ingest/webhooks/webhook-config';

const WRIKE_SECRET = 'wrike-webhook-secret-0123';
const JIRA_DEV_SECRET = 'jira-dev-webhook-secret-0123';
const NOW = Date.parse('2025-03-04T16:00:00Z');
const config = webhookConfigSchema.parse({
  wrike: { secrets: [WRIKE_SECRET], ticketField: 'IEAGIITRJUAC6YQF' },
  jiraDev: { secrets: [JIRA_DEV_SECRET], projectKeys: ['DEV'] },
});

const bytes = (desk: string, name: string) => readFileSync(`test/fixtures/webhooks/${desk}/${name}.json`);
const hexHmac = (secret: string, value: Buffer | string) => createHmac('sha256', secret).update(value).digest('hex');

function wrike(name: string, now = NOW) {
  const body = bytes('wrike', name);
  return parseWrikeWebhook(body, { 'x-hook-secret': hexHmac(WRIKE_SECRET, body) }, config, now);
}

function jiraDev(name: string) {
  const body = bytes('jira-dev', name);
  return parseJiraDevWebhook(body, signedJiraHeaders(body, JIRA_DEV_SECRET), config, NOW);
}

function eventsOf(result: ReturnType<typeof wrike> | ReturnType<typeof jiraDev>) {
  if (!result.ok || !('events' in result)) throw new Error(`expected events, got ${JSON.stringify(result)}`);
  return result.events;
}

describe('Wrike webhooks', () => {
  it('answers the handshake with HMAC-SHA256 of the value it was sent, and will not sign anything else', () => {
    const body = bytes('wrike', 'handshake');
    expect(parseWrikeWebhook(body, { 'x-hook-secret': 'd6b1a0c2f3e4' }, config, NOW)).toEqual({ ok: true, handshake: hexHmac(WRIKE_SECRET, 'd6b1a0c2f3e4') });
    const forgedBody = '[{"taskId":"X","eventType":"TaskDeleted","lastUpdatedDate":"2025-03-04T10:00:00Z"}]';
    expect(parseWrikeWebhook(body, { 'x-hook-secret': forgedBody }, config, NOW)).toMatchObject({ ok: false, status: 400 });
  });

  it('opens an escalation on TaskCreated and links it from the ticket id at the start of the title', () => {
    expect(eventsOf(wrike('task-created'))).toEqual([
      expect.objectContaining({ tracker: 'wrike', taskId: 'IEAGIITRKQAYT5HD', kind: 'escalation.opened', ticketRef: null, occurredAt: Date.parse('2025-03-04T10:00:12Z') }),
      expect.objectContaining({ kind: 'escalation.linked', ticketRef: '5158' }),
    ]);
  });

  it('links from the configured custom field, with the desk named', () => {
    expect(eventsOf(wrike('custom-field-changed'))).toEqual([expect.objectContaining({ kind: 'escalation.linked', ticketRef: 'zendesk:5160' })]);
  });

  it('takes Completed as back with support, Active again as reopened, TaskDeleted as deleted, and ignores the rest', () => {
    expect(eventsOf(wrike('status-completed')).map((e) => e.kind)).toEqual(['escalation.cameBack']);
    expect(eventsOf(wrike('status-reopened')).map((e) => e.kind)).toEqual(['escalation.reopened']);
    expect(eventsOf(wrike('task-deleted')).map((e) => e.kind)).toEqual(['escalation.deleted']);
  });

  it('refuses a body whose X-Hook-Secret is not its signature, and an event time in the future naming its place', () => {
    const body = bytes('wrike', 'status-completed');
    expect(parseWrikeWebhook(body, { 'x-hook-secret': hexHmac('another-secret-0000', body) }, config, NOW)).toMatchObject({ status: 401 });
    expect(wrike('status-completed', Date.parse('2025-03-04T12:00:00Z'))).toMatchObject({ status: 400, errors: [{ path: '0.lastUpdatedDate' }] });
  });
});

describe('Jira Software escalations', () => {
  it('opens an issue of a configured project, linked by the ticket key in its summary', () => {
    expect(eventsOf(jiraDev('issue-created'))).toEqual([
      expect.objectContaining({ tracker: 'jira', taskId: '20417', kind: 'escalation.opened', ticketRef: 'SD-17', occurredAt: 1741083127797 }),
    ]);
  });

  it('takes a move into the done category as back with support, and a deletion as deleted', () => {
    expect(eventsOf(jiraDev('issue-done')).map((e) => e.kind)).toEqual(['escalation.linked', 'escalation.cameBack']);
    expect(eventsOf(jiraDev('issue-deleted')).map((e) => e.kind)).toEqual(['escalation.deleted']);
  });

  it('ignores issues of other projects', () => {
    expect(eventsOf(jiraDev('other-project'))).toEqual([]);
  });
});
