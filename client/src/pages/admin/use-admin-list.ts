import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../../auth/session';

/** A GET of an admin list, again on `reload`; the server's message when it refuses. */
export function useAdminList<T>(url: string, pick: (body: unknown) => T[]): { items: T[]; problem: string | null; reload: () => void } {
  const [items, setItems] = useState<T[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const reload = useCallback(() => {
    fetch(url)
      .then(async (response) => {
        if (!response.ok) throw new Error(await errorMessage(response));
        setItems(pick(await response.json()));
        setProblem(null);
      })
      .catch((error: unknown) => setProblem((error as Error).message));
  }, [url, pick]);
  useEffect(reload, [reload]);
  return { items, problem, reload };
}
