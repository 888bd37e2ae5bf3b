import { dayStartMs, siteDay } from '../../shared/site-time';
import { DEMO_CONFIG, type SimulatorConfigInput } from '../../server/simulator/simulator-config';

/**
 * The call center the benchmarks simulate: the demo's three queues and their
 * skills, with the twenty demo agents cloned five times (100 agents, about what
 * one board shows: the snapshot's size, and so the fan-out cost, grows with it)
 * and the demo's call volume times BENCH_SCALE.
 *
 * At BENCH_SCALE 40 the site is overloaded (about 6,600 calls an hour at the
 * peak for 100 agents), so most callers wait and many give up: a dense AMI
 * stream of joins, rings, abandons and answers in a few simulated hours.
 */
export const BENCH_SCALE = 40;
const AGENT_COPIES = 5;

export function benchSiteConfig(seed = 7): SimulatorConfigInput {
  const demoAgents = DEMO_CONFIG.agents;
  const agents = Array.from({ length: AGENT_COPIES }, (_, copy) =>
    demoAgents.map((agent, index) => ({
      ...agent,
      interface: `PJSIP/${1001 + copy * demoAgents.length + index}`,
      name: copy === 0 ? agent.name : `${agent.name} ${copy + 1}`,
    })),
  ).flat();
  return { ...DEMO_CONFIG, agents, seed, scale: BENCH_SCALE };
}

/** 10:00 today on the site's clock: the start of the profile's busiest hours. */
export function benchStartAt(timeZone: string, now = Date.now()): number {
  return dayStartMs(timeZone, siteDay(timeZone, now)) + 10 * 3600_000;
}
