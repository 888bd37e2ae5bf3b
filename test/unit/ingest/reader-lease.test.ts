import { afterEach, describe, expect, it, vi } from 'vitest';
import { ReaderLease } from '../../../server/ingest/reader-lease';
import { createLogger } from '../../../server/observability/logger';
import type { LeaseStore } from '../../../server/store/lease-store';
import { MemoryLiveStore } from '../../../server/store/memory-live-store';

const TTL = 8_000;

afterEach(() => {
  vi.useRealTimers();
});

function node(store: LeaseStore, owner: string) {
  const events: string[] = [];
  const lease = new ReaderLease({
    store,
    site: 'pbx',
    owner,
    ttlMs: TTL,
    logger: createLogger('silent'),
    monotonicNow: () => Date.now(),
    onAcquired: (generation, emptied) =>
      void events.push(`acquired ${generation}${emptied ? ` emptied${emptied.byThisReader ? ' by this reader' : ''}` : ''}`),
    onLost: () => void events.push('lost'),
    link: () => ({ connected: true, since: 1_000, lastError: null, lastEventAt: 2_000 }),
  });
  return { lease, events };
}

describe('reader lease', () => {
  it('has one reader and a standby that sees it and its link; on a silent death the standby reads within TTL + a quarter', async () => {
    vi.useFakeTimers();
    const store = new MemoryLiveStore();
    const a = node(store, 'node-a');
    const b = node(store, 'node-b');
    await a.lease.start();
    await b.lease.start();
    expect(a.events).toEqual(['acquired 1']);
    expect(b.lease.view()).toEqual({
      role: 'standby',
      owner: 'node-a',
      link: { owner: 'node-a', connected: true, since: 1_000, lastError: null, lastEventAt: 2_000 },
    });

    // node a dies without a word: its timers never run again
    await a.lease.stop();
    await store.acquireReaderLease('pbx', 'node-a', TTL);
    await vi.advanceTimersByTimeAsync(TTL - 1);
    expect(b.events).toEqual([]);
    await vi.advanceTimersByTimeAsync(TTL / 4 + 1);
    expect(b.events).toEqual(['acquired 3']);
    expect(b.lease.view().role).toBe('reader');
    await b.lease.stop();
  });

  it('stops reading on its own when it cannot renew before the lease may have run out', async () => {
    vi.useFakeTimers();
    const store = new MemoryLiveStore();
    let reachable = true;
    const flaky: LeaseStore = {
      acquireReaderLease: (...args) => (reachable ? store.acquireReaderLease(...args) : Promise.reject(new Error('ETIMEDOUT'))),
      releaseReaderLease: (...args) => store.releaseReaderLease(...args),
      publishPbxLink: (...args) => store.publishPbxLink(...args),
      readReaderLease: (...args) => store.readReaderLease(...args),
      claimStoreEpoch: (...args) => store.claimStoreEpoch(...args),
    };
    const a = node(flaky, 'node-a');
    await a.lease.start();
    reachable = false;
    await vi.advanceTimersByTimeAsync(TTL - 1);
    expect(a.events).toEqual(['acquired 1']);
    await vi.advanceTimersByTimeAsync(1);
    expect(a.events).toEqual(['acquired 1', 'lost']);
    expect(a.lease.view().role).toBe('standby');
    // back in touch after the lease ran out: a new generation, read again from a reloaded state
    reachable = true;
    await vi.advanceTimersByTimeAsync(TTL / 4);
    expect(a.events).toEqual(['acquired 1', 'lost', 'acquired 2']);
    await a.lease.stop();
  });

  it("does not show a former reader's link report as the link of its successor", async () => {
    vi.useFakeTimers();
    const store = new MemoryLiveStore();
    await store.acquireReaderLease('pbx', 'node-c', 1_000);
    await store.publishPbxLink('pbx', { owner: 'node-c', connected: true, since: 0, lastError: null, lastEventAt: 0 }, TTL);
    await vi.advanceTimersByTimeAsync(1_000);
    await store.acquireReaderLease('pbx', 'node-d', TTL);
    const standby = node(store, 'node-e');
    await standby.lease.start();
    expect(standby.lease.view()).toEqual({ role: 'standby', owner: 'node-d', link: null });
    await standby.lease.stop();
  });

  it('stops and reads again with a rebuild when the store epoch vanishes; the one reading last keeps its state', async () => {
    vi.useFakeTimers();
    const store = new MemoryLiveStore();
    let epoch: string | null = null;
    // a Redis that comes back empty loses the epoch (the memory store never does)
    const wipeable: LeaseStore = {
      acquireReaderLease: (...args) => store.acquireReaderLease(...args),
      releaseReaderLease: (...args) => store.releaseReaderLease(...args),
      publishPbxLink: (...args) => store.publishPbxLink(...args),
      readReaderLease: (...args) => store.readReaderLease(...args),
      claimStoreEpoch: async (_site, candidate) => (epoch ??= candidate),
    };
    const a = node(wipeable, 'node-a');
    const b = node(wipeable, 'node-b');
    await a.lease.start();
    await b.lease.start();
    expect(a.events).toEqual(['acquired 1']);

    epoch = null;
    await vi.advanceTimersByTimeAsync(TTL / 4);
    expect(a.events).toEqual(['acquired 1', 'lost', 'acquired 1 emptied by this reader']);
    expect(b.events).toEqual([]);

    // emptied again while a is gone for good: b takes over and rebuilds without a's state
    await a.lease.stop();
    epoch = null;
    await vi.advanceTimersByTimeAsync(TTL / 4);
    expect(b.events).toEqual(['acquired 2 emptied']);
    await vi.advanceTimersByTimeAsync(TTL);
    expect(b.events).toEqual(['acquired 2 emptied']);
    await b.lease.stop();
  });
});
