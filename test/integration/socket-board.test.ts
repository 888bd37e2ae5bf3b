import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  boardHeartbeatSchema,
  boardJoinReplySchema,
  boardSnapshotSchema,
  PROTOCOL_VERSION,
  UPDATE_COALESCE_MS,
  type BoardSnapshot,
} from '../../shared/socket-protocol';
import type { LiveOp } from '../../server/domain/live-state';
import { agentPut } from '../support/live-op-fixtures';
import { startBoardHarness, type BoardClient, type BoardHarness, type Received } from '../support/socket-harness';

/** generous: the machine is shared, and nothing here measures speed */
const WAIT = { timeout: 15_000, interval: 10 };
const QUEUE = 'support';

let harness: BoardHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function start(options?: Parameters<typeof startBoardHarness>[0]): Promise<BoardHarness> {
  harness = await startBoardHarness(options);
  return harness;
}

const queuePut: LiveOp = { op: 'queue.put', queue: { id: QUEUE, serviceLevelSec: 20 } };

function callerWaiting(callId: string, joinedAt = Date.now()): LiveOp {
  return { op: 'waiting.put', caller: { queueId: QUEUE, callId, joinedAt, position: 1, callerId: null } };
}

function agentIn(index: number, options: { pausedReason?: string | null; name?: string } = {}): LiveOp {
  return agentPut(agentId(index), [QUEUE], { name: `Agent ${index}`, ...options });
}

function agentId(index: number): string {
  return `PJSIP/${1000 + index}`;
}

async function joined(client: BoardClient, board: string): Promise<BoardSnapshot> {
  const before = client.snapshots.length;
  expect(await client.join({ board })).toEqual({ status: 'ok', protocol: PROTOCOL_VERSION });
  await vi.waitFor(() => expect(client.snapshots.length).toBeGreaterThan(before), WAIT);
  return client.latestSnapshot()!;
}

function waitingIn(message: BoardSnapshot | undefined): number | undefined {
  return message?.snapshot.queues.find((q) => q.id === QUEUE)?.waiting;
}

/** The most messages received within any 1-second span (inclusive at both ends). */
function mostInOneSecond(received: readonly Received<unknown>[]): number {
  let most = 0;
  for (const [i, first] of received.entries()) {
    const within = received.slice(i).filter((r) => r.atMs - first.atMs <= 1000).length;
    most = Math.max(most, within);
  }
  return most;
}

describe('board socket fan-out', () => {
  it('acknowledges a join and sends the whole snapshot at once', async () => {
    const h = await start();
    const seq = await h.apply(queuePut, agentIn(1), agentIn(2), callerWaiting('c1'));
    const client = await h.connect();

    const reply = await client.join({ board: 'floor-1' });

    expect(boardJoinReplySchema.parse(reply)).toEqual({ status: 'ok', protocol: PROTOCOL_VERSION });
    await vi.waitFor(() => expect(client.snapshots.length).toBeGreaterThan(0), WAIT);
    const message = boardSnapshotSchema.parse(client.snapshots[0]!.message);
    expect(message.board).toBe('floor-1');
    expect(message.snapshot.site).toBe('test');
    expect(message.snapshot.seq).toBe(seq);
    expect(message.snapshot.agents.map((a) => a.id)).toEqual(['PJSIP/1001', 'PJSIP/1002']);
    expect(message.snapshot.queues.map((q) => [q.id, q.waiting])).toEqual([[QUEUE, 1]]);
  });

  it('pushes an updated snapshot to a joined board after the live state changes', async () => {
    const h = await start();
    await h.apply(queuePut);
    const client = await h.connect();
    expect(waitingIn(await joined(client, 'floor-1'))).toBe(0);

    const joinedAt = Date.now() - 5_000;
    const seq = await h.apply(callerWaiting('c1', joinedAt));

    await vi.waitFor(() => expect(client.latestSnapshot()?.snapshot.seq).toBe(seq), WAIT);
    const tile = boardSnapshotSchema.parse(client.latestSnapshot()).snapshot.queues.find((q) => q.id === QUEUE);
    expect(tile).toMatchObject({ waiting: 1, oldestJoinedAt: new Date(joinedAt).toISOString() });
    expect(tile!.longestWaitSec).toBeGreaterThanOrEqual(5);
  });

  it('coalesces a burst of changes into few updates, at most one per UPDATE_COALESCE_MS, sent as patches, ending on the newest state', async () => {
    const h = await start({ wholeEveryMs: 60_000 });
    await h.apply(queuePut);
    const client = await h.connect();
    await joined(client, 'floor-1');
    const afterJoin = client.snapshots.length;

    const changes = 200;
    let seq = 0;
    // Spread over a couple of seconds so the coalescing gap, not only one build's worth of changes, is exercised.
    for (let i = 0; i < changes; i++) {
      seq = await h.apply(callerWaiting(`c${i}`));
      await sleep(5);
    }

    await vi.waitFor(() => expect(client.latestSnapshot()?.snapshot.seq).toBe(seq), WAIT);
    const updates = client.snapshots.slice(afterJoin);
    expect(waitingIn(boardSnapshotSchema.parse(updates.at(-1)?.message))).toBe(changes);
    expect(updates.length).toBeGreaterThan(1);
    expect(updates.length).toBeLessThan(changes / 2);
    expect(client.kinds.slice(afterJoin)).toEqual(updates.map(() => 'patch'));
    // The server spaces pushes more than UPDATE_COALESCE_MS apart; two more allow for jitter in delivery.
    expect(mostInOneSecond(updates)).toBeLessThanOrEqual(1000 / UPDATE_COALESCE_MS + 2);
    const seqs = updates.map((u) => u.message.snapshot.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it('sends changes as patches, and the whole snapshot again every wholeEveryMs as a check', async () => {
    const h = await start({ wholeEveryMs: 400 });
    await h.apply(queuePut);
    const client = await h.connect();
    await joined(client, 'floor-1');
    const afterJoin = client.snapshots.length;

    let seq = 0;
    for (let i = 0; i < 30; i++) {
      seq = await h.apply(callerWaiting(`c${i}`));
      await sleep(60);
    }

    await vi.waitFor(() => expect(client.latestSnapshot()?.snapshot.seq).toBe(seq), WAIT);
    const kinds = client.kinds.slice(afterJoin);
    expect(kinds.filter((k) => k === 'patch').length).toBeGreaterThan(kinds.filter((k) => k === 'whole').length);
    expect(kinds).toContain('whole');
    expect(client.resyncs).toBe(0);
    // versions go up by one per update, whether patch or whole
    const versions = client.snapshots.map((r) => r.message.version);
    expect(versions.slice(1).every((v, i) => v === versions[i]! + 1)).toBe(true);
    // what the patches built equals what the server serves whole
    const whole = await h.connect();
    const served = await joined(whole, 'floor-1');
    expect(served.snapshot.seq).toBe(seq);
    expect({ ...client.latestSnapshot()!.snapshot, at: '' }).toEqual({ ...served.snapshot, at: '' });
  });

  it('a client that missed a patch asks for the whole snapshot and is brought up to date', async () => {
    const h = await start({ wholeEveryMs: 60_000 });
    await h.apply(queuePut);
    const client = await h.connect();
    await joined(client, 'floor-1');

    client.losePatches(1);
    let seq = await h.apply(callerWaiting('c1'));
    await sleep(200);
    expect(client.latestSnapshot()?.snapshot.seq).not.toBe(seq);
    seq = await h.apply(callerWaiting('c2'));

    await vi.waitFor(() => expect(client.latestSnapshot()?.snapshot.seq).toBe(seq), WAIT);
    expect(client.resyncs).toBe(1);
    expect(client.kinds.at(-1)).toBe('whole');
    expect(waitingIn(client.latestSnapshot())).toBe(2);
    // and it follows patches again
    seq = await h.apply(callerWaiting('c3'));
    await vi.waitFor(() => expect(client.latestSnapshot()?.snapshot.seq).toBe(seq), WAIT);
    expect(client.kinds.at(-1)).toBe('patch');
  });

  it('delivers every update to every client of a room written in slices', async () => {
    const h = await start({ sliceSize: 7 });
    await h.apply(queuePut);
    const clients = await Promise.all(Array.from({ length: 40 }, () => h.connect()));
    for (const client of clients) await joined(client, 'floor-1');

    let seq = 0;
    for (let i = 0; i < 5; i++) {
      seq = await h.apply(callerWaiting(`c${i}`));
      await sleep(80);
    }

    for (const client of clients) await vi.waitFor(() => expect(client.latestSnapshot()?.snapshot.seq).toBe(seq), WAIT);
    expect(clients.every((client) => waitingIn(client.latestSnapshot()) === 5 && client.resyncs === 0)).toBe(true);
  });

  it("brings another node's boards changes applied through the store by the reader node", async () => {
    const reader = await start();
    // no refresh within the test: only following the store's seq can bring the change
    const other = await startBoardHarness({ store: reader.store, followStore: true, refreshMs: 600_000 });
    try {
      await reader.apply(queuePut);
      const client = await other.connect();
      await joined(client, 'floor-1');

      // applied by the reader: only the reader's broadcaster is told
      const seq = await reader.apply(callerWaiting('c1'));

      await vi.waitFor(() => expect(client.latestSnapshot()?.snapshot.seq).toBe(seq), WAIT);
      expect(waitingIn(client.latestSnapshot())).toBe(1);
    } finally {
      await other.close();
    }
  });

  it.each([
    ['a board name with a path in it', { board: '../../x' }, /^board: board names are letters, digits, - and _$/],
    ['no board name', {}, /^board: .*expected string/],
    ['a number instead of a join message', 42, /^message: .*expected object/],
  ])('refuses a join with %s, counts it, and keeps serving others', async (_case, payload, expectedError) => {
    const h = await start();
    await h.apply(queuePut);
    const good = await h.connect();
    await joined(good, 'floor-1');
    const bad = await h.connect();

    const reply = boardJoinReplySchema.parse(await bad.join(payload));

    expect(reply.status).toBe('error');
    expect(reply.status === 'error' && reply.errors).toEqual([expect.stringMatching(expectedError)]);
    const rejected = await h.metrics.inputRejected.get();
    expect(rejected.values).toEqual([{ labels: { source: 'socket', reason: 'bad_join' }, value: 1 }]);
    const seq = await h.apply(callerWaiting('c1'));
    await vi.waitFor(() => expect(good.latestSnapshot()?.snapshot.seq).toBe(seq), WAIT);
    expect(bad.snapshots).toHaveLength(0);
    expect(bad.socket.connected).toBe(true);
    expect(waitingIn(await joined(bad, 'floor-1'))).toBe(1);
  });

  it('keeps updating other boards while one client is not reading, holds no backlog for it, and brings it up to date when it reads again', async () => {
    const h = await start();
    const agentCount = 300;
    // Long names make a snapshot of a few hundred kB, so the kernel's socket buffers fill in a few updates.
    const name = (i: number) => `Agent ${i}, ${'second-line support, night shift; '.repeat(25)}`;
    await h.apply(queuePut, ...Array.from({ length: agentCount }, (_, i) => agentIn(i, { name: name(i) })));
    const normal = await h.connect();
    const slow = await h.connect();
    await joined(normal, 'floor-1');
    await joined(slow, 'floor-1');
    const snapshotBytes = JSON.stringify(normal.latestSnapshot()).length;
    const slowOnServer = h.io.sockets.sockets.get(slow.socket.id!)!;
    const slowReceivedBeforePause = slow.snapshots.length;

    slow.stopReading();
    let seq = 0;
    let rounds = 0;
    // Enough updates to fill the kernel's socket buffers towards the paused client (~25 here), and a few more.
    // Every agent is renamed each round, so each patch is as big as the whole snapshot; one pause reason changes.
    // Nothing in the snapshot moves with time, so no refresh would re-send it.
    while ((await skipsOf(h)) < 5 && rounds < 100) {
      rounds += 1;
      const index = rounds % agentCount;
      const renamed = (i: number) => `${name(i)} ${rounds}`;
      seq = await h.apply(
        ...Array.from({ length: agentCount }, (_, i) => agentIn(i, { name: renamed(i), pausedReason: i === index ? `Break ${rounds}` : null })),
      );
      await vi.waitFor(() => expect(normal.latestSnapshot()?.snapshot.seq).toBe(seq), WAIT);
    }
    const lastChanged = agentId(rounds % agentCount);

    expect(pauseReasonOf(normal.latestSnapshot(), lastChanged)).toBe(`Break ${rounds}`);
    expect(slow.snapshots.length).toBe(slowReceivedBeforePause);
    // Skipped updates are never queued: at most the update in flight when the buffers filled waits for the client.
    const backlog = backlogOf(slowOnServer);
    expect(backlog.packets).toBeLessThanOrEqual(1);
    expect(backlog.bytes).toBeLessThan(2 * snapshotBytes);
    expect(await skipsOf(h)).toBeGreaterThanOrEqual(5);

    slow.resumeReading();
    await vi.waitFor(() => expect(slow.latestSnapshot()?.snapshot.seq).toBe(seq), WAIT);
    expect(pauseReasonOf(boardSnapshotSchema.parse(slow.latestSnapshot()), lastChanged)).toBe(`Break ${rounds}`);
  }, 180_000);

  it('sends heartbeats to a joined board with the seq of the last snapshot and the source state', async () => {
    const h = await start({ heartbeatMs: 200 });
    const idle = await h.connect();
    const client = await h.connect();
    await joined(client, 'floor-1');
    const seq = await h.apply(queuePut);
    await vi.waitFor(() => expect(client.latestSnapshot()?.snapshot.seq).toBe(seq), WAIT);
    const updateAt = client.snapshots.at(-1)!.atMs;

    await vi.waitFor(() => expect(client.heartbeats.filter((b) => b.atMs > updateAt).length).toBeGreaterThanOrEqual(3), WAIT);

    for (const { message } of client.heartbeats) boardHeartbeatSchema.parse(message);
    const afterUpdate = client.heartbeats.filter((b) => b.atMs > updateAt).map((b) => b.message);
    expect(afterUpdate.every((b) => b.seq === seq && b.sourceConnected)).toBe(true);
    expect(idle.heartbeats).toHaveLength(0);
  });

  it('sends no heartbeat to boards that had an update within the interval, and heartbeats again once quiet', async () => {
    const h = await start({ heartbeatMs: 600 });
    await h.apply(queuePut);
    const client = await h.connect();
    await joined(client, 'floor-1');

    const busyFrom = performance.now();
    let seq = 0;
    // about four heartbeat intervals of changes every 50 ms
    for (let i = 0; i < 48; i++) {
      seq = await h.apply(callerWaiting(`c${i}`));
      await sleep(50);
    }
    const busyUntil = performance.now();
    await vi.waitFor(() => expect(client.latestSnapshot()?.snapshot.seq).toBe(seq), WAIT);

    // the first tick may fall before the first update went out; one more allows for a stall of the shared machine
    expect(client.heartbeats.filter((b) => b.atMs > busyFrom && b.atMs < busyUntil).length).toBeLessThanOrEqual(2);
    await vi.waitFor(() => expect(client.heartbeats.filter((b) => b.atMs > busyUntil).length).toBeGreaterThanOrEqual(2), WAIT);
  });

  it('sends each board its own snapshots, and a client that joins another board stops getting the first', async () => {
    const h = await start();
    await h.apply(queuePut);
    const mover = await h.connect();
    const stayer = await h.connect();
    const other = await h.connect();
    await joined(mover, 'floor-a');
    await joined(stayer, 'floor-a');
    await joined(other, 'floor-b');

    let seq = await h.apply(callerWaiting('c1'));
    for (const client of [mover, stayer, other]) {
      await vi.waitFor(() => expect(client.latestSnapshot()?.snapshot.seq).toBe(seq), WAIT);
    }
    expect(mover.latestSnapshot()!.board).toBe('floor-a');
    expect(other.latestSnapshot()!.board).toBe('floor-b');

    const movedAt = mover.snapshots.length;
    expect((await joined(mover, 'floor-b')).board).toBe('floor-b');
    seq = await h.apply(callerWaiting('c2'));
    for (const client of [mover, stayer, other]) {
      await vi.waitFor(() => expect(client.latestSnapshot()?.snapshot.seq).toBe(seq), WAIT);
    }

    expect(stayer.latestSnapshot()!.board).toBe('floor-a');
    // floor-a updates sent before the re-join may still arrive ahead of its answer; none after floor-b's first.
    const boards = mover.snapshots.slice(movedAt).map((s) => s.message.board);
    const sinceMove = boards.slice(boards.indexOf('floor-b'));
    expect(sinceMove.length).toBeGreaterThanOrEqual(2);
    expect(sinceMove).not.toContain('floor-a');
  });
});

function pauseReasonOf(message: BoardSnapshot | undefined, id: string): string | null | undefined {
  return message?.snapshot.agents.find((a) => a.id === id)?.pauseReason;
}

async function skipsOf(h: BoardHarness): Promise<number> {
  return (await h.metrics.slowClientSkips.get()).values[0]?.value ?? 0;
}

/**
 * What the server holds for one client: packets engine.io queued because the
 * transport was busy, and bytes the websocket has not handed to the kernel yet.
 * Neither is public API (engine.io's writeBuffer is private, the `ws` socket untyped).
 */
function backlogOf(socket: { conn: unknown }): { packets: number; bytes: number } {
  const conn = socket.conn as { writeBuffer: unknown[]; transport: { socket: { bufferedAmount: number } } };
  return { packets: conn.writeBuffer.length, bytes: conn.transport.socket.bufferedAmount };
}
