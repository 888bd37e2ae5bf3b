import { addDays, dayStartMs, INTERVAL_MS, siteDay } from '../../shared/site-time';
import { storeRebuildOps, type IntervalCounters } from '../domain/store-rebuild-ops';
import type { HistoryService } from '../history/history-service';
import { readQueueIntervalCounters } from '../history/history-queries';
import type { StoreEmptied } from '../ingest/reader-lease';
import type { Logger } from '../observability/logger';
import type { WallboardMetrics } from '../observability/metrics';
import { Deadline } from '../resilience/deadline';
import type { CallLiveStore } from '../store/call-live-store';
import type { StoreRebuild } from './live-aggregator';

export interface StoreRebuildOptions {
  store: CallLiveStore;
  site: string;
  timeZone: string;
  /** null without a database: only the reader's state is put back */
  history: HistoryService | null;
  /** the site's clock: which day is rebuilt */
  clock: () => number;
  logger: Logger;
  metrics: WallboardMetrics;
  /** how long the history writer may take to write what it holds before history is read (default 5 s) */
  historySettleMs?: number;
}

const DEFAULT_HISTORY_SETTLE_MS = 5_000;

/**
 * How the reader puts back a live store that was emptied (a Redis restart
 * without persistence): today's counters from the calls history has finished
 * plus the calls the reader still tracks, and the reader's live state; the
 * QueueStatus resync that follows brings waiting callers and agents up to date.
 * Without history (no database, or unreachable) only the reader's state and its
 * tracked calls are put back, and the error is logged.
 */
export function storeRebuild(options: StoreRebuildOptions, emptied: StoreEmptied): StoreRebuild {
  return {
    keepMirror: emptied.byThisReader,
    ops: async (mirror) => {
      const { store, site, timeZone, clock, logger, metrics } = options;
      const now = clock();
      const day = siteDay(timeZone, now);
      const range = { from: dayStartMs(timeZone, day), to: dayStartMs(timeZone, addDays(day, 1)) };
      const [finished, stored] = await Promise.all([finishedCalls(options, range), storedCounters(store, site, range.from, now)]);
      metrics.storeRebuilds.inc();
      logger.warn(
        { site, day, finishedIntervals: finished.length, trackedCalls: Object.keys(mirror.calls).length, fromReaderState: emptied.byThisReader },
        'live store was emptied: rebuilding today from history and the reader state',
      );
      return storeRebuildOps({ day, finished, mirror, stored });
    },
  };
}

/** The history rollup of the day, once the writer has written what it holds (bounded); none when history cannot be read. */
async function finishedCalls(options: StoreRebuildOptions, range: { from: number; to: number }): Promise<IntervalCounters[]> {
  const { history, site, logger } = options;
  if (!history) return [];
  const written = await new Deadline(options.historySettleMs ?? DEFAULT_HISTORY_SETTLE_MS).wait(history.writer.settled());
  if (!written) logger.warn({ site }, 'history writer still busy: calls it holds are missing from the rebuilt counters');
  try {
    return await readQueueIntervalCounters(await history.reader(), site, range);
  } catch (error) {
    logger.error({ err: error, site }, "history unreadable: today's finished calls are missing from the rebuilt counters");
    return [];
  }
}

/** What the store holds for each interval of the day so far (batches that landed after it was emptied). */
async function storedCounters(store: CallLiveStore, site: string, dayStart: number, now: number): Promise<IntervalCounters[]> {
  const starts: number[] = [];
  for (let start = dayStart; start <= now; start += INTERVAL_MS) starts.push(start);
  const intervals = await Promise.all(starts.map(async (start) => ({ start, counters: await store.readIntervalCounters(site, start) })));
  return intervals.flatMap(({ start, counters }) =>
    Object.entries(counters).map(([queueId, c]) => ({ queueId, intervalStart: start, counters: c })),
  );
}
