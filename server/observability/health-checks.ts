/** One entry of /api/health's `checks`. */
export interface HealthCheck {
  ok: boolean;
  detail?: string;
}

/** A check of one dependency; it may throw (not ok, with the error's message) or never answer. */
export type HealthProbe = () => HealthCheck | Promise<HealthCheck>;

/**
 * What a node's checks say as a whole. `down` (HTTP 503) only when a critical
 * check fails: the node cannot serve true figures, so a balancer should take
 * it out. `degraded` (HTTP 200) when only a non-critical one does (dead
 * letters: someone has to look, but pulling every node for one poison batch
 * would take the whole board away).
 */
export type HealthStatus = 'ok' | 'degraded' | 'down';

export function healthStatus(checks: Readonly<Record<string, HealthCheck>>, nonCritical: ReadonlySet<string>): HealthStatus {
  const failing = Object.keys(checks).filter((name) => !checks[name]?.ok);
  if (failing.length === 0) return 'ok';
  return failing.every((name) => nonCritical.has(name)) ? 'degraded' : 'down';
}

/** Each check's bound: /api/health answers within 1 s whatever is down or hung. */
export const HEALTH_CHECK_TIMEOUT_MS = 500;

/**
 * Runs every probe at once, each bounded by `timeoutMs`: a dependency that does
 * not answer is reported as such and holds up neither the others nor the answer.
 */
export async function runHealthChecks(
  probes: Readonly<Record<string, HealthProbe>>,
  timeoutMs = HEALTH_CHECK_TIMEOUT_MS,
): Promise<Record<string, HealthCheck>> {
  const entries = await Promise.all(
    Object.entries(probes).map(async ([name, probe]) => [name, await boundedCheck(probe, timeoutMs)] as const),
  );
  return Object.fromEntries(entries);
}

async function boundedCheck(probe: HealthProbe, timeoutMs: number): Promise<HealthCheck> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<HealthCheck>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, detail: `no answer within ${timeoutMs} ms` }), timeoutMs);
  });
  const answer = (async (): Promise<HealthCheck> => {
    try {
      return await probe();
    } catch (error) {
      return { ok: false, detail: error instanceof Error ? error.message : String(error) };
    }
  })();
  try {
    return await Promise.race([answer, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
