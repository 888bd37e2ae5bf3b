import { afterEach, describe, expect, it, vi } from 'vitest';
import { backoffDelayMs, PermanentError, retry, type RetryInfo, type RetryOptions } from '../../../server/resilience/retry';

const POLICY = { initialDelayMs: 100, maxDelayMs: 1_000 };

/** An operation that fails `failures` times (with Error(`fail n`)), then answers `ok`. */
function flaky(failures: number, make: (n: number) => unknown = (n) => new Error(`fail ${n}`)) {
  const attempts: number[] = [];
  const operation = async (attempt: number): Promise<string> => {
    attempts.push(attempt);
    if (attempts.length <= failures) throw make(attempts.length);
    return 'ok';
  };
  return { attempts, operation };
}

/** Records the waits instead of waiting. */
function recorded(options: Partial<RetryOptions> = {}) {
  const waits: number[] = [];
  const retries: RetryInfo[] = [];
  const settings: RetryOptions = {
    ...POLICY,
    random: () => 0.999_999,
    sleep: async (ms) => {
      waits.push(ms);
    },
    onRetry: (info) => retries.push(info),
    ...options,
  };
  return { waits, retries, settings };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('backoffDelayMs', () => {
  it('doubles the ceiling per retry from initialDelayMs and stops at maxDelayMs', () => {
    const top = [0, 1, 2, 3, 4, 5, 60].map((n) => backoffDelayMs(n, POLICY, () => 0.999_999));
    expect(top).toEqual([99, 199, 399, 799, 999, 999, 999]);
  });

  it('draws uniformly below the ceiling (full jitter)', () => {
    expect(backoffDelayMs(3, POLICY, () => 0)).toBe(0);
    expect(backoffDelayMs(3, POLICY, () => 0.5)).toBe(400);
    const drawn = Array.from({ length: 2_000 }, () => backoffDelayMs(2, POLICY));
    expect(Math.min(...drawn)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...drawn)).toBeLessThan(400);
    // spread over the whole range, not bunched at the top as with "equal" jitter
    expect(drawn.filter((ms) => ms < 100).length).toBeGreaterThan(300);
    expect(drawn.filter((ms) => ms >= 300).length).toBeGreaterThan(300);
  });
});

describe('retry', () => {
  it('retries until the operation succeeds, with growing waits, counting attempts', async () => {
    const { attempts, operation } = flaky(6);
    const { waits, retries, settings } = recorded();
    await expect(retry(operation, settings)).resolves.toBe('ok');
    expect(attempts).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(waits).toEqual([99, 199, 399, 799, 999, 999]);
    expect(retries.map((r) => r.attempt)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(retries.map((r) => (r.error as Error).message)).toEqual(['fail 1', 'fail 2', 'fail 3', 'fail 4', 'fail 5', 'fail 6']);
    expect(retries.map((r) => r.delayMs)).toEqual(waits);
  });

  it('gives up after maxAttempts with the last error', async () => {
    const { attempts, operation } = flaky(10);
    const { waits, settings } = recorded({ maxAttempts: 3 });
    await expect(retry(operation, settings)).rejects.toThrow('fail 3');
    expect(attempts).toEqual([1, 2, 3]);
    expect(waits).toHaveLength(2);
  });

  it('does not retry a PermanentError, and rejects with it', async () => {
    const refused = new PermanentError('HTTP 400');
    const { attempts, operation } = flaky(5, (n) => (n === 2 ? refused : new Error('down')));
    const { waits, settings } = recorded();
    await expect(retry(operation, settings)).rejects.toBe(refused);
    expect(attempts).toEqual([1, 2]);
    expect(waits).toHaveLength(1);
  });

  it("retries TypeErrors and thrown non-errors like any failure (p-retry alone would not) and rejects with them unchanged", async () => {
    const typeErrors = flaky(2, () => new TypeError('Cannot read properties of undefined'));
    await expect(retry(typeErrors.operation, recorded().settings)).resolves.toBe('ok');
    expect(typeErrors.attempts).toHaveLength(3);

    const strings = flaky(9, (n) => `no ${n}`);
    await expect(retry(strings.operation, recorded({ maxAttempts: 2 }).settings)).rejects.toBe('no 2');
  });

  it('waits before the first attempt when delayFirstAttempt says it already failed elsewhere', async () => {
    const { attempts, operation } = flaky(1);
    const { waits, retries, settings } = recorded({ delayFirstAttempt: true });
    await retry(operation, settings);
    expect(attempts).toEqual([1, 2]);
    expect(waits).toEqual([99, 199]);
    expect(retries.map((r) => [r.attempt, r.error === undefined])).toEqual([
      [1, true],
      [2, false],
    ]);
  });

  it('stops waiting the moment the signal aborts, without another attempt', async () => {
    vi.useFakeTimers();
    const { attempts, operation } = flaky(Number.POSITIVE_INFINITY);
    const controller = new AbortController();
    const running = retry(operation, { initialDelayMs: 60_000, maxDelayMs: 60_000, random: () => 0.5, signal: controller.signal });
    const outcome = running.then(
      () => 'resolved',
      (reason: unknown) => reason,
    );
    await vi.advanceTimersByTimeAsync(30_000 + 1);
    expect(attempts).toEqual([1, 2]);
    await vi.advanceTimersByTimeAsync(10_000);
    controller.abort(new Error('closing'));
    await expect(outcome).resolves.toMatchObject({ message: 'closing' });
    expect(attempts).toEqual([1, 2]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('does not start when the signal has already aborted, and keeps the result of an attempt that was running at the abort', async () => {
    const controller = new AbortController();
    controller.abort(new Error('closed'));
    const never = flaky(0);
    await expect(retry(never.operation, { ...POLICY, signal: controller.signal })).rejects.toThrow('closed');
    expect(never.attempts).toEqual([]);

    const late = new AbortController();
    const result = retry(
      async () => {
        late.abort();
        return 'written';
      },
      { ...POLICY, signal: late.signal },
    );
    await expect(result).resolves.toBe('written');
  });

  it('waits on real timers by default', async () => {
    vi.useFakeTimers();
    const { attempts, operation } = flaky(1);
    const running = retry(operation, { initialDelayMs: 1_000, maxDelayMs: 1_000, random: () => 0.5 });
    await vi.advanceTimersByTimeAsync(499);
    expect(attempts).toEqual([1]);
    await vi.advanceTimersByTimeAsync(1);
    await expect(running).resolves.toBe('ok');
    expect(attempts).toEqual([1, 2]);
  });
});
