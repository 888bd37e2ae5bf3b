import { PermanentError } from '../../resilience/retry';

/** A receiver that has not answered by then is given up on for this attempt (the channel's retry tries again). */
const POST_TIMEOUT_MS = 10_000;

/**
 * POSTs JSON; throws unless the answer is 2xx. A 4xx other than 408 and 429
 * is permanent (the same request will be refused again).
 */
export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(POST_TIMEOUT_MS),
  });
  await response.body?.cancel();
  if (response.ok) return;
  const message = `${new URL(url).host} answered ${response.status}`;
  const permanent = response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429;
  throw permanent ? new PermanentError(message) : new Error(message);
}
