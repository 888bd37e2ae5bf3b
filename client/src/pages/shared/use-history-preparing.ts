import { useEffect, useState } from 'react';
import { historyPreparingSchema, type HistoryPreparing } from '../../../../shared/history-api';

/** How often the pages ask while history is being written. */
export const PREPARING_POLL_MS = 3_000;

export interface HistoryPreparingState {
  /** the last answer; null until the first, and when the server has no history to report on */
  status: HistoryPreparing | null;
  /**
   * Moves each time days were written between two answers: the pages fetch
   * their figures again then, and only then (the first answer changes nothing
   * the first fetch did not already see).
   */
  landed: number;
}

/**
 * GET /api/history/preparing, asked again every few seconds while the answer
 * says history is still being written (the demo's simulated weeks).
 */
export function useHistoryPreparing(): HistoryPreparingState {
  const [state, setState] = useState<HistoryPreparingState>({ status: null, landed: 0 });
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
        if (parsed.success) {
          const next = parsed.data;
          setState(({ status, landed }) => ({ status: next, landed: status !== null && status.doneDays !== next.doneDays ? landed + 1 : landed }));
        }
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
  return state;
}
