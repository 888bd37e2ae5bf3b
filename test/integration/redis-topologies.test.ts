import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveOp } from '../../server/domain/live-state';
import { createRedisClient } from '../../server/store/redis-connection';
import { RedisLiveStore } from '../../server/store/redis-live-store';
import { NO_TICKET_REVISION } from '../../server/store/ticket-live-store';
import { startRedisCluster, startSentinelTopology, type RunningSentinelTopology, type RunningTopology } from '../support/redis-topologies';

/**
 * The live store reached through a Sentinel (and across a failover) and on a
 * Redis Cluster, all started here on loopback. On the Cluster every MULTI must stay within one
 * hash slot: any command of an apply or a read touching a key without the
 * site's `{site}` tag fails with CROSSSLOT.
 */

const SITE = 'topology';
const DAY = '2026-12-02';
const INTERVAL = Date.UTC(2026, 11, 2, 6, 0);

const batch: LiveOp[] = [
  { op: 'queue.put', queue: { id: 'sales', serviceLevelSec: 20 } },
  { op: 'waiting.put', caller: { queueId: 'sales', callId: 'c1', joinedAt: INTERVAL + 1_000, position: 1, callerId: '555' } },
  { op: 'counters.add', queueId: 'sales', day: DAY, intervalStart: INTERVAL, delta: { offered: 1 } },
];

async function exerciseStore(url: string): Promise<void> {
  const store = new RedisLiveStore(url);
  try {
    const seq = await store.apply(SITE, batch);
    const { state, seq: readSeq } = await store.readLive(SITE);
    expect(readSeq).toBe(seq);
    expect(state.queues).toEqual({ sales: { id: 'sales', serviceLevelSec: 20 } });
    expect(Object.keys(state.waiting)).toEqual(['sales|c1']);
    expect((await store.readDayCounters(SITE, DAY)).sales?.offered).toBe(1);
    expect((await store.readIntervalCounters(SITE, INTERVAL)).sales?.offered).toBe(1);
    // tickets: one compare-and-set script over the ticket, event-id, counter and seq keys; a lookup reads three kinds of key at once
    const change = { ticketKey: 't1', revision: NO_TICKET_REVISION, ops: [{ op: 'ticketEvent.seen', eventKey: 'e1' } as const] };
    const applied = await store.applyTicketChanges(SITE, { changes: [change], now: INTERVAL, seenSince: 0 });
    expect(applied).toEqual({ applied: [true], seq: seq + 1 });
    const lookup = await store.lookUpTickets(SITE, { eventKeys: ['e1'], ticketKeys: ['t1', 't2'], seenSince: 0 });
    expect([[...lookup.seenEventKeys], lookup.tickets.size]).toEqual([['e1'], 0]);
    const board = await store.readTicketBoard(SITE, { day: DAY, firstResponsesSince: 0, rowsUnlessVersion: null });
    expect(board.rows).toEqual([]);
    // the reader lease and its fence share the site's slot with the keys an apply writes
    const generation = await store.acquireReaderLease(SITE, 'node-a', 10_000);
    expect(generation).toBeGreaterThan(0);
    expect(await store.acquireReaderLease(SITE, 'node-b', 10_000)).toBeNull();
    expect(await store.apply(SITE, [], { generation: generation!, sequence: 1 })).toBe(seq + 2);
    await store.releaseReaderLease(SITE, 'node-a');
  } finally {
    await store.close();
  }
}

describe('through a Redis Sentinel', () => {
  let sentinel: RunningSentinelTopology | null = null;
  beforeAll(async () => {
    sentinel = await startSentinelTopology();
  });
  afterAll(async () => {
    await sentinel?.stop();
  });

  it('finds the master and applies a batch on it', async () => {
    await exerciseStore(sentinel!.url);
    const master = new Redis(sentinel!.masterUrl);
    try {
      expect(await master.hget('wb:{topology}:queues', 'sales')).toBe(JSON.stringify({ id: 'sales', serviceLevelSec: 20 }));
    } finally {
      master.disconnect();
    }
  });

  it('follows the Sentinel to the promoted replica when the master stops, with nothing lost', async () => {
    const client = createRedisClient(sentinel!.url);
    const connectionErrors: Error[] = [];
    client.on('error', (error: Error) => connectionErrors.push(error));
    const store = new RedisLiveStore(client);
    try {
      const before = await store.apply(SITE, [{ op: 'queue.put', queue: { id: 'support', serviceLevelSec: 30 } }]);
      await sentinel!.failOver();
      // ioredis holds commands while it asks the Sentinel for the new master, then sends them there.
      const after = await store.apply(SITE, [{ op: 'queue.put', queue: { id: 'billing', serviceLevelSec: 40 } }]);
      expect(after).toBe(before + 1);
      expect(Object.keys((await store.readLive(SITE)).state.queues).sort()).toEqual(['billing', 'sales', 'support']);
      // the client did lose the old master on the way
      expect(connectionErrors.length).toBeGreaterThan(0);
    } finally {
      await client.quit();
    }
  });
});

describe('on a Redis Cluster', () => {
  let cluster: RunningTopology | null = null;
  beforeAll(async () => {
    cluster = await startRedisCluster();
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('applies and reads with every multi-key command inside the site hash slot', async () => {
    await exerciseStore(cluster!.url);
  });
});
