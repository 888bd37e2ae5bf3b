import type { StaffingInterval, StaffingResponse } from '../../../../shared/history-api';
import { INTERVAL_MIN, intervalIndexOf, intervalTimeAt } from '../shared/interval-labels';

/** Which requirement the staffed agents are held against. */
export type StaffingModel = 'erlangC' | 'erlangA';

export interface StaffingRow extends StaffingInterval {
  underStaffed: boolean;
  /** 1 where under-staffed: drawn as a full-height band behind the lines */
  shortBand: number;
}

/** Consecutive under-staffed intervals, e.g. 09:30 to 11:00. */
export interface ShortRun {
  from: string;
  /** end of the last interval */
  to: string;
  intervals: number;
}

export interface StaffingPeak {
  time: string;
  required: number;
  scheduled: number | null;
}

export interface StaffingView {
  rows: StaffingRow[];
  model: StaffingModel;
  runs: ShortRun[];
  underStaffedIntervals: number;
  /** the interval needing most agents under the model; null without load */
  peak: StaffingPeak | null;
  /** agent-hours on the phones: required by the model, staffed as observed */
  requiredAgentHours: number;
  staffedAgentHours: number;
  hasLoad: boolean;
  /** Erlang A needs a caller patience; without one only Erlang C is drawn */
  erlangAAvailable: boolean;
}

function required(row: StaffingInterval, model: StaffingModel): number | null {
  return model === 'erlangC' ? row.requiredErlangC : row.requiredErlangA;
}

function endOf(time: string): string {
  const index = intervalIndexOf(time);
  return index === null ? time : index + 1 === (24 * 60) / INTERVAL_MIN ? '24:00' : intervalTimeAt(index + 1);
}

/**
 * Rows and findings for the required-vs-staffed chart. An interval is short
 * when fewer agents were staffed than the model requires (net below zero);
 * Erlang A is used only when the reply has it.
 */
export function buildStaffingView(response: StaffingResponse, wanted: StaffingModel): StaffingView {
  const erlangAAvailable = response.intervals.some((row) => row.requiredErlangA !== null);
  const model: StaffingModel = wanted === 'erlangA' && !erlangAAvailable ? 'erlangC' : wanted;
  const net = (row: StaffingInterval) => (model === 'erlangC' ? row.netErlangC : row.netErlangA);

  const rows = response.intervals.map((row): StaffingRow => {
    const short = (net(row) ?? 0) < 0;
    return { ...row, underStaffed: short, shortBand: short ? 1 : 0 };
  });

  // A run continues only into the next quarter hour: rows need not be contiguous in time.
  const runs: ShortRun[] = [];
  for (const row of rows) {
    if (!row.underStaffed) continue;
    const last = runs.at(-1);
    if (last !== undefined && last.to === row.time) {
      last.to = endOf(row.time);
      last.intervals += 1;
    } else {
      runs.push({ from: row.time, to: endOf(row.time), intervals: 1 });
    }
  }

  let peak: StaffingPeak | null = null;
  for (const row of rows) {
    const need = required(row, model);
    if (need !== null && need > 0 && (peak === null || need > peak.required)) {
      peak = { time: row.time, required: need, scheduled: model === 'erlangC' ? row.scheduledErlangC : row.scheduledErlangA };
    }
  }

  const hours = INTERVAL_MIN / 60;
  return {
    rows,
    model,
    runs,
    underStaffedIntervals: rows.filter((r) => r.underStaffed).length,
    peak,
    requiredAgentHours: rows.reduce((sum, r) => sum + (required(r, model) ?? 0), 0) * hours,
    staffedAgentHours: rows.reduce((sum, r) => sum + r.staffedAgents, 0) * hours,
    hasLoad: rows.some((r) => r.offered > 0),
    erlangAAvailable,
  };
}
