import { describe, expect, it } from 'vitest';
import { ImportChunk } from '../../../server/history/import-chunk';
import type { HistoryFact } from '../../../server/history/history-facts';
import { INTERVAL_MS } from '../../../shared/site-time';
import { call, moscow, onDay, ring, span } from './history-test-kit';

const NINE = moscow('2026-11-23', '09:00');
const SUPPORT = [{ queueId: 'support', paused: false }];
const BOTH = [
  { queueId: 'support', paused: true },
  { queueId: 'продажи', paused: false },
];

/** Calls of every outcome, spans with and without a pause reason, rings; text in Cyrillic and with quotes. */
function someFacts(count: number): HistoryFact[] {
  const facts: HistoryFact[] = [];
  for (let i = 0; i < count; i++) {
    const at = NINE + i * 7_000;
    facts.push(
      call('support', `c${i}`, at, { outcome: (['answered', 'abandoned', 'timedOut'] as const)[i % 3], callerId: i % 2 ? '+74951234567' : null }),
      span(`PJSIP/10${i % 9}`, i % 4 ? 'idle' : 'paused', at, at + 1_000 + i, i % 2 ? SUPPORT : BOTH, i % 4 ? null : 'Обед "у окна"'),
      ring(`PJSIP/10${i % 9}`, 'продажи', `c${i}`, at + 500, 15_000 + i),
    );
  }
  return facts;
}

const inOrderOfTables = (facts: readonly HistoryFact[]): HistoryFact[] => [
  ...facts.filter((f) => f.kind === 'call'),
  ...facts.filter((f) => f.kind === 'agentState'),
  ...facts.filter((f) => f.kind === 'ringNoAnswer'),
];

describe('an import chunk: facts as COPY rows from the moment they come', () => {
  it('reads back the facts its rows were written from, over many pieces', () => {
    const facts = someFacts(3_000);
    const chunk = new ImportChunk('msk');
    for (const fact of facts) chunk.add(fact);
    chunk.seal();
    expect(chunk.size).toBe(9_000);
    expect([chunk.calls.rows, chunk.spans.rows, chunk.rings.rows]).toEqual([3_000, 3_000, 3_000]);
    expect(chunk.spans.pieces.length).toBeGreaterThan(1);
    expect(chunk.readFacts()).toEqual(inOrderOfTables(facts));
  });

  it('keeps a fact no row can be written for aside, and the rows around it whole', () => {
    const facts = someFacts(3);
    const broken = onDay(call('support', 'bad-day', NINE), '2026-13-45');
    const chunk = new ImportChunk('msk');
    for (const fact of [...facts.slice(0, 4), broken, ...facts.slice(4)]) chunk.add(fact);
    chunk.seal();
    expect(chunk.size).toBe(10);
    expect(chunk.calls.rows).toBe(3);
    expect(chunk.unwritable).toEqual([broken]);
    expect(chunk.readFacts()).toEqual([...inOrderOfTables(facts), broken]);
  });

  it('knows the intervals its rows touch, its longest span and the keys to probe for rows stored already', () => {
    const chunk = new ImportChunk('msk');
    chunk.add(call('support', 'c1', NINE + 60_000));
    chunk.add(span('PJSIP/1001', 'idle', NINE, NINE + 40 * 60_000, SUPPORT));
    chunk.add(span('PJSIP/1001', 'loggedOut', NINE + 3 * 3_600_000, NINE + 5 * 3_600_000, SUPPORT));
    chunk.add(span('PJSIP/1002', 'busy', NINE + 10_000, NINE + 20_000, SUPPORT));
    chunk.add(call('support', 'c2', NINE + 3_600_000));
    chunk.seal();
    // The idle span's three intervals and the calls' entry intervals; a logged-out span staffs nothing.
    expect([...chunk.touched].sort((a, b) => a - b)).toEqual([NINE, NINE + INTERVAL_MS, NINE + 2 * INTERVAL_MS, NINE + 3_600_000]);
    expect(chunk.longestSpanMs).toBe(2 * 3_600_000);
    expect(chunk.probes()).toEqual({
      calls: [
        { queueId: 'support', callId: 'c1', enteredAt: NINE + 60_000 },
        { queueId: 'support', callId: 'c2', enteredAt: NINE + 3_600_000 },
      ],
      spans: [
        { agentId: 'PJSIP/1001', from: NINE },
        { agentId: 'PJSIP/1001', from: NINE + 3 * 3_600_000 },
        { agentId: 'PJSIP/1002', from: NINE + 10_000 },
        { agentId: 'PJSIP/1002', from: NINE + 10_000 },
      ],
    });
  });

  it('takes no tickets', () => {
    const chunk = new ImportChunk('msk');
    expect(() => chunk.add({ kind: 'escalation' } as unknown as HistoryFact)).toThrow(/tickets are not imported/);
  });
});
