import { useEffect, useState } from 'react';
import type { z } from 'zod';
import { readHistoryReply, type HistoryFailure } from './history-reply';

export interface HistoryResource<T> {
  /** the last payload received, kept while a newer one loads or fails so charts do not blink */
  data: T | null;
  /** `data` belongs to the URL asked for now */
  current: boolean;
  loading: boolean;
  failure: HistoryFailure | null;
}

interface State<T> {
  data: T | null;
  dataUrl: string | null;
  loading: boolean;
  failure: HistoryFailure | null;
}

/**
 * GETs `url` (nothing while it is null) and validates the JSON with `schema`,
 * which must be a module constant. A newer URL aborts the request in flight;
 * a new `refreshKey` fetches the same URL again (history written meanwhile).
 */
export function useHistoryJson<T>(url: string | null, schema: z.ZodType<T>, refreshKey?: unknown): HistoryResource<T> {
  const [state, setState] = useState<State<T>>({ data: null, dataUrl: null, loading: url !== null, failure: null });

  useEffect(() => {
    if (url === null) return;
    const controller = new AbortController();
    setState((previous) => ({ ...previous, loading: true, failure: null }));
    const settle = (next: (previous: State<T>) => State<T>) => {
      if (!controller.signal.aborted) setState(next);
    };
    fetch(url, { signal: controller.signal, headers: { accept: 'application/json' } })
      .then(async (response) => readHistoryReply(response.status, await response.json().catch(() => undefined), schema))
      .then((reply) =>
        settle((previous) =>
          reply.ok
            ? { data: reply.data, dataUrl: url, loading: false, failure: null }
            : { ...previous, loading: false, failure: reply.failure },
        ),
      )
      .catch((error: unknown) =>
        settle((previous) => ({
          ...previous,
          loading: false,
          failure: { kind: 'unavailable', message: error instanceof Error ? error.message : String(error) },
        })),
      );
    return () => controller.abort();
  }, [url, schema, refreshKey]);

  return { data: state.data, current: state.dataUrl === url, loading: state.loading, failure: state.failure };
}
