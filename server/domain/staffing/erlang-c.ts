import {
  requireAgentCount,
  requireServiceTarget,
  trafficErlangs,
  type ServiceTarget,
  type TrafficInput,
} from './staffing';

/**
 * Erlang C (M/M/N: Poisson arrivals, exponential handling, infinitely patient
 * callers), computed through the Erlang B recurrence
 *   B(0) = 1,  B(n) = A*B(n-1) / (n + A*B(n-1)),
 * and C = N*B / (N - A*(1 - B)). Every step stays in (0, 1], so there is no
 * overflow for N in the thousands where A^N / N! would be far out of range.
 */

export type ErlangCInput = TrafficInput & { agents: number };

export interface ErlangCResult {
  trafficErlangs: number;
  agents: number;
  /** probability that a caller has to wait (all agents busy on arrival) */
  pWait: number;
  /** share of callers answered within thresholdSec (0 when agents <= traffic: the queue grows without bound) */
  serviceLevel(thresholdSec: number): number;
  /** average speed of answer in seconds; Infinity when agents <= traffic */
  asaSec: number;
  /** share of agent time spent on calls, at most 1 */
  occupancy: number;
}

export function erlangB(trafficErlangs: number, agents: number): number {
  requireAgentCount(agents);
  let b = 1;
  for (let n = 1; n <= agents; n++) b = nextErlangB(trafficErlangs, n, b);
  return b;
}

export function erlangC(input: ErlangCInput): ErlangCResult {
  const a = trafficErlangs(input);
  return erlangCResult(a, input.agents, erlangB(a, input.agents), input.ahtSec);
}

/** The fewest agents (more than the traffic) that meet the service level and the occupancy cap. */
export function requiredAgents(input: TrafficInput & ServiceTarget): ErlangCResult {
  requireServiceTarget(input);
  const a = trafficErlangs(input);
  const target = input.slTargetPct / 100;
  if (a === 0) return erlangCResult(a, 0, 1, input.ahtSec);
  // The tolerance keeps 100 Erlangs at 80% from asking for 126 over a rounding error.
  const minForOccupancy = a / (input.maxOccupancy ?? 1) - 1e-9;
  let b = 1;
  for (let n = 1; ; n++) {
    b = nextErlangB(a, n, b);
    if (n <= a || n < minForOccupancy) continue;
    const result = erlangCResult(a, n, b, input.ahtSec);
    // SL climbs to 1 as n grows and the target is below 1, so this ends.
    if (result.serviceLevel(input.slThresholdSec) >= target) return result;
  }
}

function nextErlangB(a: number, n: number, previous: number): number {
  const ab = a * previous;
  return ab / (n + ab);
}

function erlangCResult(a: number, n: number, b: number, ahtSec: number): ErlangCResult {
  const stable = n > a;
  const pWait = a === 0 ? 0 : stable ? (n * b) / (n - a * (1 - b)) : 1;
  return {
    trafficErlangs: a,
    agents: n,
    pWait,
    serviceLevel(thresholdSec: number): number {
      if (a === 0) return 1;
      if (!stable) return 0;
      return 1 - pWait * Math.exp((-(n - a) * thresholdSec) / ahtSec);
    },
    asaSec: a === 0 ? 0 : stable ? (pWait * ahtSec) / (n - a) : Number.POSITIVE_INFINITY,
    occupancy: n === 0 ? (a === 0 ? 0 : 1) : Math.min(1, a / n),
  };
}
