import type { ParamProblem } from '../shared/history-reply';
import { t, type MessageKey } from '../../i18n/i18n';

/**
 * The planner's what-if form: what they typed, turned into the staffing
 * query's parameters (shared/history-api.ts staffingQuerySchema). Ranges are
 * the server's to judge, so its 400 names the parameter; here only what cannot
 * be sent at all is caught (a required field left empty, text that is no number).
 */

/** The form's fields, as typed. Percentages are typed as percent (30), sent as shares (0.3) where the API wants one. */
export interface WhatIfInputs {
  slPct: string;
  slSec: string;
  /** empty: the observed handle time */
  ahtSec: string;
  /** empty: the patience estimated from abandons */
  patienceSec: string;
  shrinkagePct: string;
  /** empty: no cap */
  maxOccupancyPct: string;
}

export type WhatIfField = keyof WhatIfInputs;

export const DEFAULT_WHAT_IF: WhatIfInputs = {
  slPct: '80',
  slSec: '20',
  ahtSec: '',
  patienceSec: '',
  shrinkagePct: '30',
  maxOccupancyPct: '',
};

export const WHAT_IF_LABELS: Record<WhatIfField, MessageKey> = {
  slPct: 'whatIf.slPct',
  slSec: 'whatIf.slSec',
  ahtSec: 'whatIf.ahtSec',
  patienceSec: 'whatIf.patienceSec',
  shrinkagePct: 'whatIf.shrinkagePct',
  maxOccupancyPct: 'whatIf.maxOccupancyPct',
};

const REQUIRED: readonly WhatIfField[] = ['slPct', 'slSec', 'shrinkagePct'];

/** The API parameter each field fills, and how its text becomes the parameter's. */
const PARAM_OF: Record<WhatIfField, { param: string; toParam: (text: string) => string }> = {
  slPct: { param: 'slPct', toParam: (t) => t },
  slSec: { param: 'slSec', toParam: (t) => t },
  ahtSec: { param: 'ahtSec', toParam: (t) => t },
  patienceSec: { param: 'patienceSec', toParam: (t) => t },
  shrinkagePct: { param: 'shrinkage', toParam: percentToShare },
  maxOccupancyPct: { param: 'maxOccupancy', toParam: percentToShare },
};

/** "30" -> "0.3"; rounded so 7 / 100 is "0.07", not 0.07000000000000001. */
function percentToShare(text: string): string {
  return String(Number((Number(text) / 100).toFixed(6)));
}

const NUMBER_RE = /^-?\d+(\.\d+)?$/;

/** `weeks: null` leaves the window to the server: as many weeks as the history has. */
export type StaffingBasis = { kind: 'weekday'; weekday: number; weeks: number | null } | { kind: 'date'; date: string };

export interface FieldProblem {
  field: WhatIfField;
  message: string;
}

export type StaffingParamsResult = { ok: true; params: Record<string, string> } | { ok: false; problems: FieldProblem[] };

export function staffingParams(basis: StaffingBasis, queue: string | null, inputs: WhatIfInputs): StaffingParamsResult {
  const problems: FieldProblem[] = [];
  const params: Record<string, string> =
    basis.kind === 'weekday' ? { weekday: String(basis.weekday) } : { date: basis.date };
  if (basis.kind === 'weekday' && basis.weeks !== null) params.weeks = String(basis.weeks);
  if (queue !== null) params.queue = queue;

  for (const field of Object.keys(PARAM_OF) as WhatIfField[]) {
    const text = inputs[field].trim();
    if (text === '') {
      if (REQUIRED.includes(field)) problems.push({ field, message: t('whatIf.enterNumber') });
      continue;
    }
    if (!NUMBER_RE.test(text)) {
      problems.push({ field, message: t('whatIf.notNumber', { text }) });
      continue;
    }
    const { param, toParam } = PARAM_OF[field];
    params[param] = toParam(text);
  }
  return problems.length === 0 ? { ok: true, params } : { ok: false, problems };
}

/** The form field behind a parameter the server refused; null for parameters not typed in the form (date, weeks ...). */
export function fieldOfParam(param: string | null): WhatIfField | null {
  const entry = Object.entries(PARAM_OF).find(([, p]) => p.param === param);
  return entry === undefined ? null : (entry[0] as WhatIfField);
}

/** "Shrinkage (%) — shrinkage=1: expected a share from 0 up to (not including) 1" */
export function describeParamProblem(problem: ParamProblem, sent: Readonly<Record<string, string>>): string {
  if (problem.param === null) return problem.message;
  const field = fieldOfParam(problem.param);
  const value = sent[problem.param];
  const refused = value === undefined ? problem.param : `${problem.param}=${value}`;
  return field === null ? `${refused}: ${problem.message}` : `${t(WHAT_IF_LABELS[field])} — ${refused}: ${problem.message}`;
}
