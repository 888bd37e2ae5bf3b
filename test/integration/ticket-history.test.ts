import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { QueueSettingsBook } from '../../server/config/queue-settings';
import { loadSlaPolicies } from '../../server/domain/sla/load-sla-policies';
import { signedGenericHeaders } from '../../server/ingest/webhooks/sign';
import { createLogger } from '../../server/observability/logger';
import { MemoryLiveStore } from '../../server/store/memory-live-store';
import { startWallboard, type RunningWallboard } from '../../server/wallboard';
import { freshDatabaseUrl, uniqueSite, testWallboardConfig } from '../support/services';
import { GENERIC_SECRET, GENERIC_SOURCE, genericCreated, testConfig } from '../unit/webhooks/webhook-fixtures';

/** A ticket that arrives by webhook is kept in Postgres with its SLA facts, not only on the live board. */

const NOW = Date.parse('2025-01-08T10:50:00Z');
let wallboard: RunningWallboard;
let databaseUrl: string;

beforeAll(async () => {
  databaseUrl = await freshDatabaseUrl('tickethistory');
  const config = testWallboardConfig({ databaseUrl, site: uniqueSite('tickethistory') });
  wallboard = await startWallboard({
    config,
    ami: null,
    logger: createLogger('silent'),
    clock: () => NOW,
    store: new MemoryLiveStore(),
    queueSettings: QueueSettingsBook.parse({ queues: {} }),
    clientDir: '/nonexistent',
    tickets: { policies: loadSlaPolicies('config/sla-policies.json'), webhooks: testConfig, slaTargetPct: 90 },
  });
});

afterAll(async () => {
  await wallboard?.close();
});

it('writes a webhook ticket to ticket_history once it is on the board', async () => {
  const body = JSON.stringify(genericCreated);
  const response = await fetch(`${wallboard.url}/api/webhooks/tickets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signedGenericHeaders(body, GENERIC_SOURCE, GENERIC_SECRET) },
    body,
  });
  expect(response.status).toBe(200);
  await wallboard.history?.writer.settled();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT ticket_id, priority, channel, line FROM ticket_history');
    expect(rows).toEqual([expect.objectContaining({ ticket_id: expect.stringContaining('T-1'), priority: 'high', channel: 'email', line: 'L1' })]);
  } finally {
    await client.end();
  }
});
