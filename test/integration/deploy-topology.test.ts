import { join } from 'node:path';
import { Redis } from 'ioredis';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSimulator } from '../../server/simulator/run-simulator';
import { DEMO_CONFIG } from '../../server/simulator/simulator-config';
import type { AsteriskSimulator } from '../../server/simulator/asterisk-simulator';
import { liveSnapshotSchema, type LiveSnapshot } from '../../shared/snapshot';
import { boardSnapshotSchema, SocketEvents, type ClientToServerEvents, type ServerToClientEvents } from '../../shared/socket-protocol';
import { startHaproxy, type RunningHaproxy } from '../support/haproxy';
import { keepInRunLogs } from '../support/run-log';
import { freeLoopbackPort, makeTempDir, startServerProcess, waitUntilReady, type ServerProcess } from '../support/server-process';
import { freshDatabaseUrl, redisUrl, uniqueSite } from '../support/services';
import { credentialsFor, type TestCredentials } from '../support/test-credentials';

/**
 * The deployment of deploy/docker-compose.nodes.yml as processes: three
 * wallboard servers (server/start.ts, as the image runs it) on one Redis, one
 * Postgres and one simulated PBX, behind HAProxy run from deploy/haproxy.cfg.
 * Everything listens on 127.0.0.1. The node that reads the PBX is killed with
 * SIGKILL: HAProxy's health check takes it out, requests and boards go on
 * through the others, and another node takes over the PBX.
 */

const AMI = { username: 'wallboard', secret: 'wallboard' };
const TIME_ZONE = 'Europe/Moscow';
const QUEUES = ['billing', 'sales', 'support'];
/** waits are generous: three servers start on a shared machine, and a takeover waits for the lease to expire */
const WAIT_MS = 60_000;

type BoardSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

interface Board {
  socket: BoardSocket;
  connects: number;
  latest: LiveSnapshot | null;
}

let simulator: AsteriskSimulator | null = null;
let haproxy: RunningHaproxy | null = null;
const nodes: ServerProcess[] = [];
const boards: Board[] = [];
let viewer: TestCredentials;
const logs = makeTempDir('wb-test-deploy-');
const site = uniqueSite('deploy');

beforeAll(async () => {
  // A flat day, so there is traffic whatever the hour the test runs at.
  simulator = await runSimulator({
    port: 0,
    ...AMI,
    speed: 100,
    config: { ...DEMO_CONFIG, timeZone: TIME_ZONE, intradayProfile: Array.from({ length: 96 }, () => 1), scale: 3 },
  });
  const databaseUrl = await freshDatabaseUrl('deploy');
  viewer = await credentialsFor({ databaseUrl }, 'viewer');
  const ports = [await freeLoopbackPort(), await freeLoopbackPort(), await freeLoopbackPort()];
  ports.forEach((port, index) => {
    const logPath = join(logs.path, `node${index + 1}.log`);
    const node = startServerProcess({
      name: `wallboard node${index + 1}`,
      command: process.execPath,
      args: ['--import', 'tsx', 'server/start.ts'],
      logPath,
      stopSignal: 'SIGTERM',
      env: {
        PATH: process.env.PATH,
        PORT: String(port),
        HOST: '127.0.0.1',
        REDIS_URL: redisUrl(),
        DATABASE_URL: databaseUrl,
        SITE: site,
        SITE_TZ: TIME_ZONE,
        SIMULATOR: 'off',
        AMI_HOST: '127.0.0.1',
        AMI_PORT: String(simulator!.port),
        AMI_USERNAME: AMI.username,
        AMI_SECRET: AMI.secret,
        LOG_LEVEL: 'info',
      },
    });
    keepInRunLogs(node.exited, logPath, `node${index + 1}`);
    nodes.push(node);
  });
  await Promise.all(nodes.map((node, index) => waitUntilReady(node, () => answers(`http://127.0.0.1:${ports[index]}/api/health`), WAIT_MS)));
  haproxy = await startHaproxy(ports.map((port) => `127.0.0.1:${port}`));
}, 150_000);

afterAll(async () => {
  for (const board of boards) board.socket.disconnect();
  await haproxy?.stop();
  await Promise.all(nodes.map((node) => node.stop()));
  await simulator?.stop();
  logs.remove();
});

describe('three nodes behind HAProxy', () => {
  it('serves health, the snapshot and live boards, and survives the reader being killed', async () => {
    const proxy = haproxy!;
    await eventually('HAProxy answers /api/health with 200', async () => (await fetch(`${proxy.url}/api/health`)).status === 200);
    await eventually('the snapshot through HAProxy has the queues', async () => queueIds(await snapshotThrough(proxy)).join() === QUEUES.join());

    // Three boards: round robin spreads them over the nodes HAProxy has up, so with all three up one is on the
    // reader (a reader still logging in to the PBX fails its check, and boards would then all go to the others).
    await eventually('HAProxy has all three nodes up', async () => Object.values(await proxy.serverStates()).filter((state) => state.startsWith('UP')).length === 3);
    for (let i = 0; i < 3; i++) boards.push(await openBoard(proxy.url));
    const seqBeforeKill = await eventually('every board has had an update', async () => {
      const seqs = boards.map((board) => board.latest?.seq ?? -1);
      return Math.min(...seqs) >= 0 ? Math.max(...seqs) : null;
    });

    const reader = await readerNode();
    const connectsBefore = boards.map((board) => board.connects);
    await reader.kill('SIGKILL');
    const name = `node${nodes.indexOf(reader) + 1}`;

    await eventually(`HAProxy marks ${name} down`, async () => (await proxy.serverStates())[name]?.startsWith('DOWN') ?? false);
    // Another node takes the lease, reads the PBX and passes its check.
    await eventually('HAProxy answers /api/health with 200 again', async () => (await fetch(`${proxy.url}/api/health`)).status === 200);
    for (let i = 0; i < 10; i++) {
      expect((await fetch(`${proxy.url}/api/health`)).status).toBe(200);
      expect(queueIds(await snapshotThrough(proxy))).toEqual(QUEUES);
    }
    const newReader = await readerNode();
    expect(newReader).not.toBe(reader);

    // Boards on the dead node reconnect to another; every board sees the live state move on after the kill.
    await eventually('every board gets updates after the kill', async () => boards.every((board) => (board.latest?.seq ?? -1) > seqBeforeKill));
    // Round robin put a board on every node that was up when they opened, the reader among them: that one had to reconnect.
    expect(boards.filter((board, index) => board.connects > connectsBefore[index]!).length).toBeGreaterThanOrEqual(1);
  }, 180_000);
});

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url);
    return true;
  } catch {
    return false;
  }
}

async function snapshotThrough(proxy: RunningHaproxy): Promise<LiveSnapshot> {
  const response = await fetch(`${proxy.url}/api/snapshot`, { headers: viewer.headers });
  expect(response.status).toBe(200);
  return liveSnapshotSchema.parse(await response.json());
}

function queueIds(snapshot: LiveSnapshot): string[] {
  return snapshot.queues.map((queue) => queue.id).sort();
}

/**
 * A board as the page opens it (HTTP long-polling, then the websocket upgrade),
 * keeping HAProxy's cookie like a browser so the session's requests reach one
 * node; it joins again on every reconnect, as client/src/board-feed.ts does.
 */
async function openBoard(url: string): Promise<Board> {
  const socket: BoardSocket = io(url, { withCredentials: true, reconnectionDelay: 200, reconnectionDelayMax: 1_000, ...viewer.socket });
  const board: Board = { socket, connects: 0, latest: null };
  socket.on('connect', () => {
    board.connects++;
    socket.emit(SocketEvents.join, { board: 'main' }, () => undefined);
  });
  socket.on(SocketEvents.snapshot, (message) => {
    board.latest = boardSnapshotSchema.parse(message).snapshot;
  });
  await eventually('a board connects through HAProxy', async () => board.latest !== null);
  return board;
}

/** The node holding the PBX reader lease (`wb:{site}:reader`): its owner id is host:pid:random. */
async function readerNode(): Promise<ServerProcess> {
  const redis = new Redis(redisUrl());
  try {
    return await eventually('a node holds the reader lease', async () => {
      const owner = await redis.get(`wb:{${site}}:reader`);
      return nodes.find((node) => node.exitReason() === null && owner?.includes(`:${node.pid}:`)) ?? null;
    });
  } finally {
    redis.disconnect();
  }
}

/** Polls `check` until it returns something other than false or null; fails naming what never happened, with the nodes' logs. */
async function eventually<T>(what: string, check: () => Promise<T | false | null>): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  let lastError: unknown = null;
  while (Date.now() < deadline) {
    try {
      const result = await check();
      if (result !== false && result !== null) return result;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const tails = nodes.map((node) => `--- ${node.name} (${node.exitReason() ?? 'running'}):\n${node.logTail()}`).join('\n');
  throw new Error(`${what}: not within ${WAIT_MS} ms (last error: ${String(lastError)})\n${tails}`);
}
