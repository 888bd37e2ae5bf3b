import { afterEach, describe, expect, it, vi } from 'vitest';
import { boardJoinReplySchema } from '../../shared/socket-protocol';
import { startBoardHarness, type BoardHarness } from '../support/socket-harness';

/** A socket that floods board:join costs a handful of snapshot builds and gets told to stop. */

const JOINS = 5_000;
let harness: BoardHarness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

describe('board:join flood from one socket', () => {
  it('answers the first few, refuses the rest with a limit error, and builds a bounded number of snapshots', async () => {
    // no refresh during the test: only joins can ask for a build
    harness = await startBoardHarness({ refreshMs: 3_600_000 });
    const client = await harness.connect();
    const replies = await Promise.all(Array.from({ length: JOINS }, () => client.join({ board: 'floor-1' })));

    const parsed = replies.map((reply) => boardJoinReplySchema.parse(reply));
    const accepted = parsed.filter((reply) => reply.status === 'ok').length;
    const refused = parsed.flatMap((reply) => (reply.status === 'error' ? reply.errors : []));
    // a burst of 5, and maybe one more token refilled while the flood was read
    expect(accepted).toBeGreaterThanOrEqual(5);
    expect(accepted).toBeLessThanOrEqual(7);
    expect(refused).toHaveLength(JOINS - accepted);
    expect(new Set(refused)).toEqual(new Set(['too many board:join: at most 5 per 10 s']));

    const rejected = await harness.metrics.inputRejected.get();
    expect(rejected.values).toEqual([{ labels: { source: 'socket', reason: 'join_rate' }, value: JOINS - accepted }]);
    const builds = (await harness.metrics.snapshotBuilds.get()).values[0]?.value ?? 0;
    expect(builds).toBeGreaterThanOrEqual(1);
    expect(builds).toBeLessThanOrEqual(accepted);
    await vi.waitFor(() => expect(client.snapshots.length).toBe(accepted), { timeout: 10_000 });
    expect(client.socket.connected).toBe(true);
  });
});
