/**
 * A batch Redis refuses for good (WRONGTYPE on a key the store writes) goes to
 * the site's dead-letter list with its events, is counted on /metrics, turns
 * /api/health degraded, and the events after it still reach the board.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueSettingsBook } from '../../server/config/queue-settings';
import type { QueueEvent } from '../../server/domain/queue-events';
import { createLogger } from '../../server/observability/logger';
import { siteKeys } from '../../server/store/redis-keys';
import { RedisLiveStore } from '../../server/store/redis-live-store';
import { startWallboard, type RunningWallboard } from '../../server/wallboard';
import { redisConnection, redisUrl, testWallboardConfig, uniqueKeyPrefix, uniqueSite } from '../support/services';
import { credentialsFor, type TestCredentials } from '../support/test-credentials';

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
  });
  admin = await credentialsFor(wallboard, 'admin');
});

afterAll(async () => {
  await wallboard?.close();
  await redis?.quit();
});

describe('dead letters of the live pipeline on Redis', () => {
  it('dead-letters the batch that hits WRONGTYPE, counts it, reports degraded health, and applies the events after it', async () => {
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
    expect(health.status).toBe(503);
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
