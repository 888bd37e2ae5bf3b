import type { StaffingInterval, StaffingResponse } from '../../shared/history-api';
import { ahtSec } from '../domain/queue-metrics';
import { INTERVAL_MS } from '../../shared/site-time';
import { estimatePatienceSec, requiredAgentsErlangA } from '../domain/staffing/erlang-a';
import { requiredAgents } from '../domain/staffing/erlang-c';
import { withShrinkage, type ServiceTarget } from '../domain/staffing/staffing';
import type { WeekdaySlot } from './weekday-slots';
import { intervalStats, sumStoredIntervals } from './interval-stats';

const INTERVAL_SEC = INTERVAL_MS / 1000;

export interface StaffingPlanInput {
  /** the wall-clock slots of the basis: one day (date plan) or one weekday pooled over weeks */
  slots: readonly WeekdaySlot[];
  slPct: number;
  slSec: number;
  shrinkage: number;
  maxOccupancy?: number | undefined;
  /** what-ifs */
  ahtSec?: number | undefined;
  patienceSec?: number | undefined;
}

export type StaffingPlan = Pick<StaffingResponse, 'patienceSec' | 'patienceSource' | 'intervals'>;

/**
 * Agents required per interval against those staffed. Load per interval is the
 * observed offered calls (a mean per day for a weekday plan). Handle time is
 * the what-if, else the interval's own, else the basis' overall. Erlang A needs
 * the callers' patience: the what-if, else the estimate from the whole basis
 * (one interval has too few abandons for it).
 */
export function staffingPlan(input: StaffingPlanInput): StaffingPlan {
  const basis = sumStoredIntervals(input.slots.map((s) => s.stored));
  const basisAht = ahtSec(basis.counters);
  const observedPatience = estimatePatienceSec(basis.counters.abandoned, basis.waitSec);
  const patienceSec = input.patienceSec ?? observedPatience;
  const patienceSource = input.patienceSec !== undefined ? 'whatIf' : observedPatience !== null ? 'observed' : 'none';
  const target: ServiceTarget = {
    slTargetPct: input.slPct,
    slThresholdSec: input.slSec,
    ...(input.maxOccupancy !== undefined ? { maxOccupancy: input.maxOccupancy } : {}),
  };

  const intervals = input.slots.map((slot): StaffingInterval => {
    const offered = slot.days > 0 ? slot.stored.counters.offered / slot.days : 0;
    const aht = input.ahtSec ?? ahtSec(slot.stored.counters) ?? basisAht;
    const staffedAgents = intervalStats(slot.stored, slot.intervals).staffedAgents;
    const { requiredC, requiredA } = agentsRequired(offered, aht, patienceSec, target);
    return {
      time: slot.time,
      intervalStart: slot.intervalStart === undefined ? null : new Date(slot.intervalStart).toISOString(),
      offered,
      ahtSec: aht,
      trafficErlangs: aht === null ? null : (offered / INTERVAL_SEC) * aht,
      requiredErlangC: requiredC,
      requiredErlangA: requiredA,
      scheduledErlangC: scheduled(requiredC, input.shrinkage),
      scheduledErlangA: scheduled(requiredA, input.shrinkage),
      staffedAgents,
      netErlangC: requiredC === null ? null : staffedAgents - requiredC,
      netErlangA: requiredA === null ? null : staffedAgents - requiredA,
    };
  });
  return { patienceSec, patienceSource, intervals };
}

/** Agents an interval of `offered` calls needs at the target, by Erlang C and by Erlang A (null where a figure is missing). */
export function agentsRequired(
  offered: number,
  aht: number | null,
  patienceSec: number | null,
  target: ServiceTarget,
): { requiredC: number | null; requiredA: number | null } {
  const load = { callsPerInterval: offered, intervalSec: INTERVAL_SEC };
  const requiredC = aht === null ? null : offered === 0 ? 0 : requiredAgents({ ...load, ahtSec: aht, ...target }).agents;
  const requiredA =
    aht === null || patienceSec === null
      ? null
      : offered === 0
        ? 0
        : erlangAOrNull(() => requiredAgentsErlangA({ ...load, ahtSec: aht, patienceSec, ...target }).agents);
  return { requiredC, requiredA };
}

/** withShrinkage rounds 0 agents to -0 (ceil of a tiny negative tolerance): none needed is 0. */
function scheduled(required: number | null, shrinkage: number): number | null {
  return required === null ? null : required === 0 ? 0 : withShrinkage(required, shrinkage);
}

/** Erlang A refuses inputs whose queue never settles (endless patience under overload): no answer then. */
function erlangAOrNull(compute: () => number): number | null {
  try {
    return compute();
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
}
