import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, vi } from 'vitest';
import { AsteriskSimulator } from '../../server/simulator/asterisk-simulator';
import { DEMO_CONFIG } from '../../server/simulator/simulator-config';
import type { LiveSnapshot } from '../../shared/snapshot';
import { makeTempDir } from './server-process';
import { freshDatabaseUrl, redisUrl, uniqueSite } from './services';
import { startWallboardProcess, type WallboardProcess } from './wallboard-process';

/**
 * What the two-node failover tests share: server processes on one Redis that
 * keep the wall clock while a simulator in the test runs ahead of it.
 */

/** An Etc/GMT zone where the wall clock now reads 11:xx, so a few simulated hours ahead stay on the same site day. */
export function lateMorningZone(now: number): string {
  const offset = 11 - new Date(now).getUTCHours();
  if (offset === 0) return 'Etc/GMT';
  // Etc/GMT signs are inverted: Etc/GMT-3 is UTC+3.
  return offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}

export async function snapshotOf(node: WallboardProcess): Promise<LiveSnapshot> {
  const response = await fetch(`${node.url}/api/snapshot`);
  expect(response.status).toBe(200);
  return (await response.json()) as LiveSnapshot;
}

/** Waits until the node says it has `role` (health 200); returns the reader it names. */
export async function waitForRole(node: WallboardProcess, role: 'reader' | 'standby', timeout = 60_000): Promise<string | null> {
  let reader: string | null = null;
  await vi.waitFor(
    async () => {
      const health = await node.health();
      expect(health?.body.role, `${node.name} becomes ${role}`).toBe(role);
      expect(health?.httpStatus).toBe(200);
      reader = health?.body.reader ?? null;
    },
    { timeout, interval: 100 },
  );
  return reader;
}

/** A simulated PBX in this process and the server processes that read it, on one Redis and Postgres. */
export interface FailoverSite {
  simulator: AsteriskSimulator;
  /** one more server process for the site (each logs to its own file) */
  startNode(): Promise<WallboardProcess>;
  stop(): Promise<void>;
}

/**
 * A site whose servers keep the wall clock while the simulator runs ahead of
 * it at 'max' speed: the zone makes that late morning, one site day, and the
 * queues have no wrap-up (the one agent state the board derives from its own
 * clock). `queueLog`: the simulator writes the PBX's queue_log and the servers
 * read it (QUEUE_LOG_FILE).
 */
export async function startFailoverSite(options: { name: string; seed: number; leaseTtlMs: number; lossy?: boolean; queueLog?: boolean }): Promise<FailoverSite> {
  const logs = makeTempDir(`wallboard-${options.name}-`);
  const queueLogFile = join(logs.path, 'queue_log');
  const timeZone = lateMorningZone(Date.now());
  const simulator = new AsteriskSimulator({
    speed: 'max',
    lossy: options.lossy ?? false,
    startAt: Date.now(),
    config: { ...DEMO_CONFIG, timeZone, seed: options.seed, scale: 1.5, queues: DEMO_CONFIG.queues.map((q) => ({ ...q, wrapupSec: 0 })) },
    username: 'wallboard',
    secret: options.name,
    ...(options.queueLog ? { queueLogFile } : {}),
  });
  await simulator.start();
  const queuesFile = join(logs.path, 'queues.json');
  writeFileSync(queuesFile, JSON.stringify({ queues: Object.fromEntries(simulator.config.queues.map((q) => [q.name, { wrapupSec: 0 }])) }));
  const env = {
    REDIS_URL: redisUrl(),
    DATABASE_URL: await freshDatabaseUrl(options.name),
    AMI_HOST: '127.0.0.1',
    AMI_PORT: String(simulator.port),
    AMI_USERNAME: 'wallboard',
    AMI_SECRET: options.name,
    SITE: uniqueSite(options.name),
    SITE_TZ: timeZone,
    QUEUES_FILE: queuesFile,
    SHORT_ABANDON_SEC: String(simulator.config.shortAbandonSec),
    READER_LEASE_TTL_MS: String(options.leaseTtlMs),
    LOG_LEVEL: 'info',
    ...(options.queueLog ? { QUEUE_LOG_FILE: queueLogFile } : {}),
  };
  const nodes: WallboardProcess[] = [];
  return {
    simulator,
    async startNode() {
      const node = await startWallboardProcess(`node-${nodes.length + 1}`, env, logs.path);
      nodes.push(node);
      return node;
    },
    async stop() {
      await Promise.all(nodes.map((node) => node.process.stop()));
      await simulator.stop();
      logs.remove();
    },
  };
}
