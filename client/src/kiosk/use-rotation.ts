import { useEffect } from 'react';
import { navigate } from '../app-shell/router';
import { nextStopHref, stopIndexAt, type KioskOptions } from './kiosk-options';

/**
 * Moves to the next board or page of the rotation every `everySec` seconds
 * (the URL carries the plan along); from a place that is not one of its stops,
 * at once to the first. True while it is about to leave such a place.
 */
export function useRotation(rotation: KioskOptions['rotation'], pathname: string, search: string): boolean {
  const offRotation = rotation !== null && stopIndexAt(rotation.stops, pathname, search) === -1;
  useEffect(() => {
    if (rotation === null) return;
    const timer = setTimeout(() => navigate(nextStopHref(rotation.stops, pathname, search), { replace: true }), offRotation ? 0 : rotation.everySec * 1000);
    return () => clearTimeout(timer);
  }, [rotation, pathname, search, offRotation]);
  return offRotation;
}
