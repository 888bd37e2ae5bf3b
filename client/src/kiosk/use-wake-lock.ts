import { useEffect } from 'react';

/**
 * Keeps the screen on while `enabled` (Wake Lock API). The browser releases the
 * lock whenever the page is hidden (another tab, the TV's input switched), so
 * it is asked for again each time the page becomes visible. Where the API is
 * missing or refuses (no secure context), the TV's own settings must do.
 */
export function useWakeLock(enabled: boolean): void {
  useEffect(() => {
    if (!enabled || !('wakeLock' in navigator)) return;
    let lock: WakeLockSentinel | null = null;
    let stopped = false;
    const acquire = async () => {
      if (stopped || document.visibilityState !== 'visible' || (lock !== null && !lock.released)) return;
      try {
        lock = await navigator.wakeLock.request('screen');
        document.documentElement.dataset.wakeLock = 'held';
        lock.addEventListener('release', () => {
          document.documentElement.dataset.wakeLock = 'released';
        });
      } catch {
        document.documentElement.dataset.wakeLock = 'refused';
      }
    };
    const onVisibility = () => void acquire();
    document.addEventListener('visibilitychange', onVisibility);
    void acquire();
    return () => {
      stopped = true;
      document.removeEventListener('visibilitychange', onVisibility);
      void lock?.release();
    };
  }, [enabled]);
}
