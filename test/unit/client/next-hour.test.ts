import { describe, expect, it } from 'vitest';
import { nextHourLine } from '../../../client/src/next-hour';

const agents = { available: 3, ringing: 1, busy: 4, wrapup: 1, paused: 2, loggedIn: 11 };

describe('nextHourLine', () => {
  it('says calls expected, agents needed and agents staffed now (logged in, not paused)', () => {
    expect(nextHourLine({ offered: 41.6, agentsNeeded: 9, staffedNow: 5 }, agents)).toBe('Next hour: 42 calls expected, 9 agents needed, 9 staffed now');
  });

  it('leaves out the agents needed when the forecast has no handle time to size them', () => {
    expect(nextHourLine({ offered: 1, agentsNeeded: null, staffedNow: null }, { ...agents, paused: 10 })).toBe(
      'Next hour: 1 call expected, 1 staffed now',
    );
  });
});
