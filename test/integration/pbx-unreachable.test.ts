import { createServer } from 'node:net';
import { signedFetch } from '../support/test-credentials';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LiveSnapshot } from '../../shared/snapshot';
import { QueueSettingsBook } from '../../server/config/queue-settings';
import { createLogger } from '../../server/observability/logger';
import { MemoryLiveStore } from '../../server/store/memory-live-store';
import { startWallboard, type RunningWallboard } from '../../server/wallboard';
import { testWallboardConfig } from '../support/services';

/**
 * The board with the PBX out of reach from the start: the snapshot keeps every
 * configured queue, and says since when the link is down and why.
 */

let wallboard: RunningWallboard | null = null;
afterEach(async () => {
  await wallboard?.close();
  wallboard = null;
});

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as import('node:net').AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function snapshot(board: RunningWallboard): Promise<LiveSnapshot> {
  return (await (await signedFetch(board, '/api/snapshot')).json()) as LiveSnapshot;
}

describe('PBX unreachable', () => {
  it('shows every configured queue and says the connection is refused, since the start', async () => {
    const startedAt = Date.now();
    wallboard = await startWallboard({
      config: testWallboardConfig(),
      ami: { host: '127.0.0.1', port: await closedPort(), username: 'u', secret: 's', sourceKind: 'ami' },
      logger: createLogger('silent'),
      store: new MemoryLiveStore(),
      queueSettings: QueueSettingsBook.parse({ queues: { sales: { name: 'Sales' }, support: { name: 'Support' } } }),
    });
    const board = wallboard;
    await vi.waitFor(async () => expect((await snapshot(board)).source.failure).toBe('refused'), { timeout: 10_000 });
    const { source, queues } = await snapshot(board);
    expect(source.connected).toBe(false);
    expect(Date.parse(source.since!)).toBeGreaterThanOrEqual(startedAt - 1000);
    expect(queues.map((q) => [q.id, q.name, q.waiting])).toEqual([
      ['sales', 'Sales', 0],
      ['support', 'Support', 0],
    ]);
  });
});
