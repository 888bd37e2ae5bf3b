import { describe, expect, it } from 'vitest';
import { DEMO_CONFIG, parseSimulatorConfig } from '../../../server/simulator/simulator-config';

describe('the simulator config', () => {
  it('fills the demo site with defaults: three queues, twenty agents, a 96-slot profile', () => {
    const config = parseSimulatorConfig(DEMO_CONFIG);
    expect(config.queues.map((q) => [q.name, q.wrapupSec, q.serviceLevelSec])).toEqual([
      ['sales', 10, 20],
      ['support', 30, 20],
      ['billing', 20, 30],
    ]);
    expect(config.agents).toHaveLength(20);
    expect(config.agents.filter((a) => a.queues.length > 1).length).toBeGreaterThanOrEqual(5);
    expect(config.intradayProfile).toHaveLength(96);
    expect(Math.max(...config.intradayProfile)).toBe(1);
  });

  it('names every problem of a bad config with its path', () => {
    const bad = {
      ...DEMO_CONFIG,
      agents: [
        { interface: 'PJSIP/1', name: 'x', queues: ['nosuch'] },
        { interface: 'PJSIP/1', name: 'y', queues: ['sales'] },
      ],
    };
    expect(() => parseSimulatorConfig(bad)).toThrow(/agents\.0\.queues\.0: unknown queue nosuch.*agents\.1\.interface: duplicate PJSIP\/1/);
    expect(() => parseSimulatorConfig({ ...DEMO_CONFIG, timeZone: 'Nowhere/City' })).toThrow(/timeZone: unknown IANA time zone/);
  });
});
