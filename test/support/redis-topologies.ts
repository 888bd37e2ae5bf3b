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

/** A master and one Sentinel watching it (quorum 1). */
export async function startSentinelTopology(): Promise<RunningTopology & { masterUrl: string }> {
  const master = await startRedis();
  const masterPort = new URL(master.url).port;
  try {
    // Sentinel rewrites its config file, so it gets one of its own in its temp dir.
    const sentinel = await startRedisProcess('redis-sentinel', (port, dir) => {
      const conf = join(dir, 'sentinel.conf');
      writeFileSync(conf, `sentinel monitor ${MASTER_NAME} 127.0.0.1 ${masterPort} 1\nsentinel down-after-milliseconds ${MASTER_NAME} 60000\n`);
      return [conf, '--sentinel', '--port', String(port)];
    });
    return {
      url: `redis+sentinel://127.0.0.1:${sentinel.port}/${MASTER_NAME}`,
      masterUrl: master.url,
      stop: () => stopAll([sentinel, master]),
    };
  } catch (error) {
    await master.stop();
    throw error;
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
async function waitForClusterOk(port: number, timeoutMs = 30_000): Promise<void> {
  const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true });
  try {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const info = await client.cluster('INFO');
      if (info.includes('cluster_state:ok')) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`cluster node ${port} did not reach cluster_state:ok in ${timeoutMs} ms`);
  } finally {
    client.disconnect();
  }
}

async function stopAll(services: readonly RunningService[]): Promise<void> {
  await Promise.allSettled(services.map((service) => service.stop()));
}
