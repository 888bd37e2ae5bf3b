import { describe, expect, it } from 'vitest';
import { healthStatus, runHealthChecks } from '../../../server/observability/health-checks';

const never = (): Promise<never> => new Promise(() => undefined);

describe('runHealthChecks', () => {
  it('reports a check that never answers as failed after its timeout, and the others as they are', async () => {
    const checks = await runHealthChecks(
      {
        hung: never,
        thrown: () => Promise.reject(new Error('connection refused')),
        fine: () => ({ ok: true, detail: 'redis' }),
      },
      50,
    );
    expect(checks).toEqual({
      hung: { ok: false, detail: 'no answer within 50 ms' },
      thrown: { ok: false, detail: 'connection refused' },
      fine: { ok: true, detail: 'redis' },
    });
  });

  it('runs the checks at once, so two hung ones cost one timeout, not two', async () => {
    const started: string[] = [];
    const hungAndNoted = (name: string) => () => {
      started.push(name);
      return never();
    };
    const pending = runHealthChecks({ a: hungAndNoted('a'), b: hungAndNoted('b') }, 20);
    // both probes were called before either timed out
    expect(started).toEqual(['a', 'b']);
    expect(Object.values(await pending).map((check) => check.ok)).toEqual([false, false]);
  });
});

describe('healthStatus', () => {
  const nonCritical = new Set(['deadLetters']);
  it('is ok when every check is, degraded when only non-critical ones fail, down when a critical one does', () => {
    expect(healthStatus({ liveStore: { ok: true }, deadLetters: { ok: true } }, nonCritical)).toBe('ok');
    expect(healthStatus({ liveStore: { ok: true }, deadLetters: { ok: false } }, nonCritical)).toBe('degraded');
    expect(healthStatus({ liveStore: { ok: false }, deadLetters: { ok: true } }, nonCritical)).toBe('down');
    expect(healthStatus({ liveStore: { ok: false }, deadLetters: { ok: false } }, nonCritical)).toBe('down');
  });
});
