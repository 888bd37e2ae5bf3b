/**
 * SIGTERM during an outage: the server (a real process, `server/start.ts`)
 * stops taking input, flushes what it can, exits within SHUTDOWN_TIMEOUT_MS and
 * logs how many live events and history facts it could not write.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { signedGenericHeaders } from '../../server/ingest/webhooks/sign';
import { FakeAmi, frame } from '../support/fake-ami';
import { startRedis } from '../support/redis-server';
import { keepInRunLogs } from '../support/run-log';
import { freeLoopbackPort, makeTempDir, startServerProcess, waitUntilReady, type RunningService, type ServerProcess } from '../support/server-process';

const SHUTDOWN_TIMEOUT_MS = 3_000;
/** The process must be gone by the deadline; this covers signal delivery and process exit on a busy machine. */
const EXIT_SLACK_MS = 1_500;
const SECRET = 'shutdown-test-secret';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Started {
  server: ServerProcess;
  url: string;
  ami: FakeAmi;
  logPath: string;
  redis: RunningService;
}

/** A Redis of this test's own (it is stopped), a fake PBX, Postgres on a port nobody listens on. */
async function startServer(): Promise<Started> {
  const redis = await startRedis();
  cleanups.push(() => redis.stop());
  const ami = await FakeAmi.start();
  cleanups.push(() => ami.stop());
  ami.onAction = (session, action) => {
    if (action.fields.action !== 'QueueStatus') return;
    const id = `ActionID: ${action.fields.actionid}`;
    session.send(frame(['Response: Success', id, 'EventList: start']) + frame(['Event: QueueStatusComplete', id, 'EventList: Complete', 'ListItems: 0']));
  };
  const [port, deadPgPort] = [await freeLoopbackPort(), await freeLoopbackPort()];
  const dir = makeTempDir('wb-shutdown-');
  cleanups.push(() => dir.remove());
  const logPath = join(dir.path, 'server.log');
  const server = startServerProcess({
    name: 'wallboard',
    command: process.execPath,
    args: ['--import', 'tsx', 'server/start.ts'],
    logPath,
    stopSignal: 'SIGTERM',
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      HOST: '127.0.0.1',
      SIMULATOR: 'off',
      AMI_HOST: '127.0.0.1',
      AMI_PORT: String(ami.port),
      AMI_USERNAME: 'wallboard',
      AMI_SECRET: 'secret',
      REDIS_URL: redis.url,
      DATABASE_URL: `postgres://wallboard@127.0.0.1:${deadPgPort}/wallboard`,
      WEBHOOK_SECRET_GENERIC: SECRET,
      SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
      LOG_LEVEL: 'info',
      // its database is a dead port: nowhere to mint credentials in, and the test is about the shutdown
      AUTH: 'off',
    },
  });
  keepInRunLogs(server.exited, logPath, 'shutdown-deadline');
  cleanups.push(() => server.stop());
  const url = `http://127.0.0.1:${port}`;
  await waitUntilReady(server, async () => (await metric(url, 'wallboard_ami_connected')) === 1);
  return { server, url, ami, logPath, redis };
}

async function metric(url: string, name: string): Promise<number | undefined> {
  try {
    const text = await (await fetch(`${url}/metrics`)).text();
    const match = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** SIGTERM, and the ms until the process is gone. */
async function terminate(server: ServerProcess): Promise<number> {
  const sentAt = performance.now();
  const stopping = server.stop();
  await server.exited;
  await stopping;
  return performance.now() - sentAt;
}

function logLines(logPath: string): Record<string, unknown>[] {
  return readFileSync(logPath, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const callerJoined = (n: number): string =>
  frame(['Event: QueueCallerJoin', 'Queue: sales', `Uniqueid: 1700000000.${n}`, 'Position: 1', `Timestamp: ${1_764_662_400 + n}.000000`]);

describe('shutdown within SHUTDOWN_TIMEOUT_MS', () => {
  it('exits by the deadline while Redis is down and logs the live events it could not apply', async () => {
    const { server, ami, logPath, redis, url } = await startServer();
    await redis.stop();
    const events = 20;
    ami.current.send(Array.from({ length: events }, (_, n) => callerJoined(n)).join(''));
    await until('the events to be taken', async () => (await metric(url, 'wallboard_ami_events_total')) === events);

    const tookMs = await terminate(server);
    expect(tookMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS + EXIT_SLACK_MS);
    expect(server.exitReason()).toBe('exit 0');
    expect(logLines(logPath)).toContainEqual(
      expect.objectContaining({ msg: 'shut down with work not flushed', liveEventsNotApplied: events }),
    );
  });

  it('exits by the deadline while Postgres is unreachable and logs the history facts it could not write', async () => {
    const { server, logPath, url } = await startServer();
    const body = JSON.stringify({ eventId: 'e1', ticketId: 'T-1', occurredAt: '2026-12-01T09:00:00.000Z', kind: 'created', priority: 'high', channel: 'email' });
    const reply = await fetch(`${url}/api/webhooks/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signedGenericHeaders(body, 'default', SECRET) },
      body,
    });
    expect(reply.status).toBe(200);
    await until('the history writer to hold the fact', async () => (await metric(url, 'wallboard_history_buffered_facts')) === 1);

    const tookMs = await terminate(server);
    expect(tookMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS + EXIT_SLACK_MS);
    expect(server.exitReason()).toBe('exit 0');
    expect(logLines(logPath)).toContainEqual(
      expect.objectContaining({ msg: 'shut down with work not flushed', liveEventsNotApplied: 0, historyFactsNotWritten: 1 }),
    );
  });
});
