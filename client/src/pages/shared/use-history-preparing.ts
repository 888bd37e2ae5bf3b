import { useEffect, useState } from 'react';
import { historyPreparingSchema, type HistoryPreparing } from '../../../../shared/history-api';

/** How often the pages ask while history is being written. */
export const PREPARING_POLL_MS = 3_000;

/**
 * GET /api/history/preparing, asked again every few seconds while the answer
 * says history is still being written (the demo's simulated weeks). Null
 * until the first answer, and when the server has no history to report on.
 */
export function useHistoryPreparing(): HistoryPreparing | null {
  const [status, setStatus] = useState<HistoryPreparing | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ask = async (): Promise<void> => {
      let again = true;
      try {
        const response = await fetch('/api/history/preparing', { signal: controller.signal, headers: { accept: 'application/json' } });
        const parsed = historyPreparingSchema.safeParse(response.ok ? await response.json() : null);
        // no such report (no history on this server) or nothing being prepared: no need to ask again
        again = parsed.success && parsed.data.preparing;
        if (parsed.success) setStatus(parsed.data);
      } catch {
        // unreachable for now: ask again later
      }
      if (again && !controller.signal.aborted) timer = setTimeout(() => void ask(), PREPARING_POLL_MS);
    };
    void ask();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, []);
  return status;
}
