import { useCallback, useEffect, useRef, useState } from 'react';

/** A sounding alert beeps this often. */
const BEEP_EVERY_MS = 5_000;

/**
 * The board's alert sound: a short two-tone beep, repeated while `sounding`.
 * Browsers play audio only after a user gesture on the page, so a TV must be
 * given one click: `locked` says the sound cannot play yet, `unlock` is that
 * click's handler.
 */
export function useAlertSound(sounding: boolean): { locked: boolean; unlock: () => void } {
  const context = useRef<AudioContext | null>(null);
  const [locked, setLocked] = useState(true);

  // The click is the gesture the browser asked for: the context may take a while to start (or, with no
  // audio device, never), and asking again would not help.
  const unlock = useCallback(() => {
    setLocked(false);
    context.current ??= new AudioContext();
    context.current.resume().catch(() => undefined);
  }, []);

  useEffect(() => {
    if (!sounding || locked || !context.current) return;
    const audio = context.current;
    beep(audio);
    const timer = setInterval(() => beep(audio), BEEP_EVERY_MS);
    return () => clearInterval(timer);
  }, [sounding, locked]);

  return { locked, unlock };
}

function beep(audio: AudioContext): void {
  const start = audio.currentTime;
  [880, 660].forEach((frequency, i) => {
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.3, start + i * 0.25);
    gain.gain.exponentialRampToValueAtTime(0.001, start + i * 0.25 + 0.22);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(start + i * 0.25);
    oscillator.stop(start + i * 0.25 + 0.23);
  });
}
