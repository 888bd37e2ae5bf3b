import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findOnPath, freeLoopbackPort, makeTempDir, startServerProcess, waitUntilReady, type ServerProcess } from './server-process';

/**
 * HAProxy run from deploy/haproxy.cfg, the file the compose deployment mounts,
 * with its addresses on loopback: it listens on 127.0.0.1 only.
 */

export interface RunningHaproxy {
  /** http://127.0.0.1:<port> boards and browsers use */
  url: string;
  /** each backend server's state as HAProxy's health checks see it (`UP`, `DOWN`, `UP 1/2` ...) */
  serverStates(): Promise<Record<string, string>>;
  process: ServerProcess;
  stop(): Promise<void>;
}

const CONFIG = join(process.cwd(), 'deploy', 'haproxy.cfg');

/** `nodes` are the wallboard nodes' host:port, node1 first. */
export async function startHaproxy(nodes: readonly string[]): Promise<RunningHaproxy> {
  // Debian puts it in /usr/sbin, off an unprivileged user's PATH.
  const binary = findOnPath('haproxy') ?? (existsSync('/usr/sbin/haproxy') ? '/usr/sbin/haproxy' : null);
  if (!binary) throw new Error('haproxy is needed by the deployment test but was not found: run scripts/install-test-deps.sh');
  const [port, statsPort] = [await freeLoopbackPort(), await freeLoopbackPort()];
  const dir = makeTempDir('wb-test-haproxy-');
  const statsUrl = `http://127.0.0.1:${statsPort}`;
  const haproxy = startServerProcess({
    name: 'haproxy',
    command: binary,
    args: ['-db', '-f', CONFIG],
    logPath: join(dir.path, 'haproxy.log'),
    stopSignal: 'SIGTERM',
    env: {
      PATH: process.env.PATH,
      HAPROXY_BIND: `127.0.0.1:${port}`,
      HAPROXY_STATS_BIND: `127.0.0.1:${statsPort}`,
      ...Object.fromEntries(nodes.map((address, index) => [`WALLBOARD_NODE${index + 1}`, address])),
    },
  });
  const stop = async (): Promise<void> => {
    await haproxy.stop();
    dir.remove();
  };
  const serverStates = async (): Promise<Record<string, string>> => {
    const csv = await (await fetch(`${statsUrl}/stats;csv`)).text();
    const [header, ...rows] = csv.replace(/^# /, '').trim().split('\n').map((line) => line.split(','));
    const [name, server, status] = ['pxname', 'svname', 'status'].map((column) => header!.indexOf(column));
    return Object.fromEntries(
      rows.filter((row) => row[name!] === 'nodes' && row[server!] !== 'BACKEND').map((row) => [row[server!]!, row[status!]!]),
    );
  };
  try {
    await waitUntilReady(haproxy, () => serverStates().then(() => true, () => false), 20_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `http://127.0.0.1:${port}`, serverStates, process: haproxy, stop };
}
