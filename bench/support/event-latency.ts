import type { DeliveryTrace } from './board-clients-process';
import type { SendTick } from './replay-ami-server';
import { spreadOf, weightedSpreadOf, type Spread } from './stats';

/**
 * Per-event latency as a person watching the board sees it: for each event,
 * the time from its send until the client received the first snapshot whose
 * `lastEventAt` is at least the event's (rewritten) Timestamp, i.e. a snapshot
 * built after the event was taken in. Unlike a snapshot's freshness, this
 * includes the wait for the next coalesced update.
 *
 * The traces must cover every tick (recording started before the first send).
 * Events whose snapshot never arrived within a trace (the run's last instant)
 * are counted in `undelivered`, not in the spread.
 */
export function eventToSocketLatency(ticks: readonly SendTick[], allTraces: readonly DeliveryTrace[]): Spread & { undelivered: number } {
  const samples: { value: number; weight: number }[] = [];
  let undelivered = 0;
  for (const trace of allTraces.map((t) => t.filter(([, last]) => !Number.isNaN(last)))) {
    let next = 0;
    for (const tick of ticks) {
      while (next < trace.length && (trace[next]![1] < tick.at || trace[next]![0] < tick.at)) next++;
      if (next === trace.length) undelivered += tick.frames;
      else samples.push({ value: trace[next]![0] - tick.at, weight: tick.frames });
    }
  }
  return { ...weightedSpreadOf(samples), undelivered };
}

/**
 * How long after a board of the reader node a board of another node showed
 * the same seq: for each update a reader's board received, the first receipt
 * of that seq or a later one on `other`, minus the reader board's receipt.
 * Another node's boards carry the reader's PBX link only as often as the lease
 * renews it, so their lastEventAt cannot time events; the seq can.
 */
export function behindReader(reader: readonly DeliveryTrace[], other: readonly DeliveryTrace[]): Spread {
  const delays: number[] = [];
  const withSeq = (traces: readonly DeliveryTrace[]) => traces.map((t) => t.filter(([, , seq]) => !Number.isNaN(seq)));
  const first = withSeq(reader)[0] ?? [];
  for (const trace of withSeq(other)) {
    let next = 0;
    for (const [received, , seq] of first) {
      while (next < trace.length && trace[next]![2] < seq) next++;
      if (next < trace.length) delays.push(trace[next]![0] - received);
    }
  }
  return spreadOf(delays);
}
