import { useEffect, useState } from 'react';

/**
 * The local clock, re-rendering every `stepMs`. Ticks are aligned to whole
 * steps of the clock so every ticking figure (and the header clock) changes
 * together, on the second, rather than drifting apart.
 */
export function useNow(stepMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    const schedule = () => {
      timer = setTimeout(() => {
        setNow(Date.now());
        schedule();
      }, stepMs - (Date.now() % stepMs));
    };
    schedule();
    return () => clearTimeout(timer);
  }, [stepMs]);
  return now;
}
