import { readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startRedis } from '../support/redis-server';
import { freeLoopbackPort, makeTempDir, type RunningService } from '../support/server-process';
import { uniqueSite } from '../support/services';
import { startWallboardProcess, type WallboardProcess } from '../support/wallboard-process';

/**
 * The server as `npm start` runs it, with its dependencies down or hung: it
 * starts, says what is wrong without hanging, and recovers when they are back.
 */

/** The bound is 1 s; the margin absorbs a loaded test machine, not a hang (ioredis alone waited ~10 s). */
const HEALTH_BOUND_MS = 3_000;

let wallboard: WallboardProcess | null = null;
let redis: RunningService | null = null;
let silent: { close(): Promise<void> } | null = null;
const logs = makeTempDir('wb-test-degraded-');
afterEach(async () => {
  await wallboard?.process.stop();
  await redis?.stop();
  await silent?.close();
  wallboard = redis = silent = null;
});

/** Everything the process wrote to stdout and stderr. */
function outputOf(node: WallboardProcess): string {
  return readFileSync(join(logs.path, `${node.name}.log`), 'utf8');
}

interface Health {
  status: string;
  checks: Record<string, { ok: boolean; detail?: string }>;
}

async function timedHealth(url: string): Promise<{ ms: number; status: number; body: Health }> {
  const started = performance.now();
  const response = await fetch(`${url}/api/health`);
  const body = (await response.json()) as Health;
  return { ms: performance.now() - started, status: response.status, body };
}

/** A TCP server that accepts connections and never answers: a hung Redis or Postgres. */
async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets: Socket[] = [];
  const server: Server = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('not listening');
  return {
    port: address.port,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function nonJsonLines(output: string): string[] {
  return output
    .split('\n')
    .filter((line) => line.trim() !== '')
    .filter((line) => {
      try {
        return typeof JSON.parse(line) !== 'object';
      } catch {
        return true;
      }
    });
}

describe('start-up with the live store and history down', () => {
  it('serves a degraded board at once, logs only JSON, and recovers when Redis comes up', async () => {
    const redisPort = await freeLoopbackPort();
    const postgresPort = await freeLoopbackPort();
    wallboard = await startWallboardProcess('down', {
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      DATABASE_URL: `postgres://wallboard@127.0.0.1:${postgresPort}/wallboard`,
      SIMULATOR: 'false',
      SITE: uniqueSite('degraded'),
      LOG_LEVEL: 'info',
      DATA_DIR: logs.path,
    }, logs.path);

    const down = await timedHealth(wallboard.url);
    expect(down.ms).toBeLessThan(HEALTH_BOUND_MS);
    expect(down.status).toBe(503);
    expect(down.body.status).toBe('down');
    expect(down.body.checks.liveStore?.ok).toBe(false);
    expect(down.body.checks.history?.ok).toBe(false);

    // the page is served (this checkout may not have built it: then the "not built yet" text)
    const page = await fetch(`${wallboard.url}/`);
    expect(page.status === 200 || (await page.text()).includes('not built yet')).toBe(true);

    redis = await startRedis(redisPort);
    await vi.waitFor(
      async () => {
        const up = await timedHealth(wallboard!.url);
        expect(up.body.checks.liveStore).toEqual({ ok: true, detail: 'redis' });
        expect(up.body.checks.history?.ok).toBe(false);
      },
      { timeout: 30_000, interval: 200 },
    );
    const output = outputOf(wallboard);
    expect(output).toContain('live store answered');
    // ioredis' own connection errors went through the structured log
    expect(output).toContain('live store (Redis) connection error');
    expect(output).not.toContain('[ioredis]');
    expect(nonJsonLines(output)).toEqual([]);
  });

  it('answers /api/health within the bound while Redis and Postgres accept connections and never answer', async () => {
    const hung = await silentServer();
    silent = hung;
    wallboard = await startWallboardProcess('hung', {
      REDIS_URL: `redis://127.0.0.1:${hung.port}`,
      DATABASE_URL: `postgres://wallboard@127.0.0.1:${hung.port}/wallboard`,
      SIMULATOR: 'false',
      SITE: uniqueSite('hung'),
      LOG_LEVEL: 'info',
      DATA_DIR: logs.path,
    }, logs.path);
    for (let i = 0; i < 3; i++) {
      const health = await timedHealth(wallboard.url);
      expect(health.ms).toBeLessThan(HEALTH_BOUND_MS);
      expect(health.body.checks.liveStore).toEqual({ ok: false, detail: 'no answer within 500 ms' });
    }
    expect(nonJsonLines(outputOf(wallboard))).toEqual([]);
  });
});
