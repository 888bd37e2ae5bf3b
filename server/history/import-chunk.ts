import type { AgentStateSpan, CallRecord, RingNoAnswer } from '../domain/live-state';
import { BinaryCopyRows } from './copy-binary';
import { readCall, readRing, readRows, readSpan, writeCall, writeRing, writeSpan } from './copy-rows';
import type { HistoryFact } from './history-facts';
import { touchBySpan } from './write-batch';

/**
 * One chunk of an import's facts, each written into its table's COPY bytes
 * (copy-rows.ts) as it comes. An import holds its facts until Postgres has
 * taken their chunk: as objects they outlived the young generation, and the
 * importer spent up to half its time in the garbage collector copying them.
 * Kept beside the bytes: what the writer needs of the rows (the intervals
 * they touch, keys to probe, the longest span) and the facts that could not
 * be written (Postgres would refuse them too).
 */

/** A call's key (call_history's, after the site). */
export interface CallProbe {
  queueId: string;
  callId: string;
  enteredAt: number;
}

/** A span's key (agent_state_spans', after the site). */
export interface SpanProbe {
  agentId: string;
  from: number;
}

/** About this much per piece of a table's bytes (one write to the socket each). */
const PIECE_BYTES = 256 * 1024;

/** One table's rows in COPY binary form: header, rows, and once sealed the trailer. */
class EncodedTable<T> {
  readonly pieces: Buffer[] = [];
  rows = 0;
  private out = new BinaryCopyRows();

  constructor(
    private readonly site: string,
    private readonly write: (out: BinaryCopyRows, site: string, row: T) => void,
  ) {}

  /** Writes the row; false, and nothing written, when a value cannot be written (a malformed fact). */
  add(row: T): boolean {
    const start = this.out.size;
    try {
      this.write(this.out, this.site, row);
    } catch (error) {
      if (!(error instanceof RangeError || error instanceof TypeError)) throw error;
      this.out.rewind(start);
      return false;
    }
    this.rows++;
    if (this.out.size >= PIECE_BYTES) this.pieces.push(this.out.take());
    return true;
  }

  seal(): void {
    this.pieces.push(this.out.take(true));
  }
}

export class ImportChunk {
  readonly calls: EncodedTable<CallRecord>;
  readonly spans: EncodedTable<AgentStateSpan>;
  readonly rings: EncodedTable<RingNoAnswer>;
  /** the intervals whose rollup the chunk's rows change */
  readonly touched = new Set<number>();
  /** facts no row could be written for, in order */
  readonly unwritable: HistoryFact[] = [];
  /** the site's longest span among the chunk's, in whole milliseconds (agent_span_bounds) */
  longestSpanMs = 0;
  private facts = 0;
  private firstCall: CallProbe | null = null;
  private lastCall: CallProbe | null = null;
  /** each agent's first and last span start */
  private readonly agentEnds = new Map<string, { first: number; last: number }>();

  constructor(site: string) {
    this.calls = new EncodedTable(site, writeCall);
    this.spans = new EncodedTable(site, writeSpan);
    this.rings = new EncodedTable(site, writeRing);
  }

  /** Facts taken, written or not. */
  get size(): number {
    return this.facts;
  }

  add(fact: HistoryFact): void {
    this.facts++;
    if (fact.kind === 'call') {
      if (!this.calls.add(fact.call)) return void this.unwritable.push(fact);
      const { queueId, callId, enteredAt } = fact.call;
      this.lastCall = { queueId, callId, enteredAt };
      this.firstCall ??= this.lastCall;
      this.touched.add(fact.call.intervalStart);
    } else if (fact.kind === 'agentState') {
      const { span } = fact;
      if (!this.spans.add(span)) return void this.unwritable.push(fact);
      touchBySpan(this.touched, span);
      this.longestSpanMs = Math.max(this.longestSpanMs, Math.trunc(span.to) - Math.trunc(span.from));
      const ends = this.agentEnds.get(span.agentId);
      if (ends === undefined) this.agentEnds.set(span.agentId, { first: span.from, last: span.from });
      else ends.last = span.from;
    } else if (fact.kind === 'ringNoAnswer') {
      if (!this.rings.add(fact.ring)) this.unwritable.push(fact);
    } else {
      throw new TypeError('tickets are not imported');
    }
  }

  /** Ends the chunk: no fact is added after. */
  seal(): this {
    this.calls.seal();
    this.spans.seal();
    this.rings.seal();
    return this;
  }

  /**
   * Keys that tell whether the chunk is stored already, in part (a re-import,
   * or a run after an interrupted one): its first and last call, and the first
   * and last span of each of its agents.
   */
  probes(): { calls: CallProbe[]; spans: SpanProbe[] } {
    const calls = this.firstCall === null || this.lastCall === null ? [] : [this.firstCall, this.lastCall];
    const spans = [...this.agentEnds].flatMap(([agentId, { first, last }]) => [
      { agentId, from: first },
      { agentId, from: last },
    ]);
    return { calls, spans };
  }

  /** The facts of the rows written, read back (calls, then spans, then rings), and the unwritable ones. */
  readFacts(): HistoryFact[] {
    return [
      ...readRows(this.calls.pieces, readCall).map((call) => ({ kind: 'call' as const, call })),
      ...readRows(this.spans.pieces, readSpan).map((span) => ({ kind: 'agentState' as const, span })),
      ...readRows(this.rings.pieces, readRing).map((ring) => ({ kind: 'ringNoAnswer' as const, ring })),
      ...this.unwritable,
    ];
  }
}
