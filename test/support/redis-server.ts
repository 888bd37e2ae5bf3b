import { connect } from 'node:net';
import { join } from 'node:path';
import {
  findOnPath,
  makeTempDir,
  missingServer,
  startServerProcess,
  waitUntilReady,
  withPortRetries,
  type RunningService,
} from './server-process';

/**
 * A throwaway redis-server on a loopback port: no snapshots, no AOF, its own temp dir.
 * `port`: that one (a test bringing back a Redis a server was pointed at), else a free one.
 */
export function startRedis(port?: number, extraArgs: readonly string[] = []): Promise<RunningService> {
  return startRedisProcess('redis-server', (free) => ['--port', String(free), ...extraArgs], port);
}

/**
 * A redis-server with its append-only file in `dir`, which outlives it: one
 * started again on the same port and dir comes back with the data.
 */
export function startAppendOnlyRedis(dir: string, port?: number): Promise<RunningService & { port: number }> {
  return startRedisProcess('redis-server', (free) => ['--port', String(free)], port, dir);
}

/**
 * redis-server in any of its roles (a Sentinel, a Cluster node) on a loopback
 * port (`port`, else a free one), in a temp dir of its own; `args` are what
 * follows the defaults (a config file first, if any: redis-server reads it
 * before them). With `appendOnlyDir`, the data is kept there (append-only
 * file on, the dir not removed) instead.
 */
export async function startRedisProcess(
  name: string,
  args: (port: number, dir: string) => string[],
  port?: number,
  appendOnlyDir?: string,
): Promise<RunningService & { port: number }> {
  const binary = findOnPath('redis-server');
  if (!binary) throw missingServer('redis-server', 'not on PATH');
  const start = async (port: number): Promise<RunningService & { port: number }> => {
    const dir = appendOnlyDir === undefined ? makeTempDir('wb-test-redis-') : { path: appendOnlyDir, remove: () => undefined };
    const server = startServerProcess({
      name,
      command: binary,
      args: [...args(port, dir.path), '--bind', '127.0.0.1', '--save', '', '--appendonly', appendOnlyDir === undefined ? 'no' : 'yes', '--dir', dir.path],
      logPath: join(dir.path, 'redis.log'),
      stopSignal: 'SIGTERM',
    });
    const stop = async (): Promise<void> => {
      await server.stop();
      dir.remove();
    };
    try {
      await waitUntilReady(server, () => answersPing(port));
    } catch (error) {
      await stop();
      throw error;
    }
    return { url: `redis://127.0.0.1:${port}`, port, stop };
  };
  return port === undefined ? withPortRetries(name, start) : start(port);
}

/** A raw PING, so readiness polling does not need a client with its own reconnect logic. */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    const finish = (ready: boolean): void => {
      socket.destroy();
      resolve(ready);
    };
    socket.setTimeout(1_000, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\r\n')) finish(reply.startsWith('+PONG'));
    });
  });
}
