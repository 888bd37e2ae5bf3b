/** How long to wait before reconnecting, after a connection is lost or refused. */
export interface BackoffPolicy {
  /** the ceiling of the first delay */
  initialMs: number;
  /** the ceiling never grows past this */
  maxMs: number;
  /** full jitter: draw the delay uniformly below the ceiling */
  jitter: boolean;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 500, maxMs: 30_000, jitter: true };

/**
 * Delay before reconnect attempt `attempt` (0 for the first after a loss): the ceiling doubles
 * per attempt up to maxMs. With jitter the delay is uniform in [0, ceiling) ("full jitter"),
 * so several wallboard servers do not hit a restarted Asterisk in step.
 */
export function reconnectDelayMs(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(attempt, 31));
  return policy.jitter ? Math.floor(random() * ceiling) : ceiling;
}
