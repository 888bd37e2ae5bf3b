import { Redis } from 'ioredis';
import { expect, vi } from 'vitest';
import type { LiveSnapshot } from '../../shared/snapshot';
import { QueueSettingsBook } from '../../server/config/queue-settings';
import { createLogger } from '../../server/observability/logger';
import { AsteriskSimulator } from '../../server/simulator/asterisk-simulator';
import { DEMO_CONFIG, type SimulatorConfigInput } from '../../server/simulator/simulator-config';
import { RedisLiveStore } from '../../server/store/redis-live-store';
import { credentialsFor } from './test-credentials';
import { startWallboard, type RunningWallboard } from '../../server/wallboard';
import { redisConnection, redisUrl, uniqueKeyPrefix, uniqueSite, testWallboardConfig } from './services';

/**
 * The whole live path as in production, with the simulator as the PBX:
 * simulated Asterisk --TCP/AMI--> client -> mapper -> reducer -> Redis -> snapshot -> REST.
 * The simulator runs at 'max' speed and is the site's clock.
 */
export interface CallCenterRun {
  simulator: AsteriskSimulator;
  wallboard: RunningWallboard;
  store: RedisLiveStore;
  site: string;
  /** waits until the board has applied every event the simulator wrote so far */
  caughtUp(): Promise<void>;
  snapshot(): Promise<LiveSnapshot>;
  close(): Promise<void>;
}

export async function startCallCenterRun(options: {
  startAt: number;
  seed?: number;
  scale?: number;
  /** the built page to serve (the e2e tests); none by default */
  clientDir?: string;
  /** the whole site instead of the demo's with `seed` and `scale` */
  site?: SimulatorConfigInput;
  /** history in this database; none by default */
  databaseUrl?: string;
}): Promise<CallCenterRun> {
  const simulator = new AsteriskSimulator({
    speed: 'max',
    startAt: options.startAt,
    config: options.site ?? { ...DEMO_CONFIG, seed: options.seed ?? 42, scale: options.scale ?? 1 },
    username: 'wallboard',
    secret: 'truth',
  });
  await simulator.start();

  const redis = new Redis(redisUrl());
  const store = new RedisLiveStore(redis, { keyPrefix: uniqueKeyPrefix('truth') });
  const site = uniqueSite('truth');
  const config = testWallboardConfig({
    redis: redisConnection(),
    site,
    timeZone: simulator.config.timeZone,
    shortAbandonSec: simulator.config.shortAbandonSec,
    simulator: true,
    ...(options.databaseUrl === undefined ? {} : { databaseUrl: options.databaseUrl }),
  });
  // The PBX tells the SL threshold (QueueParams ServiceLevel); wrap-up comes from settings, as in production.
  const queueSettings = QueueSettingsBook.parse({
    queues: Object.fromEntries(simulator.config.queues.map((q) => [q.name, { wrapupSec: q.wrapupSec }])),
  });
  const wallboard = await startWallboard({
    config,
    ami: { host: '127.0.0.1', port: simulator.port, username: 'wallboard', secret: 'truth', sourceKind: 'simulator' },
    logger: createLogger('silent'),
    clock: () => simulator.now(),
    store,
    queueSettings,
    clientDir: options.clientDir ?? '/nonexistent',
  });
  await vi.waitFor(() => expect(wallboard.source?.connected).toBe(true), { timeout: 10_000 });
  // The board must hold the PBX's state before the simulated day starts: the resync takes its time from a Ping
  // answered after the QueueStatus list, and a day already running by then (the simulator moves hours in a burst)
  // would start the agents' spans that much later (seen under load: an agent's first 38 minutes missing).
  await wallboard.source?.drained();
  await wallboard.aggregator.settled();
  const viewer = await credentialsFor(wallboard, 'viewer');

  return {
    simulator,
    wallboard,
    store,
    site,
    async caughtUp() {
      await wallboard.source?.drained();
      await wallboard.aggregator.settled();
    },
    async snapshot() {
      const response = await fetch(`${wallboard.url}/api/snapshot`, { headers: viewer.headers });
      expect(response.status).toBe(200);
      return (await response.json()) as LiveSnapshot;
    },
    async close() {
      await wallboard.close();
      await simulator.stop();
      await redis.quit();
    },
  };
}
