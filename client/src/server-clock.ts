/**
 * Estimates the offset between the server's clock and this browser's, so waits
 * and times in state tick correctly on a TV whose clock is minutes off.
 *
 * Each message carries a server time `at` stamped before it was sent, so
 * `at - receivedAt` is the true offset minus that message's delay (network, and
 * for a snapshot built a while ago, its age). Every sample therefore
 * UNDER-estimates the offset, and the best estimate is the largest recent one.
 * Keeping only recent samples lets a corrected server clock take over.
 */
export const OFFSET_WINDOW = 8;

export function addOffsetSample(samples: readonly number[], serverAtIso: string, receivedAtMs: number): number[] {
  const serverAtMs = Date.parse(serverAtIso);
  if (Number.isNaN(serverAtMs)) return [...samples];
  return [...samples, serverAtMs - receivedAtMs].slice(-OFFSET_WINDOW);
}

/** Milliseconds to add to the local clock to get the server's; 0 before the first sample. */
export function serverOffsetMs(samples: readonly number[]): number {
  return samples.length === 0 ? 0 : Math.max(...samples);
}
