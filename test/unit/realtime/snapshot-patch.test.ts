import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { agentStateSchema, type AgentRow, type LiveSnapshot, type QueueTile } from '../../../shared/snapshot';
import { applySnapshotPatch, diffSnapshots, isEmptyPatch, snapshotPatchSchema } from '../../../shared/snapshot-patch';
import { busyTickets, liveSnapshot, periodStats, queueTile } from '../../support/board-fixtures';

const AT = Date.parse('2026-12-02T10:00:00Z');
const QUEUE_IDS = ['sales', 'support', 'billing', 'vip', 'night'];
const AGENT_IDS = Array.from({ length: 12 }, (_, i) => `PJSIP/${1000 + i}`);

const queueArb = (id: string): fc.Arbitrary<QueueTile> =>
  fc.record({ waiting: fc.nat(4), offered: fc.nat(3), name: fc.constantFrom('Sales', 'Support', id) }).map(({ waiting, offered, name }) =>
    queueTile({ id, name, waiting, longestWaitSec: waiting * 7, today: periodStats({ offered, answered: Math.min(offered, 1) }) }),
  );

const agentArb = (id: string): fc.Arbitrary<AgentRow> =>
  fc.record({
    id: fc.constant(id),
    name: fc.constantFrom('Anna', 'Boris', 'Chloe'),
    state: fc.constantFrom(...agentStateSchema.options),
    stateSince: fc.constantFrom(new Date(AT).toISOString(), new Date(AT - 60_000).toISOString()),
    pauseReason: fc.constantFrom(null, 'Lunch', 'Break'),
    queues: fc.subarray(QUEUE_IDS.slice(0, 3)),
    answeredToday: fc.nat(3),
  });

/** Records with distinct ids, in a random order (boards sort agents by name, so order moves too). */
const keyedArb = <T>(ids: string[], of: (id: string) => fc.Arbitrary<T>): fc.Arbitrary<T[]> =>
  fc.shuffledSubarray(ids).chain((chosen) => (chosen.length === 0 ? fc.constant([]) : fc.tuple(...chosen.map(of))));

const snapshotArb: fc.Arbitrary<LiveSnapshot> = fc
  .record({
    atOffsetMs: fc.nat(5000),
    seq: fc.nat(10),
    connected: fc.boolean(),
    lastEvent: fc.option(fc.nat(5000)),
    failure: fc.option(fc.constantFrom('refused' as const, 'timeout' as const, 'auth' as const)),
    queues: keyedArb(QUEUE_IDS, queueArb),
    agents: keyedArb(AGENT_IDS, agentArb),
    tickets: fc.option(fc.nat(3)),
  })
  .map((r) => {
    const at = AT + r.atOffsetMs;
    const tickets = r.tickets === null ? undefined : { ...busyTickets(AT), breached: r.tickets };
    return liveSnapshot(at, {
      seq: r.seq,
      source: {
        kind: 'ami',
        connected: r.connected,
        lastEventAt: r.lastEvent === null ? null : new Date(AT + r.lastEvent).toISOString(),
        since: r.connected ? null : new Date(AT).toISOString(),
        failure: r.connected ? null : r.failure,
      },
      queues: r.queues,
      agents: r.agents,
      ...(tickets ? { tickets } : {}),
    });
  });

describe('snapshot patches', () => {
  it('applying the diff of two snapshots to the first gives the second, also after the wire (JSON)', () => {
    fc.assert(
      fc.property(snapshotArb, snapshotArb, (from, to) => {
        const patch = diffSnapshots(from, to);
        expect(snapshotPatchSchema.safeParse(patch).success).toBe(true);
        expect(applySnapshotPatch(from, patch)).toEqual(to);
        const wired = snapshotPatchSchema.parse(JSON.parse(JSON.stringify(patch)));
        expect(applySnapshotPatch(from, wired)).toEqual(to);
      }),
      { numRuns: 500 },
    );
  });

  it('a chain of patches ends on the last snapshot', () => {
    fc.assert(
      fc.property(fc.array(snapshotArb, { minLength: 2, maxLength: 8 }), (chain) => {
        let board = chain[0]!;
        for (const next of chain.slice(1)) board = applySnapshotPatch(board, diffSnapshots(board, next));
        expect(board).toEqual(chain.at(-1));
      }),
      { numRuns: 100 },
    );
  });

  it('is empty between equal snapshots, and names only what changed', () => {
    fc.assert(
      fc.property(snapshotArb, (snapshot) => {
        expect(isEmptyPatch(diffSnapshots(snapshot, structuredClone(snapshot)))).toBe(true);
      }),
    );
    const before = liveSnapshot(AT, { queues: [queueTile({ id: 'sales' }), queueTile({ id: 'support' })] });
    const after = { ...before, queues: [before.queues[0]!, { ...before.queues[1]!, waiting: 3 }] };
    expect(diffSnapshots(before, after)).toEqual({ queues: { updated: [{ id: 'support', set: { waiting: 3 } }] } });
  });

  it('removes an optional top-level field the new snapshot no longer has (alerts that stopped firing)', () => {
    const to = liveSnapshot(AT, { queues: [queueTile({ id: 'sales' })] });
    const from: LiveSnapshot = {
      ...to,
      alerts: [{ ruleId: 'a1', queue: 'sales', metric: 'waiting', value: 9, threshold: 5, direction: 'above', since: new Date(AT).toISOString(), sound: false }],
    };
    const patch = diffSnapshots(from, to);
    expect(patch).toEqual({ unset: ['alerts'] });
    expect(applySnapshotPatch(from, snapshotPatchSchema.parse(JSON.parse(JSON.stringify(patch))))).toEqual(to);
    expect(applySnapshotPatch(to, diffSnapshots(to, from))).toEqual(from);
  });

  it('keeps the records a patch does not touch (React can skip them)', () => {
    const before = liveSnapshot(AT, { queues: [queueTile({ id: 'sales' }), queueTile({ id: 'support' })] });
    const after = { ...before, queues: [before.queues[0]!, { ...before.queues[1]!, waiting: 3 }] };
    const patched = applySnapshotPatch(before, diffSnapshots(before, after));
    expect(patched.queues[0]).toBe(before.queues[0]);
    expect(patched.queues[1]).not.toBe(before.queues[1]);
  });
});
