import { useEffect, useState } from 'react';

/**
 * True for `idleMs` after the pointer moved or a key was pressed. A wall TV has
 * no mouse, so what is shown only while "awake" never covers the board there.
 */
export function usePointerAwake(idleMs: number): boolean {
  const [awake, setAwake] = useState(false);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const wake = () => {
      setAwake(true);
      clearTimeout(timer);
      timer = setTimeout(() => setAwake(false), idleMs);
    };
    const events = ['pointermove', 'pointerdown', 'keydown'] as const;
    for (const name of events) window.addEventListener(name, wake, { passive: true });
    return () => {
      clearTimeout(timer);
      for (const name of events) window.removeEventListener(name, wake);
    };
  }, [idleMs]);
  return awake;
}
