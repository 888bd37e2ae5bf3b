import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callbacksReplySchema, type CallbacksReply } from '../../shared/callbacks';
import type { AsteriskSimulator } from '../../server/simulator/asterisk-simulator';
import { DEMO_CONFIG } from '../../server/simulator/simulator-config';
import type { RunningWallboard } from '../../server/wallboard';
import { startCallCenterRun, type CallCenterRun } from '../support/call-center-run';
import { freshDatabaseUrl } from '../support/services';
import { credentialsFor, signedFetch, type TestCredentials } from '../support/test-credentials';

/**
 * Callbacks against the truth: a simulated day of the demo call center (with
 * withheld numbers and callers who call again, some into another queue, some
 * as +7...) over TCP AMI into a wallboard with Postgres history; the list
 * /api/callbacks gives is the one the simulator's ledger keeps of callers
 * still lost. Then who may mark one done, with what, and what that changes.
 */

const DAY = '2026-11-18';
const DAY_START = Date.parse(`${DAY}T00:00:00+03:00`);
const RUN_SEC = 19 * 3600;

/** The demo site on a busy day, and callers keener to call again: several abandons of one number show up. */
const BUSY_DAY = { ...DEMO_CONFIG, seed: 11, scale: 1.6, chances: { ...DEMO_CONFIG.chances, callAgain: 0.8 } };

let run: CallCenterRun;
let simulator: AsteriskSimulator;
let wallboard: RunningWallboard;
let manager: TestCredentials;
let viewer: TestCredentials;

async function list(path = '/api/callbacks', creds = viewer): Promise<CallbacksReply> {
  const response = await fetch(`${wallboard.url}${path}`, { headers: creds.headers });
  expect(response.status).toBe(200);
  return callbacksReplySchema.parse(await response.json());
}

function markDone(id: string, creds: TestCredentials, headers: Record<string, string> = {}, body: unknown = {}): Promise<Response> {
  return fetch(`${wallboard.url}/api/callbacks/${id}/done`, {
    method: 'POST',
    headers: { ...creds.headers, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

beforeAll(async () => {
  run = await startCallCenterRun({ startAt: DAY_START, site: BUSY_DAY, databaseUrl: await freshDatabaseUrl('callbacks') });
  ({ simulator, wallboard } = run);
  for (let at = 0; at < RUN_SEC; at += 3600) {
    await simulator.runFor(3600);
    await run.caughtUp();
  }
  // Every call finished (an answer still talking is in history only once it ends): the ledger and history agree.
  await simulator.drain();
  await run.caughtUp();
  await wallboard.history!.writer.settled();
  manager = await credentialsFor(wallboard, 'manager');
  viewer = await credentialsFor(wallboard, 'viewer');
}, 600_000);

afterAll(async () => {
  await run?.close();
});

describe('callbacks', () => {
  it("list today's lost callers exactly as the simulator's ledger knows them", async () => {
    expect(simulator.calendar.day(simulator.now())).toBe(DAY);
    const reply = await list();
    const truth = simulator.ledger.lostCallersOn(DAY);
    expect(reply.day).toBe(DAY);
    expect(reply.rows.map(({ callerId, queueId, waitSec, abandonedAt, attempts }) => ({ callerId, queueId, waitSec, abandonedAt, attempts }))).toEqual(
      truth.callers.map((c) => ({ callerId: c.number, queueId: c.queueId, waitSec: c.waitSec, abandonedAt: new Date(c.abandonedAt).toISOString(), attempts: c.attempts })),
    );
    expect(reply.withheld).toBe(truth.withheld);
    expect(reply.shortAbandons).toBe(truth.shortAbandons);
    // the run is one that exercises the definition: lost callers, repeats, withheld numbers
    expect(reply.rows.length).toBeGreaterThan(10);
    expect(reply.rows.some((row) => row.attempts > 1)).toBe(true);
    expect(reply.withheld).toBeGreaterThan(0);
    console.info(`callbacks truth run: ${reply.rows.length} lost callers (${reply.rows.filter((r) => r.attempts > 1).length} tried more than once), ${reply.withheld} withheld, ${reply.shortAbandons} short abandons`);

    const queue = reply.rows[0]!.queueId;
    const inQueue = await list(`/api/callbacks?queue=${queue}`);
    expect(inQueue.rows).toEqual(reply.rows.filter((row) => row.queueId === queue));
  });

  it("gives a token limited to a team board only its board's queues' callers", async () => {
    const saved = await signedFetch(wallboard, '/api/boards/sales', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Sales', queues: ['sales'] }),
    });
    expect(saved.status).toBe(201);
    const salesScreen = await credentialsFor(wallboard, 'viewer', 'sales');
    const everyone = await list();
    const limited = await list('/api/callbacks', salesScreen);
    expect(limited.rows.length).toBeGreaterThan(0);
    expect(limited.rows).toEqual(everyone.rows.filter((row) => row.queueId === 'sales'));
    expect(everyone.rows.some((row) => row.queueId !== 'sales')).toBe(true);
  });

  it('offers the list as CSV', async () => {
    const response = await fetch(`${wallboard.url}/api/callbacks?format=csv`, { headers: viewer.headers });
    expect(response.status).toBe(200);
    const lines = (await response.text()).trim().split(/\r?\n/);
    expect(lines[0]).toBe('callerId,queueId,waitSec,abandonedAt,attempts');
    expect(lines).toHaveLength((await list()).rows.length + 1);
  });

  it('refuses bad query parameters, naming them', async () => {
    const response = await fetch(`${wallboard.url}/api/callbacks?format=xml`, { headers: viewer.headers });
    expect(response.status).toBe(400);
    expect((await response.json()).errors[0].path).toBe('format');
  });

  it('lets a manager mark one done with the CSRF header, not a viewer, and audits it', async () => {
    const before = await list();
    const row = before.rows[0]!;
    expect((await markDone(row.id, viewer)).status).toBe(403);
    expect((await markDone(row.id, manager, { 'x-csrf-token': 'forged' })).status).toBe(403);
    const withoutCsrf = { ...manager, headers: { cookie: manager.headers.cookie! } };
    expect((await markDone(row.id, withoutCsrf)).status).toBe(403);
    expect((await list()).rows).toEqual(before.rows);

    const marked = await markDone(row.id, manager, {}, { note: 'left a voicemail' });
    expect(marked.status).toBe(200);
    expect(await marked.json()).toEqual({ status: 'marked' });
    const after = await list();
    expect(after.rows).toEqual(before.rows.slice(1));
    expect(after.done).toBe(before.done + 1);
    expect(await (await markDone(row.id, manager)).json()).toEqual({ status: 'already-done' });

    const audit = await (await signedFetch(wallboard, '/api/admin/audit')).json();
    expect(audit.entries.some((e: { action: string; actor: string }) => e.action === 'callback-done' && e.actor === manager.name)).toBe(true);
  });

  it('refuses ids it did not make, calls that are no abandon, and bad notes', async () => {
    const bad = await markDone('not-an-id', manager);
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors[0].path).toBe('id');
    const nowhere = Buffer.from(JSON.stringify(['support', 'no-such-call', DAY_START])).toString('base64url');
    expect((await markDone(nowhere, manager)).status).toBe(404);
    const row = (await list()).rows[0]!;
    const longNote = await markDone(row.id, manager, {}, { note: 'x'.repeat(201) });
    expect(longNote.status).toBe(400);
    expect((await longNote.json()).errors[0].path).toBe('note');
    expect((await list()).rows[0]).toEqual(row);
  });
});
