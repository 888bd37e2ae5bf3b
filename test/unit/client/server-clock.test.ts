import { describe, expect, it } from 'vitest';
import { addOffsetSample, OFFSET_WINDOW, serverOffsetMs } from '../../../client/src/server-clock';

const iso = (ms: number) => new Date(ms).toISOString();

describe('server clock offset', () => {
  it('is zero before any message', () => {
    expect(serverOffsetMs([])).toBe(0);
  });

  it('is the server time minus the local receive time of a message', () => {
    const samples = addOffsetSample([], iso(1_000_000 + 90_000), 1_000_000);
    expect(serverOffsetMs(samples)).toBe(90_000);
  });

  it('trusts the least delayed message: a snapshot built seconds before sending does not drag the clock back', () => {
    let samples = addOffsetSample([], iso(2_000_000), 2_000_050); // heartbeat, 50 ms in flight
    samples = addOffsetSample(samples, iso(2_000_000), 2_004_000); // a snapshot built 4 s earlier
    expect(serverOffsetMs(samples)).toBe(-50);
  });

  it('forgets samples older than the window, so a corrected server clock takes over', () => {
    let samples = addOffsetSample([], iso(10_000 + 60_000), 10_000); // server was a minute ahead
    for (let i = 1; i <= OFFSET_WINDOW; i += 1) samples = addOffsetSample(samples, iso(10_000 + i * 2000), 10_000 + i * 2000);
    expect(serverOffsetMs(samples)).toBe(0);
  });

  it('ignores a time it cannot parse', () => {
    expect(addOffsetSample([5], 'not a time', 1)).toEqual([5]);
  });
});
