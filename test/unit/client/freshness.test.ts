import { describe, expect, it } from 'vitest';
import { STALE_AFTER_MS } from '../../../shared/socket-protocol';
import { dataAgeMs, isStale } from '../../../client/src/freshness';

describe('data freshness', () => {
  it('measures the age from the last snapshot or heartbeat', () => {
    expect(dataAgeMs(5_000, 0, 7_500)).toBe(2_500);
  });

  it('measures from page start while no data has arrived, so a board that never gets data goes stale too', () => {
    expect(dataAgeMs(null, 1_000, 1_000 + STALE_AFTER_MS)).toBe(STALE_AFTER_MS);
    expect(isStale(dataAgeMs(null, 1_000, 1_000 + STALE_AFTER_MS))).toBe(true);
  });

  it('is stale from STALE_AFTER_MS on, not before', () => {
    expect(isStale(STALE_AFTER_MS - 1)).toBe(false);
    expect(isStale(STALE_AFTER_MS)).toBe(true);
  });
});
