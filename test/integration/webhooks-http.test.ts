/**
 * The ticket webhooks end to end: a real wallboard (HTTP, ticket aggregator,
 * RedisLiveStore on the test run's Redis, snapshot service), deliveries signed
 * as each desk signs them, and what /api/snapshot and /metrics show after.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveSnapshot } from '../../shared/snapshot';
import { QueueSettingsBook } from '../../server/config/queue-settings';
import { loadSlaPolicies } from '../../server/domain/sla/load-sla-policies';
import { signedGenericHeaders, signedJiraHeaders, signedZendeskHeaders } from '../../server/ingest/webhooks/sign';
import { CLOCK_WINDOW_SEC_RANGE } from '../../server/ingest/webhooks/webhook-config';
import { createLogger } from '../../server/observability/logger';
import { RedisLiveStore } from '../../server/store/redis-live-store';
import { startWallboard, type RunningWallboard } from '../../server/wallboard';
import { apiErrorSchema } from '../../shared/api-error';
import { redisConnection, redisUrl, uniqueKeyPrefix, uniqueSite, testWallboardConfig } from '../support/services';
import { registerSecrets } from '../support/run-log';
import { credentialsFor, type TestCredentials } from '../support/test-credentials';
import {
  GENERIC_SECRET,
  GENERIC_SOURCE,
  JIRA_SECRET,
  JIRA_TIMESTAMP,
  jiraIssue,
  jiraServerComment,
  testConfig,
  ZENDESK_SECRET,
  ZENDESK_TIMESTAMP,
  zendeskEvent,
  zendeskMessageAdded,
} from '../unit/webhooks/webhook-fixtures';

const MINUTE = 60_000;
/** the board's clock stands still at 10:50 UTC on 2025-01-08, a Wednesday: no test depends on wall time */
const NOW = Date.UTC(2025, 0, 8, 10, 50);
const MAX_BODY_BYTES = 4096;

let wallboard: RunningWallboard;
let redis: Redis;
let admin: TestCredentials;

beforeAll(async () => {
  registerSecrets(GENERIC_SECRET, JIRA_SECRET, ZENDESK_SECRET);
  redis = new Redis(redisUrl());
  const config = testWallboardConfig({ redis: redisConnection(), site: uniqueSite('webhooks') });
  wallboard = await startWallboard({
    config,
    ami: null,
    logger: createLogger('silent'),
    clock: () => NOW,
    store: new RedisLiveStore(redis, { keyPrefix: uniqueKeyPrefix('webhooks') }),
    queueSettings: QueueSettingsBook.parse({ queues: {} }),
    clientDir: '/nonexistent',
    tickets: {
      policies: loadSlaPolicies('config/sla-policies.json'),
      // The fixtures were signed and stamped at 14:25; the clock stands at 10:50 for the SLA figures:
      // the clock checks (unit-tested in event-time-bounds.test.ts) are as lenient as allowed here.
      webhooks: {
        ...testConfig,
        maxBodyBytes: MAX_BODY_BYTES,
        maxFutureSec: CLOCK_WINDOW_SEC_RANGE.max,
        zendesk: { ...testConfig.zendesk!, replayWindowSec: CLOCK_WINDOW_SEC_RANGE.max },
      },
      slaTargetPct: 90,
    },
  });
  admin = await credentialsFor(wallboard, 'admin');
});

afterAll(async () => {
  await wallboard?.close();
  await redis?.quit();
});

async function post(path: string, body: string, headers: Record<string, string>): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${wallboard.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return { status: response.status, json: await response.json() };
}

const postGeneric = (body: string, secret = GENERIC_SECRET, source = GENERIC_SOURCE) =>
  post('/api/webhooks/tickets', body, signedGenericHeaders(body, source, secret));

const genericBody = (fields: Record<string, unknown>) =>
  JSON.stringify({ occurredAt: new Date(NOW - 50 * MINUTE).toISOString(), ...fields });

async function snapshot(): Promise<LiveSnapshot> {
  const response = await fetch(`${wallboard.url}/api/snapshot`, { headers: admin.headers });
  expect(response.status).toBe(200);
  return (await response.json()) as LiveSnapshot;
}

/** seq and tickets: what a refused or repeated delivery must leave as it was */
async function deskState() {
  const { seq, tickets } = await snapshot();
  return { seq, tickets };
}

async function rejections(kind: string, status: number): Promise<number> {
  const text = await (await fetch(`${wallboard.url}/metrics`, { headers: admin.headers })).text();
  const line = text.split('\n').find((l) => l.startsWith(`wallboard_input_rejected_total{source="webhook:${kind}",reason="${status}"}`));
  return line === undefined ? 0 : Number(line.split(' ').at(-1));
}

const OK = (counts: Partial<Record<'accepted' | 'duplicates' | 'stale' | 'ignored', number>>) => ({
  status: 'ok',
  accepted: 0,
  duplicates: 0,
  stale: 0,
  ignored: 0,
  ...counts,
});

describe('ticket webhooks on a running wallboard', () => {
  // email high: first response due 30 minutes after creation, on a 24/7 calendar
  const created = genericBody({ eventId: 'evt-T1', ticketId: 'T-1', kind: 'created', subject: 'Printer on fire', priority: 'high', channel: 'email' });

  it('shows an empty desk before the first delivery', async () => {
    const { tickets } = await snapshot();
    expect(tickets).toMatchObject({ open: 0, breached: 0, atRisk: [], today: { created: 0 } });
  });

  it('accepts a signed generic delivery once it is in the store, and the ticket shows on the board', async () => {
    expect(await postGeneric(created)).toEqual({ status: 200, json: OK({ accepted: 1 }) });
    const { tickets } = await snapshot();
    expect(tickets).toMatchObject({ open: 1, openByPriority: { high: 1 }, breached: 1, today: { created: 1 } });
    expect(tickets?.atRisk).toContainEqual(
      expect.objectContaining({ id: 'T-1', subject: 'Printer on fire', clock: 'firstResponse', breached: true, dueAt: new Date(NOW - 20 * MINUTE).toISOString() }),
    );
  });

  it('acknowledges a re-delivery as a duplicate and changes nothing', async () => {
    const before = await deskState();
    expect(await postGeneric(created)).toEqual({ status: 200, json: OK({ duplicates: 1 }) });
    expect(await deskState()).toEqual(before);
  });

  it('accepts a signed Zendesk delivery', async () => {
    const body = JSON.stringify(zendeskEvent('ticket.created', { meta: {} }, { id: '5158', updated_at: '2025-01-08T10:12:07Z', created_at: '2025-01-08T10:12:07Z' }));
    const reply = await post('/api/webhooks/zendesk', body, signedZendeskHeaders(body, ZENDESK_SECRET, ZENDESK_TIMESTAMP));
    expect(reply).toEqual({ status: 200, json: OK({ accepted: 1 }) });
    expect((await snapshot()).tickets?.atRisk.map((entry) => entry.id)).toContain('5158');
  });

  it('accepts a signed Jira delivery', async () => {
    const body = JSON.stringify({ timestamp: JIRA_TIMESTAMP, webhookEvent: 'jira:issue_created', issue_event_type_name: 'issue_created', user: { accountId: 'cust-1' }, issue: jiraIssue() });
    const before = (await snapshot()).tickets;
    expect(await post('/api/webhooks/jira', body, signedJiraHeaders(body, JIRA_SECRET))).toEqual({ status: 200, json: OK({ accepted: 1 }) });
    const { tickets } = await snapshot();
    expect(tickets?.atRisk).toContainEqual(expect.objectContaining({ id: '10042', line: 'L2', subject: 'VPN drops every hour' }));
    expect(tickets?.openByLine.L2).toBe((before?.openByLine.L2 ?? 0) + 1);
  });

  it('does not roll a ticket back when an older update arrives after a newer one, and counts it as stale', async () => {
    const story = (fields: Record<string, unknown>, minutesAgo: number) =>
      genericBody({ ticketId: 'T-2', occurredAt: new Date(NOW - minutesAgo * MINUTE).toISOString(), ...fields });
    expect(await postGeneric(story({ eventId: 'T2-a', kind: 'created', priority: 'medium', channel: 'email' }, 40))).toEqual({
      status: 200,
      json: OK({ accepted: 1 }),
    });
    expect(await postGeneric(story({ eventId: 'T2-c', kind: 'status_changed', status: 'pending' }, 20))).toEqual({ status: 200, json: OK({ accepted: 1 }) });
    const before = (await snapshot()).tickets;
    expect(before?.openByStatus.pending).toBe(1);

    // sent at 30 minutes ago, delivered after the change of 20 minutes ago
    expect(await postGeneric(story({ eventId: 'T2-b', kind: 'status_changed', status: 'open' }, 30))).toEqual({ status: 200, json: OK({ stale: 1 }) });
    expect(await postGeneric(story({ eventId: 'T2-d', kind: 'priority_changed', priority: 'low' }, 25))).toEqual({ status: 200, json: OK({ stale: 1 }) });
    const after = (await snapshot()).tickets;
    expect(after).toEqual(before);
    expect(after?.openByPriority.low).toBe(0);
  });

  it("answers 2xx to Jira Server's comment_created, which has no issue, and applies it to the issue in comment.self as its author's reply", async () => {
    const postJira = (body: string) => post('/api/webhooks/jira', body, signedJiraHeaders(body, JIRA_SECRET));
    const issue = JSON.stringify({ timestamp: JIRA_TIMESTAMP, webhookEvent: 'jira:issue_created', issue: { ...jiraIssue(), id: '10010' } });
    expect(await postJira(issue)).toEqual({ status: 200, json: OK({ accepted: 1 }) });
    const refusedBefore = await rejections('jira', 400);
    expect(await postJira(JSON.stringify(jiraServerComment()))).toEqual({ status: 200, json: OK({ accepted: 1 }) });
    const byCustomer = jiraServerComment({ name: 'cust', accountType: 'customer' });
    expect(await postJira(JSON.stringify({ ...byCustomer, comment: { ...byCustomer.comment, id: '10101' } }))).toEqual({
      status: 200,
      json: OK({ accepted: 1 }),
    });
    expect(await rejections('jira', 400)).toBe(refusedBefore);
  });

  it('builds an issue first seen in an update (counted created today), keeps its reporter, and takes the reporter’s comment in a slim comment_created as the customer’s', async () => {
    const postJira = (body: unknown) => {
      const raw = JSON.stringify(body);
      return post('/api/webhooks/jira', raw, signedJiraHeaders(raw, JIRA_SECRET));
    };
    const before = (await snapshot()).tickets!;
    const employee = { accountId: 'emp-7', accountType: 'atlassian' };
    const issue = { ...jiraIssue({ reporter: employee }), id: '10077', key: 'SD-77' };
    const updated = {
      timestamp: JIRA_TIMESTAMP,
      webhookEvent: 'jira:issue_updated',
      issue,
      changelog: { id: '20077', items: [{ field: 'priority', fieldId: 'priority', fromString: 'Low', toString: 'High' }] },
    };
    expect(await postJira(updated)).toMatchObject({ status: 200, json: { accepted: 2 } });
    const seen = (await snapshot()).tickets!;
    expect(seen.open).toBe(before.open + 1);
    expect(seen.today.created).toBe(before.today.created + 1);

    // Cloud's comment_created: a slim issue, no reporter
    const slim = { id: '10077', key: 'SD-77', fields: { summary: issue.fields.summary } };
    const comment = (id: string, author: Record<string, unknown>) => ({
      timestamp: JIRA_TIMESTAMP + Number(id),
      webhookEvent: 'comment_created',
      issue: slim,
      comment: { id, author, body: 'Any news?', jsdPublic: true },
    });
    expect(await postJira(comment('1', employee))).toMatchObject({ status: 200, json: { accepted: 1 } });
    expect((await snapshot()).tickets!.today.firstResponses).toBe(before.today.firstResponses);
    expect(await postJira(comment('2', { accountId: 'agent-1', accountType: 'atlassian' }))).toMatchObject({ status: 200, json: { accepted: 1 } });
    expect((await snapshot()).tickets!.today.firstResponses).toBe(before.today.firstResponses + 1);
  });

  it("counts a Zendesk messaging agent's reply as a first response, and drops a deleted ticket from the open and breached counts", async () => {
    const postZendesk = (body: unknown) => {
      const raw = JSON.stringify(body);
      return post('/api/webhooks/zendesk', raw, signedZendeskHeaders(raw, ZENDESK_SECRET, ZENDESK_TIMESTAMP));
    };
    const before = (await snapshot()).tickets;
    expect(await postZendesk({ ...zendeskMessageAdded('agent'), id: 'msg-1' })).toEqual({ status: 200, json: OK({ accepted: 1 }) });
    expect((await snapshot()).tickets?.today.firstResponses).toBe((before?.today.firstResponses ?? 0) + 1);

    const opened = '2025-01-08T09:00:00Z';
    const doomed = zendeskEvent('ticket.created', {}, { id: '5300', created_at: opened, updated_at: opened });
    expect(await postZendesk({ ...doomed, id: 'new-5300' })).toEqual({ status: 200, json: OK({ accepted: 1 }) });
    const withDoomed = (await snapshot()).tickets;
    expect(withDoomed?.atRisk).toContainEqual(expect.objectContaining({ id: '5300', breached: true }));
    const deleted = { ...zendeskEvent('ticket.soft_deleted', {}, { id: '5300' }), id: 'del-5300', subject: 'zen:ticket:5300' };
    expect(await postZendesk(deleted)).toEqual({ status: 200, json: OK({ accepted: 1 }) });
    const after = (await snapshot()).tickets;
    expect(after?.atRisk.map((entry) => entry.id)).not.toContain('5300');
    expect(after?.open).toBe((withDoomed?.open ?? 0) - 1);
    expect(after?.breached).toBe((withDoomed?.breached ?? 0) - 1);
    expect(after?.today.solved).toBe(withDoomed?.today.solved);
  });

  it('counts a channel name no map knows on /metrics and lists it in /api/health', async () => {
    const body = JSON.stringify({ ...zendeskEvent('ticket.created', {}, { id: '5200', via: { channel: 'carrier_pigeon' } }), id: 'new-5200' });
    const reply = await post('/api/webhooks/zendesk', body, signedZendeskHeaders(body, ZENDESK_SECRET, ZENDESK_TIMESTAMP));
    expect(reply).toEqual({ status: 200, json: OK({ accepted: 1 }) });
    const metrics = await (await fetch(`${wallboard.url}/metrics`, { headers: admin.headers })).text();
    expect(metrics).toContain('wallboard_webhook_unknown_channel_total{source="zendesk",channel="carrier_pigeon"} 1');
    const health = (await (await fetch(`${wallboard.url}/api/health`, { headers: admin.headers })).json()) as { checks: Record<string, { ok: boolean; detail?: string }> };
    expect(health.checks.unknownTicketChannels).toEqual({ ok: true, detail: expect.stringContaining('zendesk: carrier_pigeon') });
  });

  describe('refuses a delivery without changing anything, and counts it', () => {
    const refused = async (kind: string, status: number, send: () => Promise<{ status: number; json: unknown }>) => {
      const before = await deskState();
      const counted = await rejections(kind, status);
      const reply = await send();
      expect(reply.status).toBe(status);
      const body = apiErrorSchema.parse(reply.json);
      expect(await deskState()).toEqual(before);
      expect(await rejections(kind, status)).toBe(counted + 1);
      return body;
    };

    it('401 for a bad signature, on every endpoint', async () => {
      const body = genericBody({ eventId: 'evt-bad-sig', ticketId: 'T-9', kind: 'created', priority: 'high', channel: 'email' });
      await refused('generic', 401, () => postGeneric(body, 'not-the-secret-0123456789'));
      await refused('zendesk', 401, () =>
        post('/api/webhooks/zendesk', body, signedZendeskHeaders(body, 'not-the-secret-0123456789', ZENDESK_TIMESTAMP)),
      );
      await refused('jira', 401, () => post('/api/webhooks/jira', body, {}));
    });

    it('400 with the path of each problem for a malformed body', async () => {
      const body = genericBody({ eventId: 'evt-bad', ticketId: 'T-9', kind: 'created', channel: 'fax' });
      const { errors } = await refused('generic', 400, () => postGeneric(body));
      expect(errors.map((error) => error.path).sort()).toEqual(['channel', 'priority']);
      await refused('generic', 400, () => postGeneric('{"eventId": '));
    });

    it('400 naming the field for a control character in a string, before anything reaches the store', async () => {
      const before = await deskState();
      const body = genericBody({ eventId: 'evt-nul', ticketId: 'T-8', kind: 'created', subject: 'a\u0000b', priority: 'high', channel: 'email' });
      const { errors } = await refused('generic', 400, () => postGeneric(body));
      expect(errors).toEqual([{ path: 'subject', message: 'holds control character U+0000 at position 1' }]);
      expect(await deskState()).toEqual(before);
    });

    it('404 for an unknown source', async () => {
      const { errors } = await refused('generic', 404, () => postGeneric(created, GENERIC_SECRET, 'no-such-desk'));
      expect(errors).toEqual([{ path: 'x-wallboard-source', message: 'unknown source "no-such-desk"' }]);
    });

    it('413 for a body over the limit', async () => {
      const body = genericBody({ eventId: 'evt-big', ticketId: 'T-9', kind: 'created', priority: 'high', channel: 'email', subject: 'x'.repeat(MAX_BODY_BYTES) });
      await refused('generic', 413, () => postGeneric(body));
    });
  });
});
