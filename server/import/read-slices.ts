import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * A read (1 MB) is handed on in slices of 8 kB, about 120 queue_log lines or
 * 70 CSV records, a millisecond of work, with a turn of the event loop between:
 * each of the history writer's round trips to Postgres (a dozen per chunk, and
 * the rollups') waits for the slice being parsed to end. With a whole read at
 * once it waited up to 200 ms; with 64 kB slices Postgres still idled a third
 * of a queue_log import (8 weeks: 5.3-6.0 s against 4.4 s with 8 kB; 4 and
 * 16 kB were 4.6). (Smaller reads would do the same with a thread pool hop
 * each, slow on a busy machine.)
 */
const SLICE_BYTES = 1 << 13;

export async function readInSlices(read: Buffer, take: (slice: Buffer) => Promise<void>): Promise<void> {
  for (let at = 0; at < read.length; at += SLICE_BYTES) {
    if (at > 0) await nextTurn();
    await take(read.subarray(at, at + SLICE_BYTES));
  }
}
