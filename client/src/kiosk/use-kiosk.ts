import { useEffect, useMemo } from 'react';
import { usePointerAwake } from '../app-shell/use-pointer-awake';
import { kioskOptions, type KioskOptions } from './kiosk-options';
import { useBuildWatch } from './use-build-watch';
import { useRotation } from './use-rotation';
import { useWakeLock } from './use-wake-lock';

/**
 * A wall screen's behaviour from the URL (kiosk-options.ts): the screen kept
 * awake, a reload on a new build, the cursor hidden while the pointer rests
 * (html[data-kiosk][data-pointer]), and the rotation.
 */
/** `leaving`: the rotation is about to move from a place that is none of its stops (show nothing there). */
export function useKiosk(pathname: string, search: string): KioskOptions & { awake: boolean; leaving: boolean } {
  const options = useMemo(() => kioskOptions(search), [search]);
  const awake = usePointerAwake(3000);
  useWakeLock(options.kiosk);
  useBuildWatch(options.kiosk);
  const leaving = useRotation(options.rotation, pathname, search);
  useEffect(() => {
    const root = document.documentElement.dataset;
    if (options.kiosk) {
      root.kiosk = 'true';
      root.pointer = awake ? 'moving' : 'idle';
    } else {
      delete root.kiosk;
      delete root.pointer;
    }
  }, [options.kiosk, awake]);
  return { ...options, awake, leaving };
}
