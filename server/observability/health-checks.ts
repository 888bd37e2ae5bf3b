/** One entry of /api/health's `checks`. */
export interface HealthCheck {
  ok: boolean;
  detail?: string;
}

/** A check of one dependency; it may throw (not ok, with the error's message) or never answer. */
export type HealthProbe = () => HealthCheck | Promise<HealthCheck>;

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
