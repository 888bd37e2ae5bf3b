import { useEffect } from 'react';
import { isNewBuild, PAGE_BUILD_ID } from './page-build';

const CHECK_EVERY_MS = 60_000;

/**
 * Reloads the page once the server serves another build than this page's
 * (GET /api/build): a wall TV picks up a deploy by itself. Asked every minute
 * and whenever the page becomes visible again.
 */
export function useBuildWatch(enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const check = async () => {
      try {
        const response = await fetch('/api/build', { cache: 'no-store' });
        if (!response.ok) return;
        const { buildId } = (await response.json()) as { buildId?: unknown };
        if (isNewBuild(PAGE_BUILD_ID, typeof buildId === 'string' ? buildId : null)) window.location.reload();
      } catch {
        // the server is away (a deploy restarting it): asked again at the next tick
      }
    };
    const timer = setInterval(() => void check(), CHECK_EVERY_MS);
    const onVisibility = () => {
      if (document.visibilityState === 'visible') void check();
    };
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [enabled]);
}
