import { createHmac } from 'node:crypto';
import { signedFetch } from '../support/test-credentials';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { dayResponseSchema } from '../../shared/history-api';
import { QueueSettingsBook } from '../../server/config/queue-settings';
import { loadSlaPolicies } from '../../server/domain/sla/load-sla-policies';
import { signedJiraHeaders } from '../../server/ingest/webhooks/sign';
import { webhookConfigSchema } from '../../server/ingest/webhooks/webhook-config';
import { createLogger } from '../../server/observability/logger';
import { MemoryLiveStore } from '../../server/store/memory-live-store';
import { startWallboard, type RunningWallboard } from '../../server/wallboard';
import { freshDatabaseUrl, testWallboardConfig, uniqueSite } from '../support/services';

/** Escalations to development reach history, and the Day page's API counts them per site day. */

const WRIKE_SECRET = 'wrike-webhook-secret-0123';
const JIRA_DEV_SECRET = 'jira-dev-webhook-secret-0123';
const NOW = Date.parse('2025-03-04T16:00:00Z');
let wallboard: RunningWallboard;

beforeAll(async () => {
  const databaseUrl = await freshDatabaseUrl('escalationhistory');
  wallboard = await startWallboard({
    config: testWallboardConfig({ databaseUrl, site: uniqueSite('escalationhistory'), timeZone: 'Europe/Moscow' }),
    ami: null,
    logger: createLogger('silent'),
    clock: () => NOW,
    store: new MemoryLiveStore({ now: () => NOW }),
    queueSettings: QueueSettingsBook.parse({ queues: {} }),
    clientDir: '/nonexistent',
    tickets: {
      policies: loadSlaPolicies('config/sla-policies.json'),
      webhooks: webhookConfigSchema.parse({ wrike: { secrets: [WRIKE_SECRET] }, jiraDev: { secrets: [JIRA_DEV_SECRET], projectKeys: ['DEV'] } }),
      slaTargetPct: 90,
    },
  });
});

afterAll(async () => {
  await wallboard?.close();
});

const fixture = (desk: string, name: string) => readFileSync(`test/fixtures/webhooks/${desk}/${name}.json`, 'utf8');

async function post(path: string, body: string, headers: Record<string, string>): Promise<void> {
  const response = await fetch(`${wallboard.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  expect(response.status, await response.text()).toBe(200);
}

it('counts escalations raised and back with support on the Day page of their site day', async () => {
  for (const name of ['task-created', 'status-completed']) {
    const body = fixture('wrike', name);
    await post('/api/webhooks/wrike', body, { 'x-hook-secret': createHmac('sha256', WRIKE_SECRET).update(body).digest('hex') });
  }
  const jira = fixture('jira-dev', 'issue-created');
  await post('/api/webhooks/jira-dev', jira, signedJiraHeaders(jira, JIRA_DEV_SECRET));
  await wallboard.history?.writer.settled();

  const response = await signedFetch(wallboard, '/api/history/day?date=2025-03-04&compare=1');
  expect(response.status).toBe(200);
  const day = dayResponseSchema.parse(await response.json());
  // Both raised on 2025-03-04 (Moscow), the Wrike task back the same day; nothing a week before.
  expect(day.days.map((d) => [d.date, d.escalations])).toEqual([
    ['2025-03-04', { raised: 2, cameBack: 1 }],
    ['2025-02-25', { raised: 0, cameBack: 0 }],
  ]);
});
