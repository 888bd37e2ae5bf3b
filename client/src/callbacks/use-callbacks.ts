import { useEffect, useState } from 'react';
import { callbacksReplySchema, type CallbacksReply } from '../../../shared/callbacks';
import { useHistoryJson, type HistoryResource } from '../pages/shared/use-history-json';

/**
 * How often the list is fetched again. It is read from history, which a call
 * reaches when it ends, so a poll is as fresh as a socket event would be and
 * costs one indexed query of one day per screen.
 */
export const CALLBACKS_POLL_MS = 20_000;

/** Today's callback list (one queue or all), fetched now, every CALLBACKS_POLL_MS and when `bump` changes. */
export function useCallbacks(queue: string | null, bump = 0): HistoryResource<CallbacksReply> {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = window.setInterval(() => setTick((n) => n + 1), CALLBACKS_POLL_MS);
    return () => window.clearInterval(timer);
  }, []);
  const url = queue === null ? '/api/callbacks' : `/api/callbacks?queue=${encodeURIComponent(queue)}`;
  return useHistoryJson(url, callbacksReplySchema, `${tick}:${bump}`);
}
