/**
 * The live store pushes its new seq after every apply (Redis pub/sub), so a
 * node that does not read the PBX hears of the reader's changes at once
 * instead of at its next poll (call batches, escalations and tickets alike). Two RedisLiveStores on the test run's
 * redis-server stand for two nodes.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LiveOp } from '../../server/domain/live-state';
import { ticketKey } from '../../server/domain/tickets/ticket-ops';
import { ticketRowOf } from '../../server/domain/tickets/ticket-row';
import { SeqWatch } from '../../server/realtime/seq-watch';
import { NO_TICKET_REVISION } from '../../server/store/ticket-live-store';
import { RedisLiveStore } from '../../server/store/redis-live-store';
import { redisUrl, uniqueKeyPrefix, uniqueSite } from '../support/services';
import { finalState, plainPolicies, ticket } from '../unit/tickets/ticket-story-kit';

const queuePut = (id: string): LiveOp => ({ op: 'queue.put', queue: { id, serviceLevelSec: 20 } });
const WAIT = { timeout: 5000, interval: 10 };

describe('seq pushes from the Redis live store', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  function twoNodes(): { reader: RedisLiveStore; other: RedisLiveStore; site: string } {
    const keyPrefix = uniqueKeyPrefix();
    const reader = new RedisLiveStore(redisUrl(), { keyPrefix });
    const other = new RedisLiveStore(redisUrl(), { keyPrefix });
    cleanups.push(
      () => reader.close(),
      () => other.close(),
    );
    return { reader, other, site: uniqueSite() };
  }

  it("tells another node each seq the reader's call, escalation and ticket applies reach, and nothing after unsubscribing", async () => {
    const { reader, other, site } = twoNodes();
    const seen: number[] = [];
    const unsubscribe = await other.subscribeSeq(site, (seq) => seen.push(seq));

    const first = await reader.apply(site, [queuePut('sales')]);
    const second = await reader.apply(site, [queuePut('support')]);
    const applied = [first, second];
    await vi.waitFor(() => expect(seen).toEqual(applied), WAIT);

    await reader.applyEscalationEvents(site, [
      { kind: 'escalation.opened', tracker: 'wrike', taskId: 'T1', eventId: 'e1', occurredAt: Date.now(), ticketRef: null },
    ]);
    const afterEscalation = await reader.readSeq(site);
    expect(afterEscalation).toBeGreaterThan(applied.at(-1)!);
    await vi.waitFor(() => expect(seen.at(-1)).toBe(afterEscalation), WAIT);

    const state = finalState(plainPolicies, [ticket('T1').created(Date.now(), { subject: 'printer on fire' })]);
    const { seq: afterTicket } = await reader.applyTicketChanges(site, {
      changes: [{ ticketKey: ticketKey(state), revision: NO_TICKET_REVISION, ops: [{ op: 'ticket.open', state, row: ticketRowOf(state, plainPolicies) }] }],
      now: Date.now(),
      seenSince: 0,
    });
    expect(afterTicket).toBe(afterEscalation + 1);
    await vi.waitFor(() => expect(seen.at(-1)).toBe(afterTicket), WAIT);

    await unsubscribe();
    const count = seen.length;
    await reader.apply(site, [queuePut('billing')]);
    await reader.readSeq(site);
    expect(seen).toHaveLength(count);
  });

  it("brings a reader's apply to another node's SeqWatch without waiting for its poll", async () => {
    const { reader, other, site } = twoNodes();
    const onChange = vi.fn();
    let subscribed!: () => void;
    const subscription = new Promise<void>((resolve) => (subscribed = resolve));
    // polls an hour apart: only the push can bring the change within the test
    const watch = new SeqWatch({
      readSeq: () => other.readSeq(site),
      onChange,
      pollMs: 3_600_000,
      subscribe: async (onSeq) => {
        const unsubscribe = await other.subscribeSeq(site, onSeq);
        subscribed();
        return unsubscribe;
      },
      subscribedPollMs: 3_600_000,
    });
    watch.start();
    cleanups.push(async () => watch.stop());
    await subscription;

    await reader.apply(site, [queuePut('sales')]);
    await vi.waitFor(() => expect(onChange).toHaveBeenCalledTimes(1), WAIT);
  });
});
