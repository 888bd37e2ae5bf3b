import type { DeliveryTrace } from './board-clients-process';
import type { SendTick } from './replay-ami-server';
import { weightedSpreadOf, type Spread } from './stats';

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
export function eventToSocketLatency(ticks: readonly SendTick[], traces: readonly DeliveryTrace[]): Spread & { undelivered: number } {
  const samples: { value: number; weight: number }[] = [];
  let undelivered = 0;
  for (const trace of traces) {
    let next = 0;
    for (const tick of ticks) {
      while (next < trace.length && (trace[next]![1] < tick.at || trace[next]![0] < tick.at)) next++;
      if (next === trace.length) undelivered += tick.frames;
      else samples.push({ value: trace[next]![0] - tick.at, weight: tick.frames });
    }
  }
  return { ...weightedSpreadOf(samples), undelivered };
}
