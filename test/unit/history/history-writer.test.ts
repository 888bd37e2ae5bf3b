import { Registry } from 'prom-client';
import { describe, expect, it, vi } from 'vitest';
import type { CallRecord } from '../../../server/domain/live-state';
import type { HistoryFact } from '../../../server/history/history-facts';
import { createHistoryMetrics } from '../../../server/history/history-metrics';
import { HistoryWriter, type HistoryWriterOptions } from '../../../server/history/history-writer';
import { createLogger } from '../../../server/observability/logger';

function callFact(n: number): HistoryFact {
  const call: CallRecord = {
    queueId: 'support',
    callId: `call-${n}`,
    enteredAt: n * 1000,
    answeredAt: null,
    endedAt: n * 1000 + 500,
    outcome: 'abandoned',
    waitSec: 0,
    talkSec: 0,
    wrapSec: 0,
    agentId: null,
    answeredWithinSl: false,
    shortAbandon: true,
    callerId: null,
    day: '1970-01-01',
    intervalStart: 0,
  };
  return { kind: 'call', call };
}

const ids = (facts: readonly HistoryFact[]): string[] => facts.map((f) => (f.kind === 'call' ? f.call.callId : '?'));

/** A database stand-in that can be switched off, recording every batch it accepted. */
function fakeDatabase() {
  const written: HistoryFact[] = [];
  const db = {
    up: true,
    attempts: 0,
    written,
    async write(facts: readonly HistoryFact[]): Promise<void> {
      db.attempts++;
      if (!db.up) throw new Error('connect ECONNREFUSED');
      written.push(...facts);
    },
  };
  return db;
}

function writerOn(db: ReturnType<typeof fakeDatabase>, options: Partial<Pick<HistoryWriterOptions, 'maxBuffered' | 'batchSize' | 'deadLetter' | 'onDeadLetter'>> = {}) {
  const registry = new Registry();
  const metrics = createHistoryMetrics(registry);
  const writer = new HistoryWriter({
    write: (facts) => db.write(facts),
    deadLetter: async () => {},
    logger: createLogger('silent'),
    metrics,
    retryMinMs: 5,
    retryMaxMs: 20,
    ...options,
  });
  return { writer, metrics };
}

describe('history writer', () => {
  it('writes facts in the order they came, in batches of at most batchSize', async () => {
    const db = fakeDatabase();
    const batches: number[] = [];
    const { writer } = writerOn(db, { batchSize: 3 });
    const original = db.write.bind(db);
    db.write = async (facts) => {
      batches.push(facts.length);
      await original(facts);
    };
    writer.record([1, 2, 3, 4, 5, 6, 7].map(callFact));
    await writer.settled();
    expect(ids(db.written)).toEqual(['call-1', 'call-2', 'call-3', 'call-4', 'call-5', 'call-6', 'call-7']);
    expect(batches).toEqual([3, 3, 1]);
    expect(writer.status()).toMatchObject({ buffered: 0, lastError: null, dropped: 0 });
  });

  it('holds facts while the database is down and writes all of them, once, when it is back', async () => {
    const db = fakeDatabase();
    const { writer, metrics } = writerOn(db, { batchSize: 2 });
    db.up = false;
    writer.record([1, 2, 3].map(callFact));
    // retried (on a busy machine the first retry may take longer than its delay)
    await vi.waitFor(() => expect(db.attempts).toBeGreaterThan(1));
    writer.record([4, 5].map(callFact));
    expect(writer.status()).toMatchObject({ buffered: 5, lastError: 'connect ECONNREFUSED' });
    expect(db.attempts).toBeGreaterThan(1);
    expect((await metrics.writeFailures.get()).values[0]?.value).toBe(db.attempts);

    db.up = true;
    await writer.settled();
    expect(ids(db.written)).toEqual(['call-1', 'call-2', 'call-3', 'call-4', 'call-5']);
    expect(writer.status()).toMatchObject({ buffered: 0, lastError: null });
    expect((await metrics.factsWritten.get()).values[0]?.value).toBe(5);
  });

  it('drops what does not fit the buffer, counts it, and keeps what it held', async () => {
    const db = fakeDatabase();
    const { writer, metrics } = writerOn(db, { maxBuffered: 4 });
    db.up = false;
    writer.record([1, 2, 3].map(callFact));
    writer.record([4, 5, 6].map(callFact));
    writer.record([7].map(callFact));
    expect(writer.status()).toMatchObject({ buffered: 4, dropped: 3 });
    expect((await metrics.factsDropped.get()).values[0]?.value).toBe(3);
    expect((await metrics.buffered.get()).values[0]?.value).toBe(4);

    db.up = true;
    await writer.settled();
    expect(ids(db.written)).toEqual(['call-1', 'call-2', 'call-3', 'call-4']);
  });

  it('on close makes a last attempt and then stops retrying', async () => {
    const db = fakeDatabase();
    const { writer } = writerOn(db);
    db.up = false;
    writer.record([1].map(callFact));
    await writer.close(200);
    const attempts = db.attempts;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(db.attempts).toBe(attempts);
    writer.record([2].map(callFact));
    expect(writer.status().buffered).toBe(1);
  });

  it('splits a batch Postgres refuses for its data, writes the rest in order and sets each refused fact aside', async () => {
    const db = fakeDatabase();
    const refused = new Set(['call-3', 'call-6']);
    const original = db.write.bind(db);
    db.write = async (facts) => {
      if (ids(facts).some((id) => refused.has(id))) {
        db.attempts++;
        throw Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' });
      }
      await original(facts);
    };
    const setAside: string[] = [];
    const told: unknown[] = [];
    const { writer, metrics } = writerOn(db, {
      batchSize: 8,
      deadLetter: async (fact) => void setAside.push(...ids([fact])),
      onDeadLetter: (error) => told.push(error),
    });
    writer.record([1, 2, 3, 4, 5, 6, 7, 8].map(callFact));
    await writer.settled();
    expect(ids(db.written)).toEqual(['call-1', 'call-2', 'call-4', 'call-5', 'call-7', 'call-8']);
    expect(setAside).toEqual(['call-3', 'call-6']);
    expect(told).toHaveLength(2);
    expect(writer.status()).toMatchObject({ buffered: 0, lastError: null, deadLettered: 2 });
    expect((await metrics.factsWritten.get()).values[0]?.value).toBe(6);
    expect((await metrics.writeFailures.get()).values[0]?.value).toBe(0);
  });

  it('retries a batch whole when the failure is not in the data (a missing column after a bad deploy)', async () => {
    const db = fakeDatabase();
    let failures = 2;
    const original = db.write.bind(db);
    db.write = async (facts) => {
      if (failures-- > 0) throw Object.assign(new Error('column "adds_offered" does not exist'), { code: '42703' });
      await original(facts);
    };
    const setAside: HistoryFact[] = [];
    const { writer, metrics } = writerOn(db, { deadLetter: async (fact) => void setAside.push(fact) });
    writer.record([1, 2].map(callFact));
    await writer.settled();
    expect(ids(db.written)).toEqual(['call-1', 'call-2']);
    expect(setAside).toEqual([]);
    expect((await metrics.writeFailures.get()).values[0]?.value).toBe(2);
  });

  it('splits a batch Postgres cancels at its statement timeout instead of retrying it for ever; a fact that still times out alone is set aside', async () => {
    const db = fakeDatabase();
    const original = db.write.bind(db);
    db.write = async (facts) => {
      // Batches over 2 facts, and call-5 whatever the batch, run past the timeout.
      if (facts.length > 2 || ids(facts).includes('call-5')) {
        db.attempts++;
        throw Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' });
      }
      await original(facts);
    };
    const setAside: string[] = [];
    const { writer, metrics } = writerOn(db, { batchSize: 8, deadLetter: async (fact) => void setAside.push(...ids([fact])) });
    writer.record([1, 2, 3, 4, 5, 6, 7, 8].map(callFact));
    await writer.settled();
    expect(ids(db.written)).toEqual(['call-1', 'call-2', 'call-3', 'call-4', 'call-6', 'call-7', 'call-8']);
    expect(setAside).toEqual(['call-5']);
    expect(writer.status()).toMatchObject({ buffered: 0, lastError: null, deadLettered: 1 });
    expect((await metrics.writeFailures.get()).values[0]?.value).toBe(0);
  });
});
