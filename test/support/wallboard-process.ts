import { join } from 'node:path';
import { keepInRunLogs } from './run-log';
import { freeLoopbackPort, startServerProcess, waitUntilReady, type ServerProcess } from './server-process';

/**
 * The wallboard as a real server process (`server/start.ts` under tsx), for
 * tests about what only processes show: a SIGKILL, several nodes on one Redis.
 */
export interface WallboardProcess {
  name: string;
  url: string;
  process: ServerProcess;
  health(): Promise<{ httpStatus: number; body: HealthBody } | null>;
  /** a counter or gauge of /metrics without labels; null while the process does not answer */
  metric(name: string): Promise<number | null>;
}

export interface HealthBody {
  status: string;
  role?: 'reader' | 'standby';
  reader?: string | null;
  checks: Record<string, { ok: boolean; detail?: string }>;
}

/**
 * Starts `server/start.ts` with `env` on a free loopback port; resolves once /api/health answers.
 * Access control is off (AUTH=off) unless `env` says otherwise: these tests read health's checks,
 * /metrics and snapshots of processes that may have no database to mint credentials in.
 */
export async function startWallboardProcess(name: string, env: Record<string, string>, logDir: string): Promise<WallboardProcess> {
  const port = await freeLoopbackPort();
  const logPath = join(logDir, `${name}.log`);
  const process_ = startServerProcess({
    name,
    command: process.execPath,
    args: ['--import', 'tsx', 'server/start.ts'],
    logPath,
    stopSignal: 'SIGTERM',
    env: { ...process.env, AUTH: 'off', ...env, PORT: String(port), HOST: '127.0.0.1' },
  });
  keepInRunLogs(process_.exited, logPath, name);
  const url = `http://127.0.0.1:${port}`;
  const node: WallboardProcess = {
    name,
    url,
    process: process_,
    async health() {
      try {
        const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5_000) });
        return { httpStatus: response.status, body: (await response.json()) as HealthBody };
      } catch {
        return null;
      }
    },
    async metric(metricName) {
      try {
        const text = await (await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5_000) })).text();
        const match = new RegExp(`^${metricName} ([0-9.e+-]+)$`, 'm').exec(text);
        return match ? Number(match[1]) : null;
      } catch {
        return null;
      }
    },
  };
  await waitUntilReady(process_, async () => (await node.health()) !== null, 90_000);
  return node;
}
