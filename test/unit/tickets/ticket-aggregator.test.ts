import { describe, expect, it } from 'vitest';
import { TicketAggregator, TicketBacklogFull, TicketContention } from '../../../server/aggregate/ticket-aggregator';
import { createLogger } from '../../../server/observability/logger';
import { createMetrics } from '../../../server/observability/metrics';
import { MemoryLiveStore } from '../../../server/store/memory-live-store';
import type { TicketApplyRequest, TicketApplyResult } from '../../../server/store/ticket-live-store';
import { HOUR, MINUTE, plainPolicies, ticket } from './ticket-story-kit';

const SITE = 'desk';
const ZONE = 'Europe/Moscow';
const T0 = Date.UTC(2025, 2, 3, 6, 0);
const DAY = '2025-03-03';

/** The in-process store, with a switch to fail the next ticket apply before or after it lands. */
class FlakyStore extends MemoryLiveStore {
  failNext: 'before' | 'after' | null = null;

  override async applyTicketChanges(site: string, request: TicketApplyRequest): Promise<TicketApplyResult> {
    const failure = this.failNext;
    this.failNext = null;
    if (failure === 'before') throw new Error('connection refused');
    const result = await super.applyTicketChanges(site, request);
    if (failure === 'after') throw new Error('connection reset before the reply');
    return result;
  }
}

/** The in-process store as if another node wrote one ticket before every apply: each change of it is refused. */
class ContendedStore extends MemoryLiveStore {
  constructor(private readonly contended: string) {
    super();
  }

  override async applyTicketChanges(site: string, request: TicketApplyRequest): Promise<TicketApplyResult> {
    const free = request.changes.filter((change) => change.ticketKey !== this.contended);
    const result = await super.applyTicketChanges(site, { ...request, changes: free });
    const written = new Map(free.map((change, i) => [change, result.applied[i]!]));
    return { ...result, applied: request.changes.map((change) => written.get(change) ?? false) };
  }
}

/** The in-process store refusing for good (as its input checks do) every apply that touches one ticket. */
class PoisonStore extends MemoryLiveStore {
  applies = 0;

  constructor(private readonly poison: string) {
    super();
  }

  override async applyTicketChanges(site: string, request: TicketApplyRequest): Promise<TicketApplyResult> {
    this.applies += 1;
    if (request.changes.some((change) => change.ticketKey === this.poison)) throw new RangeError(`${this.poison}: not a valid record`);
    return super.applyTicketChanges(site, request);
  }
}

function aggregatorOn(
  store: MemoryLiveStore,
  options: { maxPending?: number; onApplied?: (seq: number) => void; metrics?: ReturnType<typeof createMetrics> } = {},
) {
  return new TicketAggregator({
    store,
    site: SITE,
    timeZone: ZONE,
    policies: plainPolicies,
    logger: createLogger('silent'),
    metrics: createMetrics(),
    clock: () => T0 + HOUR,
    ...options,
  });
}

async function today(store: MemoryLiveStore) {
  return (await store.readTicketBoard(SITE, { day: DAY, firstResponsesSince: 0, rowsUnlessVersion: null })).today;
}

describe('the ticket aggregator', () => {
  it('applies a delivery before answering, and tells the sender what became of each event', async () => {
    const store = new MemoryLiveStore();
    const applied: number[] = [];
    const aggregator = aggregatorOn(store, { onApplied: (seq) => applied.push(seq) });
    await aggregator.init();
    const a = ticket('A');
    const [created, replied] = [a.created(T0), a.replied(T0 + 10 * MINUTE)];
    expect(await aggregator.submit([created, replied])).toEqual({ accepted: 2, duplicates: 0, stale: 0, ignored: 0 });
    expect(await today(store)).toMatchObject({ created: 1, firstResponses: 1, firstResponsesWithinSla: 1 });
    expect(applied).toEqual([1]);

    const older = { ...a.priority(T0 + 5 * MINUTE, 'high') };
    const unknown = ticket('nobody').replied(T0);
    expect(await aggregator.submit([replied, older, unknown])).toEqual({ accepted: 0, duplicates: 1, stale: 1, ignored: 1 });
    expect(await today(store)).toMatchObject({ created: 1, firstResponses: 1 });
  });

  it('takes a removed ticket (deleted, merged, spam) out of the open tickets, unsolved and not breached', async () => {
    const store = new MemoryLiveStore();
    const aggregator = aggregatorOn(store);
    await aggregator.init();
    // email high: first response due after 30 min, so both are breached at T0 + 1 h
    const [kept, removed] = [ticket('K'), ticket('R')];
    await aggregator.submit([kept.created(T0, { priority: 'high' }), removed.created(T0, { priority: 'high' })]);
    await aggregator.submit([removed.removed(T0 + 40 * MINUTE)]);
    const board = await store.readTicketBoard(SITE, { day: DAY, firstResponsesSince: 0, rowsUnlessVersion: null });
    expect(board.rows?.map((row) => row.ticketId)).toEqual(['K']);
    expect(board.today).toMatchObject({ created: 2, solved: 0, firstResponses: 0 });
    const { tickets } = await store.lookUpTickets(SITE, { eventKeys: [], ticketKeys: ['generic:R'], seenSince: 0 });
    expect(tickets.get('generic:R')).toMatchObject({ status: 'closed', solvedAt: null });
    expect(tickets.get('generic:R')?.clocks.firstResponse.stop).toMatchObject({ reason: 'removed' });
  });

  it('applies deliveries submitted together in the order they came, in one store apply', async () => {
    const store = new MemoryLiveStore();
    const aggregator = aggregatorOn(store);
    await aggregator.init();
    const a = ticket('A');
    const outcomes = await Promise.all([aggregator.submit([a.created(T0)]), aggregator.submit([a.replied(T0 + 5 * MINUTE)])]);
    expect(outcomes.map((outcome) => outcome.accepted)).toEqual([1, 1]);
    expect(await store.readSeq(SITE)).toBe(1);
    expect(await today(store)).toMatchObject({ created: 1, firstResponses: 1 });
  });

  it('fails the delivery when the store fails, and the sender\'s retry then applies it once', async () => {
    const store = new FlakyStore();
    const aggregator = aggregatorOn(store);
    await aggregator.init();
    const created = ticket('A').created(T0);
    store.failNext = 'before';
    await expect(aggregator.submit([created])).rejects.toThrow('connection refused');
    expect(await today(store)).toMatchObject({ created: 0 });
    expect(await aggregator.submit([created])).toMatchObject({ accepted: 1 });
    expect(await today(store)).toMatchObject({ created: 1 });
  });

  it('after an apply that landed but whose reply was lost, takes the retry as a repeat and goes on from the stored ticket', async () => {
    const store = new FlakyStore();
    const aggregator = aggregatorOn(store);
    await aggregator.init();
    const a = ticket('A');
    await aggregator.submit([a.created(T0)]);
    const escalated = a.escalated(T0 + 5 * MINUTE, 'L2');
    store.failNext = 'after';
    await expect(aggregator.submit([escalated])).rejects.toThrow('reset');
    expect(await aggregator.submit([escalated])).toMatchObject({ accepted: 0, duplicates: 1 });
    // the reply is applied to the escalated ticket the store holds: the L2 OLA's first response stops too
    await aggregator.submit([a.replied(T0 + 20 * MINUTE)]);
    const [{ state } = { state: undefined }] = await store.readOpenTickets(SITE);
    expect(state?.line).toBe('L2');
    expect(state?.olas.map((ola) => [ola.line, ola.firstResponse.stop?.reason])).toEqual([['L2', 'replied']]);
    expect(await today(store)).toMatchObject({ created: 1, 'escalated:L1>L2': 1, firstResponses: 1 });
  });

  it('continues after a restart from the open tickets in the store, and finds a solved ticket for a late rating', async () => {
    const store = new MemoryLiveStore();
    const first = aggregatorOn(store);
    await first.init();
    const [a, b] = [ticket('A'), ticket('B')];
    await first.submit([a.created(T0), b.created(T0), b.solved(T0 + MINUTE)]);

    const second = aggregatorOn(store);
    await second.init();
    expect(await second.submit([a.replied(T0 + 30 * MINUTE), b.rated(T0 + 2 * MINUTE, 'good')])).toMatchObject({ accepted: 2 });
    expect(await today(store)).toMatchObject({ created: 2, solved: 1, firstResponses: 1, ratings: 1, ratingsGood: 1 });
  });

  it('refuses a delivery at once while too many wait for the store', async () => {
    const aggregator = aggregatorOn(new MemoryLiveStore(), { maxPending: 1 });
    await aggregator.init();
    const waiting = aggregator.submit([ticket('A').created(T0)]);
    await expect(aggregator.submit([ticket('B').created(T0)])).rejects.toThrow(TicketBacklogFull);
    await expect(waiting).resolves.toMatchObject({ accepted: 1 });
  });

  it('on two nodes taking turns with one ticket\'s deliveries, each applies its event to the ticket as the other left it', async () => {
    const store = new MemoryLiveStore();
    const [one, two] = [aggregatorOn(store), aggregatorOn(store)];
    await Promise.all([one.init(), two.init()]);
    const a = ticket('A');
    const story = [a.created(T0), a.replied(T0 + 10 * MINUTE), a.solved(T0 + 20 * MINUTE), a.reopened(T0 + 30 * MINUTE), a.solved(T0 + 40 * MINUTE)];
    for (const [i, event] of story.entries()) expect(await (i % 2 === 0 ? one : two).submit([event])).toMatchObject({ accepted: 1 });
    // every re-delivery, to either node, is a repeat
    for (const [i, event] of story.entries()) expect(await (i % 2 === 0 ? two : one).submit([event])).toMatchObject({ duplicates: 1 });
    const { tickets } = await store.lookUpTickets(SITE, { eventKeys: [], ticketKeys: ['generic:A'], seenSince: 0 });
    expect(tickets.get('generic:A')).toMatchObject({ status: 'solved', firstResponseAt: T0 + 10 * MINUTE, reopenCount: 1 });
    expect(await today(store)).toMatchObject({ created: 1, firstResponses: 1, solved: 2 });
  });

  it('gives a delivery taken by two nodes at once to one of them: the other answers it as a repeat', async () => {
    const store = new MemoryLiveStore();
    const [one, two] = [aggregatorOn(store), aggregatorOn(store)];
    const a = ticket('A');
    await one.submit([a.created(T0)]);
    const reply = a.replied(T0 + 10 * MINUTE);
    const outcomes = await Promise.all([one.submit([reply]), two.submit([reply])]);
    expect(outcomes.map((outcome) => [outcome.accepted, outcome.duplicates]).sort()).toEqual([[0, 1], [1, 0]]);
    expect(await today(store)).toMatchObject({ created: 1, firstResponses: 1 });
  });

  it('fails the deliveries of a ticket that keeps changing under every attempt, and answers the rest of the batch', async () => {
    const store = new ContendedStore('generic:X');
    const aggregator = aggregatorOn(store);
    const [x, y] = [ticket('X'), ticket('Y')];
    const [onlyX, onlyY, both] = [
      aggregator.submit([x.created(T0)]),
      aggregator.submit([y.created(T0)]),
      aggregator.submit([y.replied(T0 + MINUTE), x.replied(T0 + MINUTE)]),
    ];
    await expect(onlyX).rejects.toThrow(TicketContention);
    await expect(both).rejects.toThrow(TicketContention);
    await expect(onlyY).resolves.toMatchObject({ accepted: 1 });
    // Y's reply landed with the batch: the sender's retry of `both` finds it a repeat
    expect(await today(store)).toMatchObject({ created: 1, firstResponses: 1 });
  });

  it('sets a delivery the store refuses for good aside as a dead letter, counted, and applies the deliveries batched with it', async () => {
    const store = new PoisonStore('generic:P');
    const metrics = createMetrics();
    const aggregator = aggregatorOn(store, { metrics });
    const [good, poison, later] = [ticket('G').created(T0), ticket('P').created(T0), ticket('L').created(T0)];
    const outcomes = await Promise.all([aggregator.submit([good]), aggregator.submit([poison]), aggregator.submit([later])]);
    expect(outcomes).toEqual([
      { accepted: 1, duplicates: 0, stale: 0, ignored: 0 },
      { accepted: 0, duplicates: 0, stale: 0, ignored: 0, deadLettered: 1 },
      { accepted: 1, duplicates: 0, stale: 0, ignored: 0 },
    ]);
    expect(await today(store)).toMatchObject({ created: 2 });
    const letters = await store.readDeadLetters(SITE, 10);
    expect(letters).toEqual([{ pipeline: 'tickets', at: expect.any(Number), error: 'generic:P: not a valid record', events: [poison] }]);
    expect((await metrics.deadLetters.get()).values.find((v) => v.labels.pipeline === 'tickets')?.value).toBe(1);
    // the whole batch once, then each delivery alone: the poison is not retried beyond that
    expect(store.applies).toBe(4);
  });

  it('does not dead-letter a delivery the store failed for a passing reason: the sender retries it', async () => {
    const store = new FlakyStore();
    const aggregator = aggregatorOn(store);
    store.failNext = 'before';
    await expect(aggregator.submit([ticket('A').created(T0)])).rejects.toThrow('connection refused');
    expect(await store.readDeadLetters(SITE, 10)).toEqual([]);
  });
});
