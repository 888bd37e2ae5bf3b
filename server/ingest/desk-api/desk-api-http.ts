import type { Logger } from '../../observability/logger';
import { abortableSleep, PermanentError, retry, type BackoffPolicy } from '../../resilience/retry';
import { retryAfterMs } from '../../resilience/retry-after';

/**
 * GET of a help desk's REST API, as both desks document their limits:
 * - 429 Too Many Requests: wait what Retry-After says (seconds, or an HTTP
 *   date), then ask again; such waits are not failures and do not use up
 *   attempts, since the desk asked for exactly this;
 * - 5xx and network failures: retried with backoff (server/resilience/retry.ts),
 *   up to `maxAttempts`;
 * - any other non-2xx (401 bad token, 404 wrong URL): permanent, not retried.
 */

export interface DeskApiHttpOptions {
  /** the whole Authorization header */
  authorization: string;
  logger: Logger;
  /** which desk, for the logs */
  desk: string;
  backoff?: BackoffPolicy;
  /** attempts per request on 5xx / network failures (default 6) */
  maxAttempts?: number;
  /** a Retry-After longer than this is cut to it (default 10 minutes) */
  maxRetryAfterMs?: number;
  signal?: AbortSignal;
  fetch?: typeof fetch;
  sleep?: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
}

const DEFAULT_BACKOFF: BackoffPolicy = { initialDelayMs: 500, maxDelayMs: 30_000 };

export class DeskApiHttp {
  private readonly fetch: typeof fetch;
  private readonly sleep: (ms: number, signal: AbortSignal | undefined) => Promise<void>;

  constructor(private readonly options: DeskApiHttpOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
    this.sleep = options.sleep ?? abortableSleep;
  }

  /** The parsed JSON body of a 2xx answer to GET `url`. */
  getJson(url: string): Promise<unknown> {
    const { logger, desk, signal } = this.options;
    return retry(
      async () => {
        for (;;) {
          const response = await this.fetch(url, {
            headers: { authorization: this.options.authorization, accept: 'application/json' },
            signal,
          });
          if (response.status === 429) {
            const waitMs = retryAfterMs(response.headers.get('retry-after'), Date.now(), this.options.maxRetryAfterMs ?? 600_000);
            logger.warn({ desk, url: withoutQuery(url), waitMs }, 'desk API rate limit: waiting as Retry-After says');
            await response.body?.cancel();
            await this.sleep(waitMs, signal);
            continue;
          }
          if (response.status >= 500) {
            await response.body?.cancel();
            throw new Error(`${desk} API answered ${response.status} to ${withoutQuery(url)}`);
          }
          if (!response.ok) {
            const text = (await response.text()).slice(0, 300);
            throw new PermanentError(`${desk} API answered ${response.status} to ${withoutQuery(url)}: ${text}`);
          }
          return (await response.json()) as unknown;
        }
      },
      {
        ...(this.options.backoff ?? DEFAULT_BACKOFF),
        maxAttempts: this.options.maxAttempts ?? 6,
        signal,
        sleep: this.sleep,
        onRetry: ({ error, attempt, delayMs }) => logger.warn({ desk, err: error, attempt, delayMs }, 'desk API request failed, retrying'),
      },
    );
  }
}

/** HTTP Basic of `user:secret`. */
export function basicAuthorization(user: string, secret: string): string {
  return `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;
}

/** Queries carry cursors and JQL: the path says enough in a log line. */
function withoutQuery(url: string): string {
  return url.split('?')[0]!;
}
