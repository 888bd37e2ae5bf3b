import { afterEach, describe, expect, it, vi } from 'vitest';
import { io as connectClient, type Socket } from 'socket.io-client';
import { apiErrorSchema } from '../../shared/api-error';
import { boardsDocumentSchema, boardsReplySchema, type BoardsReply } from '../../shared/boards';
import { boardSnapshotSchema, boardPatchSchema, SocketEvents, type ClientToServerEvents, type ServerToClientEvents } from '../../shared/socket-protocol';
import { liveSnapshotSchema } from '../../shared/snapshot';
import type { LiveOp } from '../../server/domain/live-state';
import pg from 'pg';
import { saveBoards } from '../../server/boards/board-store';
import { migrate } from '../../server/history/migrate';
import { startWallboard, type RunningWallboard } from '../../server/wallboard';
import { agentPut } from '../support/live-op-fixtures';
import { freshDatabaseUrl, testWallboardConfig } from '../support/services';
import { credentialsFor, signedFetch } from '../support/test-credentials';

/** Team boards: definitions over REST (admins change them, audited, on every node), and each board's room gets only its data. */

const WAIT = { timeout: 20_000, interval: 100 };
const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

const file = boardsDocumentSchema.parse({ boards: [{ name: 'sales', title: 'Sales floor', queues: ['sales'] }] });

type Config = ReturnType<typeof testWallboardConfig>;

async function configFor(label: string): Promise<Config> {
  return testWallboardConfig({ databaseUrl: await freshDatabaseUrl(label), queuesFile: 'config/queues.json' });
}

async function start(config: Config): Promise<RunningWallboard> {
  const node = await startWallboard({ config, ami: null, boards: file });
  closers.push(() => node.close());
  return node;
}

async function boardsOf(node: RunningWallboard, role: 'admin' | 'viewer' = 'admin'): Promise<BoardsReply> {
  return boardsReplySchema.parse(await (await signedFetch(node, '/api/boards', {}, role)).json());
}

function put(node: RunningWallboard, name: string, body: unknown, role: 'admin' | 'manager' | 'viewer' = 'admin'): Promise<Response> {
  return signedFetch(node, `/api/boards/${name}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }, role);
}

describe('saving boards in Postgres', () => {
  it('saves only on top of the version it started from: a save that crossed another is refused, not lost', async () => {
    const pool = new pg.Pool({ connectionString: await freshDatabaseUrl('team_boards_store') });
    closers.push(() => pool.end());
    await migrate(pool);
    const doc = (title: string) => boardsDocumentSchema.parse({ boards: [{ name: 'sales', title }] });
    const first = await saveBoards(pool, 'site-a', doc('one'), null);
    expect(first).toEqual(expect.any(Number));
    // a second "first save" (another node that had not seen it yet) is refused
    expect(await saveBoards(pool, 'site-a', doc('two'), null)).toBeNull();
    const second = await saveBoards(pool, 'site-a', doc('three'), first);
    expect(second).toBeGreaterThan(first!);
    expect(await saveBoards(pool, 'site-a', doc('four'), first)).toBeNull();
    const { rows } = await pool.query<{ title: string }>("SELECT document->'boards'->0->>'title' AS title FROM board_definitions WHERE site = 'site-a'");
    expect(rows).toEqual([{ title: 'three' }]);
    // sites are apart
    expect(await saveBoards(pool, 'site-b', doc('b'), null)).toEqual(expect.any(Number));
  });
});

describe('team boards over REST', () => {
  it('lets admins create, edit and delete boards, checked naming board and field, audited, on every node and after a restart', async () => {
    const config = await configFor('team_boards');
    const [a, b] = [await start(config), await start(config)];
    expect(await boardsOf(a, 'viewer')).toMatchObject({ source: 'file', boards: [{ name: 'main' }, { name: 'sales', queues: ['sales'] }] });
    expect((await boardsOf(a)).queues.map((q) => q.id)).toEqual(['sales', 'support', 'billing']);

    expect((await put(a, 'support', { title: 'Support' }, 'viewer')).status).toBe(403);
    expect((await put(a, 'support', { title: 'Support' }, 'manager')).status).toBe(403);
    const refused = await put(a, 'support', { title: 'Support', queues: ['support', 'nope'] });
    expect(refused.status).toBe(400);
    expect(apiErrorSchema.parse(await refused.json()).errors).toEqual([
      { path: 'boards.1.queues.1', message: 'board "support" (boards.1): queues.1: no queue "nope" (queues: sales, support, billing)' },
    ]);
    // the admin page asks in its language (client/src/auth/session.ts): a Russian page reads Russian problems at the same path
    const inRussian = await signedFetch(a, '/api/boards/support', {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'accept-language': 'ru' },
      body: JSON.stringify({ title: 'Support', queues: ['support', 'nope'] }),
    });
    expect(apiErrorSchema.parse(await inRussian.json()).errors).toEqual([
      { path: 'boards.1.queues.1', message: 'табло «support» (boards.1): queues.1: нет очереди «nope» (очереди: sales, support, billing)' },
    ]);
    const badPanel = apiErrorSchema.parse(await (await put(a, 'support', { title: 'Support', panels: { tiles: 'yes' } })).json());
    expect(badPanel.errors).toEqual([{ path: 'boards.1.panels.tiles', message: expect.stringMatching(/^board "support" \(boards\.1\): panels\.tiles: /) }]);
    expect(apiErrorSchema.parse(await (await put(a, 'main', { title: 'Mine' })).json()).errors[0]).toMatchObject({ path: 'name' });

    const created = await put(a, 'support', { title: 'Support', queues: ['support'], panels: { tickets: false } });
    expect(created.status).toBe(201);
    expect((await boardsOf(a)).boards.map((board) => board.name)).toEqual(['main', 'sales', 'support']);
    await vi.waitFor(async () => expect((await boardsOf(b)).boards.find((board) => board.name === 'support')).toMatchObject({ panels: { tickets: false } }), WAIT);

    // an edit made on b, from the version a saved: no lost update
    expect((await put(b, 'sales', { title: 'Sales', queues: ['sales', 'billing'] })).status).toBe(200);
    await vi.waitFor(async () => expect((await boardsOf(a)).boards.find((board) => board.name === 'sales')?.queues).toEqual(['sales', 'billing']), WAIT);
    expect((await signedFetch(a, '/api/boards/support', { method: 'DELETE' })).status).toBe(200);
    expect((await signedFetch(a, '/api/boards/support', { method: 'DELETE' })).status).toBe(404);

    await vi.waitFor(async () => {
      const { entries } = (await (await signedFetch(a, '/api/admin/audit')).json()) as { entries: { action: string; target: string; actor: string | null }[] };
      const boardEntries = entries.filter((entry) => entry.action.startsWith('board-')).map((entry) => [entry.action, entry.target]);
      expect(boardEntries.sort()).toEqual([
        ['board-deleted', '/api/boards/support'],
        ['board-saved', '/api/boards/sales'],
        ['board-saved', '/api/boards/support'],
      ]);
    }, WAIT);

    await a.close();
    const c = await start(config);
    expect(await boardsOf(c)).toMatchObject({ source: 'saved', boards: [{ name: 'main' }, { name: 'sales', title: 'Sales', queues: ['sales', 'billing'] }] });
  });

  it("gives a token limited to one board only that board's definition and snapshot", async () => {
    const config = await configFor('team_boards_token');
    const node = await start(config);
    await node.store.apply(config.site, [
      { op: 'queue.put', queue: { id: 'sales', serviceLevelSec: 20 } },
      { op: 'queue.put', queue: { id: 'support', serviceLevelSec: 20 } },
    ]);
    const tv = await credentialsFor(node, 'viewer', 'sales');
    const get = (path: string) => fetch(`${node.url}${path}`, { headers: tv.headers });
    expect(boardsReplySchema.parse(await (await get('/api/boards')).json()).boards.map((board) => board.name)).toEqual(['sales']);
    expect((await get('/api/boards/main')).status).toBe(403);
    const own = liveSnapshotSchema.parse(await (await get('/api/snapshot')).json());
    expect([own.board?.name, own.queues.map((q) => q.id)]).toEqual(['sales', ['sales']]);
    expect((await get('/api/snapshot?board=main')).status).toBe(403);
    // anyone else: ?board= filters, an unknown board is 404, a bad name 400
    expect(liveSnapshotSchema.parse(await (await signedFetch(node, '/api/snapshot?board=sales', {}, 'viewer')).json()).queues.map((q) => q.id)).toEqual(['sales']);
    expect((await signedFetch(node, '/api/snapshot?board=nope', {}, 'viewer')).status).toBe(404);
    expect((await signedFetch(node, '/api/snapshot?board=../x', {}, 'viewer')).status).toBe(400);
  });
});

type BoardSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

function caller(queueId: string, callId: string): LiveOp {
  return { op: 'waiting.put', caller: { queueId, callId, joinedAt: Date.now(), position: 1, callerId: null } };
}

/** Every queue id and agent id a board's messages carried, whole or in patches. */
interface Seen {
  queues: Set<string>;
  agents: Set<string>;
  wholes: { queues: string[]; title: string | undefined }[];
  disconnected: boolean;
}

async function openBoard(node: RunningWallboard, board: string): Promise<{ socket: BoardSocket; seen: Seen; reply: unknown }> {
  const creds = await credentialsFor(node, 'viewer');
  const socket: BoardSocket = connectClient(node.url, { transports: ['websocket'], reconnection: false, forceNew: true, ...creds.socket });
  closers.push(async () => socket.disconnect());
  const seen: Seen = { queues: new Set(), agents: new Set(), wholes: [], disconnected: false };
  socket.on(SocketEvents.snapshot, (raw) => {
    const { snapshot } = boardSnapshotSchema.parse(raw);
    for (const tile of snapshot.queues) seen.queues.add(tile.id);
    for (const row of snapshot.agents) seen.agents.add(row.id);
    seen.wholes.push({ queues: snapshot.queues.map((q) => q.id), title: snapshot.board?.title });
  });
  socket.on(SocketEvents.patch, (raw) => {
    const { patch } = boardPatchSchema.parse(raw);
    for (const tile of patch.queues?.added ?? []) seen.queues.add(tile.id);
    for (const update of patch.queues?.updated ?? []) seen.queues.add(update.id);
    for (const row of patch.agents?.added ?? []) seen.agents.add(row.id);
    for (const update of patch.agents?.updated ?? []) seen.agents.add(update.id);
  });
  socket.on('disconnect', () => (seen.disconnected = true));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  const reply = await socket.timeout(10_000).emitWithAck(SocketEvents.join, { board });
  return { socket, seen, reply };
}

describe("a team board's socket room", () => {
  it('never carries a queue or agent outside the board; an edit reaches open boards whole at once; a deleted board sends its screens away', async () => {
    const config = await configFor('team_boards_socket');
    const node = await start(config);
    const site = config.site;
    await node.store.apply(site, [
      { op: 'queue.put', queue: { id: 'sales', serviceLevelSec: 20 } },
      { op: 'queue.put', queue: { id: 'support', serviceLevelSec: 20 } },
      { op: 'queue.put', queue: { id: 'billing', serviceLevelSec: 20 } },
      agentPut('PJSIP/sales-1', ['sales']),
      agentPut('PJSIP/both-1', ['sales', 'support']),
      agentPut('PJSIP/support-1', ['support']),
    ]);
    const sales = await openBoard(node, 'sales');
    const main = await openBoard(node, 'main');
    expect(sales.reply).toMatchObject({ status: 'ok' });
    expect((await openBoard(node, 'nope')).reply).toEqual({ status: 'error', errors: ['no board "nope": an admin defines boards at /admin/boards'] });

    // changes in every queue, the other queues' too, pushed as patches
    for (let i = 0; i < 5; i++) {
      await node.store.apply(site, [caller('sales', `s${i}`), caller('support', `t${i}`), caller('billing', `b${i}`), agentPut(`PJSIP/support-${i + 2}`, ['support'])]);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    await vi.waitFor(() => expect(main.seen.agents.has('PJSIP/support-6')).toBe(true), WAIT);
    expect([...main.seen.queues].sort()).toEqual(['billing', 'sales', 'support']);
    expect([...sales.seen.queues]).toEqual(['sales']);
    expect([...sales.seen.agents].sort()).toEqual(['PJSIP/both-1', 'PJSIP/sales-1']);

    // the board edited: its open screens get the new filter whole, without waiting for a change
    const before = sales.seen.wholes.length;
    expect((await put(node, 'sales', { title: 'Support now', queues: ['support'] })).status).toBe(200);
    await vi.waitFor(() => expect(sales.seen.wholes.slice(before).at(-1)).toEqual({ queues: ['support'], title: 'Support now' }), WAIT);

    expect((await signedFetch(node, '/api/boards/sales', { method: 'DELETE' })).status).toBe(200);
    await vi.waitFor(() => expect(sales.seen.disconnected).toBe(true), WAIT);
    expect(main.seen.disconnected).toBe(false);
  });
});
