import pRetry, { AbortError } from 'p-retry';

/**
 * The one way this server retries: the live store batch, history writes, AMI
 * reconnects, webhook posts and the embedded Postgres start all go through
 * `retry`.
 *
 * Rules: every failure is retried, with exponential backoff and full jitter
 * (the wait is uniform below a ceiling that doubles per retry up to
 * `maxDelayMs`), forever unless `maxAttempts` says otherwise. Only a
 * PermanentError thrown by the operation is permanent: retry rejects with it at
 * once. The signal ends a wait at once and prevents
 * further attempts; an attempt already running is not interrupted, and its
 * success still counts.
 *
 * p-retry runs the loop: attempts, counting, and its AbortError for permanent
 * errors. Three of its ways are not ours, so we do those parts: its jitter
 * multiplies by [1, 2) rather than drawing below the ceiling, so its own delay
 * is set to zero and the wait happens here (injectable for tests); it never
 * retries a TypeError other than a network failure, so errors cross it wrapped;
 * and its signal turns a success that lands after an abort into the abort, so
 * the signal is checked here, between attempts.
 */

export interface BackoffPolicy {
  /** the ceiling of the first wait; it doubles per retry */
  initialDelayMs: number;
  /** the ceiling never grows past this */
  maxDelayMs: number;
}

export interface RetryInfo {
  /** why the attempt failed; undefined for the wait asked for by `delayFirstAttempt` */
  error: unknown;
  /** the attempt that follows the wait (1-based) */
  attempt: number;
  delayMs: number;
}

export interface RetryOptions extends BackoffPolicy {
  /** attempts in all, the first included; retries forever without it */
  maxAttempts?: number;
  /** ends a wait at once and stops further attempts; retry then rejects with the signal's reason */
  signal?: AbortSignal;
  /** told before every wait, for logs and metrics */
  onRetry?: (info: RetryInfo) => void;
  /** the operation has just failed elsewhere (a dropped connection): wait before the first attempt as after a failure */
  delayFirstAttempt?: boolean;
  /** uniform in [0, 1); Math.random by default */
  random?: () => number;
  /** resolves after `ms`, rejects with the signal's reason as soon as it aborts; timers by default */
  sleep?: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
}

/** Thrown by an operation to say that trying again cannot help. */
export class PermanentError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentError';
  }
}

/** Carries an operation's error across p-retry untouched. */
class Failure extends Error {
  constructor(readonly error: unknown) {
    super('retry: attempt failed');
  }
}

/** The wait before retry `retry` (0 for the first): uniform below min(maxDelayMs, initialDelayMs * 2^retry). */
export function backoffDelayMs(retry: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.min(retry, 31));
  return Math.floor(random() * ceiling);
}

export async function retry<T>(operation: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const { signal, onRetry, random = Math.random, sleep = abortableSleep } = options;
  const shift = options.delayFirstAttempt ? 1 : 0;
  /** The wait before attempt `next` (1-based) of this call. */
  const waitBefore = async (next: number, error: unknown): Promise<void> => {
    signal?.throwIfAborted();
    const delayMs = backoffDelayMs(next - 2 + shift, options, random);
    onRetry?.({ error, attempt: next, delayMs });
    await sleep(delayMs, signal);
    signal?.throwIfAborted();
  };
  signal?.throwIfAborted();
  if (shift === 1) await waitBefore(1, undefined);
  try {
    return await pRetry(
      async (attempt) => {
        try {
          return await operation(attempt);
        } catch (error) {
          const failure = new Failure(error);
          throw error instanceof PermanentError ? new AbortError(failure) : failure;
        }
      },
      {
        retries: options.maxAttempts === undefined ? Number.POSITIVE_INFINITY : options.maxAttempts - 1,
        minTimeout: 0,
        // called only when another attempt is due: the wait happens here
        shouldRetry: async ({ error, attemptNumber }) => {
          await waitBefore(attemptNumber + 1, error instanceof Failure ? error.error : error);
          return true;
        },
      },
    );
  } catch (error) {
    throw error instanceof Failure ? error.error : error;
  }
}

/** Resolves after `ms`; rejects with the signal's reason as soon as it aborts. */
export function abortableSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
