import { useSyncExternalStore } from 'react';

const PHONE = '(max-width: 600px)';

/** True on a phone-sized screen, where charts draw narrower axes (chart-theme.ts); follows rotation and resizing. */
export function useCompactCharts(): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const query = window.matchMedia(PHONE);
      query.addEventListener('change', onChange);
      return () => query.removeEventListener('change', onChange);
    },
    () => window.matchMedia(PHONE).matches,
  );
}
