import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RateLimitedLog } from '../../../server/observability/rate-limited-log';
import { capturedLogger } from '../../support/captured-log';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('RateLimitedLog', () => {
  it('logs the first of a kind at once, then one line per interval with how many were held back', () => {
    const { logger, lines } = capturedLogger();
    const log = new RateLimitedLog(logger, { intervalMs: 10_000 });
    for (let i = 0; i < 1000; i++) log.warn('bad', { n: i }, 'bad thing');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 40, n: 0, kind: 'bad', msg: 'bad thing' });

    vi.advanceTimersByTime(10_000);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({ n: 999, kind: 'bad', suppressed: 999, msg: 'bad thing (repeated)' });

    // still coming: one more line for the next interval, none once they stop
    for (let i = 0; i < 5; i++) log.warn('bad', { n: i }, 'bad thing');
    vi.advanceTimersByTime(10_000);
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatchObject({ suppressed: 5 });
    vi.advanceTimersByTime(60_000);
    expect(lines).toHaveLength(3);

    // the window is over: the next one is logged at once
    log.warn('bad', { n: 7 }, 'bad thing');
    expect(lines).toHaveLength(4);
    expect(lines[3]).not.toHaveProperty('suppressed');
  });

  it('keeps kinds apart and reports what is still held back on flush', () => {
    const { logger, lines } = capturedLogger();
    const log = new RateLimitedLog(logger, { intervalMs: 10_000 });
    log.warn('a', {}, 'a happened');
    log.error('b', {}, 'b happened');
    log.warn('a', {}, 'a happened');
    log.warn('a', {}, 'a happened');
    expect(lines.map((l) => l.kind)).toEqual(['a', 'b']);
    log.flush();
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatchObject({ kind: 'a', suppressed: 2 });
    vi.advanceTimersByTime(60_000);
    expect(lines).toHaveLength(3);
  });
});
