/**
 * Inputs shared by the Erlang C and Erlang A models, and the step from agents
 * on the phones to positions on the roster (shrinkage).
 *
 * Units: seconds throughout; traffic in Erlangs (arrival rate x AHT).
 * Invalid parameters are programmer errors here (the HTTP layer validates what
 * users type): they throw a RangeError naming the parameter.
 */

/** Load given as calls per planning interval (the usual 15/30 min), or as a rate. */
export type ArrivalInput = { callsPerInterval: number; intervalSec: number } | { arrivalRatePerSec: number };

export type TrafficInput = ArrivalInput & { ahtSec: number };

/** What a staffing target asks for: slTargetPct % of calls answered within slThresholdSec. */
export interface ServiceTarget {
  slTargetPct: number;
  slThresholdSec: number;
  /** upper bound on agent occupancy, 0..1 (e.g. 0.85 so agents are not run at 100%) */
  maxOccupancy?: number;
}

export function arrivalRatePerSec(input: ArrivalInput): number {
  if ('arrivalRatePerSec' in input) {
    requireNonNegative('arrivalRatePerSec', input.arrivalRatePerSec);
    return input.arrivalRatePerSec;
  }
  requireNonNegative('callsPerInterval', input.callsPerInterval);
  requirePositive('intervalSec', input.intervalSec);
  return input.callsPerInterval / input.intervalSec;
}

/** A = lambda * h: the average number of agents kept busy by the load. */
export function trafficErlangs(input: TrafficInput): number {
  requirePositive('ahtSec', input.ahtSec);
  return arrivalRatePerSec(input) * input.ahtSec;
}

/**
 * Positions to schedule so that `agents` are on the phones when a share
 * `shrinkage` (breaks, training, absence; 0..1) of paid time is lost.
 */
export function withShrinkage(agents: number, shrinkage: number): number {
  requireAgentCount(agents);
  if (!(shrinkage >= 0 && shrinkage < 1)) throw new RangeError(`shrinkage must be in [0, 1), got ${shrinkage}`);
  // 14 / (1 - 0.3) is 20.000000000000004 in binary floating point: without the
  // tolerance an exact result would be rounded up to one position too many.
  // max(0, ...): the tolerance would turn 0 agents into -0.
  return Math.max(0, Math.ceil(agents / (1 - shrinkage) - 1e-9));
}

export function requireServiceTarget(target: ServiceTarget): void {
  if (!(target.slTargetPct > 0 && target.slTargetPct < 100)) {
    // 100% is unreachable in these models: the wait distribution has an unbounded tail.
    throw new RangeError(`slTargetPct must be in (0, 100), got ${target.slTargetPct}`);
  }
  requireNonNegative('slThresholdSec', target.slThresholdSec);
  if (target.maxOccupancy !== undefined && !(target.maxOccupancy > 0 && target.maxOccupancy <= 1)) {
    throw new RangeError(`maxOccupancy must be in (0, 1], got ${target.maxOccupancy}`);
  }
}

export function requireAgentCount(agents: number): void {
  if (!(Number.isInteger(agents) && agents >= 0)) {
    throw new RangeError(`agents must be a non-negative integer, got ${agents}`);
  }
}

export function requirePositive(name: string, value: number): void {
  if (!(value > 0 && Number.isFinite(value))) throw new RangeError(`${name} must be a positive number, got ${value}`);
}

function requireNonNegative(name: string, value: number): void {
  if (!(value >= 0 && Number.isFinite(value))) {
    throw new RangeError(`${name} must be a non-negative number, got ${value}`);
  }
}
