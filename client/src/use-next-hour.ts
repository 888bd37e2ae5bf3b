import { useEffect, useState } from 'react';
import { intradayResponseSchema, type IntradayResponse } from '../../shared/history-api';
import { intradayUrl } from './pages/shared/history-urls';

/** The forecast moves with each 15-minute interval; five minutes keeps the line at most a third of one behind. */
const REFRESH_MS = 5 * 60_000;

/**
 * The coming hour's forecast per queue id, refreshed every few minutes. A queue
 * whose forecast cannot be had (no history database, history unreachable, no
 * same weekday in history yet) has no entry: the board shows no line rather
 * than an error or a guess.
 */
export function useNextHour(queueIds: readonly string[]): ReadonlyMap<string, IntradayResponse['nextHour']> {
  const [byQueue, setByQueue] = useState<ReadonlyMap<string, IntradayResponse['nextHour']>>(new Map());
  const key = queueIds.join('\n');
  useEffect(() => {
    const ids = key === '' ? [] : key.split('\n');
    const controller = new AbortController();
    const load = async (): Promise<void> => {
      const answers = await Promise.all(
        ids.map(async (id) => {
          try {
            const response = await fetch(intradayUrl(id), { signal: controller.signal });
            if (!response.ok) return null;
            const parsed = intradayResponseSchema.safeParse(await response.json());
            // no same weekday in history yet: "0 calls expected" would be a guess, not a forecast
            return parsed.success && parsed.data.observedDays > 0 ? ([id, parsed.data.nextHour] as const) : null;
          } catch {
            return null;
          }
        }),
      );
      if (!controller.signal.aborted) setByQueue(new Map(answers.filter((a) => a !== null)));
    };
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => {
      controller.abort();
      clearInterval(timer);
    };
  }, [key]);
  return byQueue;
}
