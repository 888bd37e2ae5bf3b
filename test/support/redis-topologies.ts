import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { startRedis, startRedisProcess } from './redis-server';
import { findOnPath, makeTempDir, missingServer, runToCompletion, type RunningService } from './server-process';

/**
 * The Redis deployments a site may run instead of one server, on loopback,
 * each started by the test that needs it: a master watched by a Sentinel, and
 * a three-master Cluster.
 */

export interface RunningTopology {
  /** the REDIS_URL a wallboard would be given */
  url: string;
  stop(): Promise<void>;
}

const MASTER_NAME = 'wallboard';

export interface RunningSentinelTopology extends RunningTopology {
  masterUrl: string;
  /** Stops the master once its replica has everything, and resolves when the Sentinel has promoted the replica. */
  failOver(): Promise<void>;
}

/** A master, its replica and one Sentinel watching them (quorum 1, a master silent for 1 s is down). */
export async function startSentinelTopology(): Promise<RunningSentinelTopology> {
  const services: RunningService[] = [];
  try {
    const master = await startRedis();
    services.push(master);
    const masterPort = new URL(master.url).port;
    const replica = await startRedis(undefined, ['--replicaof', '127.0.0.1', masterPort]);
    services.push(replica);
    // Sentinel rewrites its config file, so it gets one of its own in its temp dir.
    const sentinel = await startRedisProcess('redis-sentinel', (port, dir) => {
      const conf = join(dir, 'sentinel.conf');
      writeFileSync(
        conf,
        [
          `sentinel monitor ${MASTER_NAME} 127.0.0.1 ${masterPort} 1`,
          `sentinel down-after-milliseconds ${MASTER_NAME} 1000`,
          `sentinel failover-timeout ${MASTER_NAME} 10000`,
          '',
        ].join('\n'),
      );
      return [conf, '--sentinel', '--port', String(port)];
    });
    services.push(sentinel);
    const replicaPort = Number(new URL(replica.url).port);
    const failOver = async (): Promise<void> => {
      const asSentinel = new Redis({ port: sentinel.port, host: '127.0.0.1' });
      const asMaster = new Redis(master.url);
      try {
        // The Sentinel learns of the replica from the master's INFO; it can only promote one it knows.
        await until(async () => String(await asSentinel.call('SENTINEL', 'REPLICAS', MASTER_NAME)).includes(String(replicaPort)));
        await asMaster.call('WAIT', '1', '5000');
        asMaster.disconnect();
        await master.stop();
        await until(async () => {
          const [, port] = (await asSentinel.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', MASTER_NAME)) as [string, string];
          return Number(port) === replicaPort;
        });
      } finally {
        asSentinel.disconnect();
        asMaster.disconnect();
      }
    };
    return {
      url: `redis+sentinel://127.0.0.1:${sentinel.port}/${MASTER_NAME}`,
      masterUrl: master.url,
      failOver,
      stop: () => stopAll(services.reverse()),
    };
  } catch (error) {
    await stopAll(services);
    throw error;
  }
}

async function until(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${check.toString()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Three masters sharing the 16384 slots, no replicas. */
export async function startRedisCluster(): Promise<RunningTopology> {
  const cli = findOnPath('redis-cli');
  if (!cli) throw missingServer('redis-cli', 'not on PATH');
  const nodes: RunningService[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < 3; i++) {
      const node = await startRedisProcess('redis-cluster-node', (port) => ['--port', String(port), '--cluster-enabled', 'yes']);
      nodes.push(node);
      ports.push(node.port);
    }
    const addresses = ports.map((port) => `127.0.0.1:${port}`);
    const logDir = makeTempDir('wb-test-cluster-');
    try {
      await runToCompletion({
        name: 'redis-cli --cluster create',
        command: cli,
        args: ['--cluster', 'create', ...addresses, '--cluster-yes'],
        logPath: join(logDir.path, 'create.log'),
      });
    } finally {
      logDir.remove();
    }
    await Promise.all(ports.map((port) => waitForClusterOk(port)));
    return { url: `redis+cluster://${addresses.join(',')}`, stop: () => stopAll(nodes) };
  } catch (error) {
    await stopAll(nodes);
    throw error;
  }
}

/** Slots are assigned at once, but each node says ok only once it has heard from the others. */
async function waitForClusterOk(port: number): Promise<void> {
  const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true });
  try {
    await until(async () => (await client.cluster('INFO')).includes('cluster_state:ok'));
  } finally {
    client.disconnect();
  }
}

async function stopAll(services: readonly RunningService[]): Promise<void> {
  await Promise.allSettled(services.map((service) => service.stop()));
}
