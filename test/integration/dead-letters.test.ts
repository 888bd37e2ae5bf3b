/**
 * A batch Redis refuses for good (WRONGTYPE on a key the store writes) goes to
 * the site's dead-letter list with its events, is counted on /metrics, turns
 * /api/health degraded (still 200), and the events after it still reach the
 * board. The same for a ticket delivery, which the webhook answers 202.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueSettingsBook } from '../../server/config/queue-settings';
import type { QueueEvent } from '../../server/domain/queue-events';
import { loadSlaPolicies } from '../../server/domain/sla/load-sla-policies';
import { signedGenericHeaders } from '../../server/ingest/webhooks/sign';
import { createLogger } from '../../server/observability/logger';
import { siteKeys } from '../../server/store/redis-keys';
import { RedisLiveStore } from '../../server/store/redis-live-store';
import { startWallboard, type RunningWallboard } from '../../server/wallboard';
import { siteDay } from '../../shared/site-time';
import { redisConnection, redisUrl, testWallboardConfig, uniqueKeyPrefix, uniqueSite } from '../support/services';
import { GENERIC_SECRET, GENERIC_SOURCE, testConfig } from '../unit/webhooks/webhook-fixtures';
import { credentialsFor, type TestCredentials, signedFetch } from '../support/test-credentials';

const MONDAY = Date.parse('2026-11-23T09:00:00+03:00');
const TUESDAY = Date.parse('2026-11-24T09:00:00+03:00');
const joined = (callId: string, at: number): QueueEvent => ({ kind: 'caller.joined', at, queueId: 'sales', callId, position: 1, callerId: null });

let wallboard: RunningWallboard;
let redis: Redis;
let store: RedisLiveStore;
let admin: TestCredentials;
const site = uniqueSite('poison');
const prefix = uniqueKeyPrefix('poison');

beforeAll(async () => {
  redis = new Redis(redisUrl());
  store = new RedisLiveStore(redis, { keyPrefix: prefix });
  wallboard = await startWallboard({
    config: testWallboardConfig({ redis: redisConnection(), site }),
    ami: null,
    logger: createLogger('silent'),
    store,
    queueSettings: QueueSettingsBook.parse({ queues: {} }),
    clientDir: '/nonexistent',
    tickets: { policies: loadSlaPolicies('config/sla-policies.json'), webhooks: testConfig, slaTargetPct: 90 },
  });
  admin = await credentialsFor(wallboard, 'admin');
});

afterAll(async () => {
  await wallboard?.close();
  await redis?.quit();
});

describe('dead letters of the live pipeline on Redis', () => {
  it('dead-letters the batch that hits WRONGTYPE, counts it, reports degraded health (200), and applies the events after it', async () => {
    const healthy = await (await fetch(`${wallboard.url}/api/health`, { headers: admin.headers })).json();
    expect(healthy.checks.deadLetters).toEqual({ ok: true, detail: 'none' });

    // Monday's counters hash holds a string: the batch's HINCRBY on it fails inside the MULTI.
    await redis.set(siteKeys(prefix, site).day('2026-11-23'), 'not a hash');
    wallboard.aggregator.submit(joined('poison', MONDAY));
    await wallboard.aggregator.settled();

    const letters = await store.readDeadLetters(site, 10);
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ pipeline: 'live', events: [joined('poison', MONDAY)] });
    expect(letters[0]?.error).toMatch(/WRONGTYPE/);

    const health = await fetch(`${wallboard.url}/api/health`, { headers: admin.headers });
    // a dead letter needs a look, not a node out of the balancer
    expect(health.status).toBe(200);
    const report = await health.json();
    expect(report.status).toBe('degraded');
    expect(report.checks.deadLetters.ok).toBe(false);
    expect(report.checks.deadLetters.detail).toMatch(/^1 dead-lettered \(live 1\); newest \S+ live: .*WRONGTYPE/);
    const metrics = await (await fetch(`${wallboard.url}/metrics`, { headers: admin.headers })).text();
    expect(metrics).toMatch(/^wallboard_dead_letters_total\{pipeline="live"\} 1$/m);
    expect(metrics).toMatch(/^wallboard_store_apply_failures_total 0$/m);

    wallboard.aggregator.submit(joined('good', TUESDAY));
    await wallboard.aggregator.settled();
    expect((await store.readDayCounters(site, '2026-11-24')).sales).toMatchObject({ offered: 1 });
    expect(await store.readDeadLetters(site, 10)).toHaveLength(1);
  });
});

describe('dead letters of the ticket pipeline on Redis', () => {
  const deliver = async (eventId: string, ticketId: string, at: number) => {
    const body = JSON.stringify({ eventId, ticketId, kind: 'created', subject: 'Printer', priority: 'high', channel: 'email', occurredAt: new Date(at).toISOString() });
    const response = await fetch(`${wallboard.url}/api/webhooks/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signedGenericHeaders(body, GENERIC_SOURCE, GENERIC_SECRET) },
      body,
    });
    return { status: response.status, json: await response.json() };
  };

  it('answers 202 for a delivery the store refuses for good, keeps it as a dead letter, and takes the next delivery', async () => {
    const at = Date.now();
    const day = siteDay('Europe/Moscow', at);
    // the day's ticket counters hold a string: the apply script refuses every write to them
    await redis.set(siteKeys(prefix, site).tickets.day(day), 'not a hash');
    expect(await deliver('evt-poison', 'T-poison', at)).toEqual({
      status: 202,
      json: { status: 'dead-lettered', accepted: 0, duplicates: 0, stale: 0, ignored: 0, deadLettered: 1 },
    });
    const [letter] = await store.readDeadLetters(site, 1);
    expect(letter).toMatchObject({ pipeline: 'tickets', events: [expect.objectContaining({ eventId: 'evt-poison', ticketId: 'T-poison' })] });
    const metrics = await (await signedFetch(wallboard, '/metrics')).text();
    expect(metrics).toMatch(/^wallboard_dead_letters_total\{pipeline="tickets"\} 1$/m);
    const health = await signedFetch(wallboard, '/api/health');
    expect(health.status).toBe(200);
    expect((await health.json()).checks.deadLetters.detail).toMatch(/tickets 1/);

    await redis.del(siteKeys(prefix, site).tickets.day(day));
    expect(await deliver('evt-good', 'T-good', at)).toMatchObject({ status: 200, json: { status: 'ok', accepted: 1 } });
  });
});
