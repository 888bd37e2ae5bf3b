/** Epoch seconds of an instant in ms, as time(NULL) gives them. */
export const secondsOf = (ms: number): number => Math.floor(ms / 1000);

/** time(NULL) differences, as app_queue computes HoldTime and TalkTime. */
export const elapsedSec = (from: number, to: number): number => secondsOf(to) - secondsOf(from);
