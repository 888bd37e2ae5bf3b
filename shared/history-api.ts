import { z } from 'zod';
import { periodStatsSchema } from './snapshot';

/**
 * The history and planning REST API: query parameters and payloads, shared by
 * the server (validation, building) and the client (types, validation).
 *
 * Times: intervals are identified by their start instant (ISO, UTC) and labelled
 * with the site's wall clock ("HH:MM"); a site day has 96 intervals, 92 or 100
 * on a DST change. `queue` absent means the whole site (every queue together).
 * Every endpoint answers `?format=csv` with text/csv (a header row, then one row
 * per interval or cell).
 */

// ---- query parameters (strings from the URL; unknown parameters are refused) ----

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

function isCalendarDate(value: string): boolean {
  if (!DATE_RE.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** A site-local calendar day, YYYY-MM-DD. */
export const dateParam = z.string().refine(isCalendarDate, 'expected a date YYYY-MM-DD');

/** A site day (its start) or an instant with an offset (2026-11-23T09:00:00+03:00). */
export const pointInTimeParam = z.union([dateParam, z.iso.datetime({ offset: true })], {
  error: 'expected a date YYYY-MM-DD or an ISO date-time with offset',
});

function integerParam(min: number, max: number) {
  return z
    .string()
    .regex(/^-?\d+$/, 'expected a whole number')
    .transform(Number)
    .pipe(z.number().min(min, `at least ${min}`).max(max, `at most ${max}`));
}

function decimalParam(check: (n: number) => boolean, expected: string) {
  return z
    .string()
    .regex(/^-?\d+(\.\d+)?$/, 'expected a number')
    .transform(Number)
    .refine(check, expected);
}

export const queueParam = z.string().min(1, 'empty queue name').max(80, 'queue name longer than 80');
export const formatParam = z.enum(['json', 'csv']).default('json');

export const intervalsQuerySchema = z.strictObject({
  from: pointInTimeParam,
  to: pointInTimeParam,
  queue: queueParam.optional(),
  format: formatParam,
});
export type IntervalsQuery = z.infer<typeof intervalsQuerySchema>;

export const dayQuerySchema = z.strictObject({
  date: dateParam,
  queue: queueParam.optional(),
  /** how many earlier same weekdays to show beside the day */
  compare: integerParam(0, 12).default(4),
  format: formatParam,
});
export type DayQuery = z.infer<typeof dayQuerySchema>;

export const heatmapMetrics = [
  'offered',
  'answered',
  'abandoned',
  'handled',
  'serviceLevelPct',
  'asaSec',
  'ahtSec',
  'staffedAgents',
  'occupancyPct',
] as const;
export const heatmapMetricSchema = z.enum(heatmapMetrics);
export type HeatmapMetric = z.infer<typeof heatmapMetricSchema>;

export const heatmapQuerySchema = z.strictObject({
  /** default: as many weeks as the history has, up to 8 */
  weeks: integerParam(1, 52).optional(),
  /** the window ends before this site day (default: today), and spans `weeks` weeks */
  end: dateParam.optional(),
  queue: queueParam.optional(),
  metric: heatmapMetricSchema.default('offered'),
  format: formatParam,
});
export type HeatmapQuery = z.infer<typeof heatmapQuerySchema>;

export const staffingQuerySchema = z
  .strictObject({
    /** plan from one day's observed load ... */
    date: dateParam.optional(),
    /** ... or from the mean of a weekday (1 = Monday .. 7 = Sunday) over `weeks` weeks before `end` */
    weekday: integerParam(1, 7).optional(),
    /** weekday plans: how many weeks ending before `end` (default today); default as many as the history has, up to 8 */
    weeks: integerParam(1, 52).optional(),
    end: dateParam.optional(),
    queue: queueParam.optional(),
    /** target: slPct % of calls answered within slSec seconds */
    slPct: decimalParam((n) => n > 0 && n < 100, 'expected a percentage above 0 and below 100').default(80),
    slSec: integerParam(0, 3600).default(20),
    /** share of paid time off the phones (breaks, training, absence), 0 <= x < 1 */
    shrinkage: decimalParam((n) => n >= 0 && n < 1, 'expected a share from 0 up to (not including) 1').default(0.3),
    /** what-if: plan with this handle time instead of the observed one */
    ahtSec: decimalParam((n) => n > 0 && n <= 36_000, 'expected seconds above 0, at most 36000').optional(),
    /** what-if: callers' mean patience instead of the one estimated from abandons */
    patienceSec: decimalParam((n) => n > 0 && n <= 86_400, 'expected seconds above 0, at most 86400').optional(),
    /** cap on agent occupancy, 0 < x <= 1 */
    maxOccupancy: decimalParam((n) => n > 0 && n <= 1, 'expected a share above 0, at most 1').optional(),
    format: formatParam,
  })
  .superRefine((q, ctx) => {
    if ((q.date === undefined) === (q.weekday === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['date'], message: 'give either date or weekday (one of them)' });
    }
    for (const key of ['weeks', 'end'] as const) {
      if (q.date !== undefined && q[key] !== undefined) {
        ctx.addIssue({ code: 'custom', path: [key], message: 'only for a weekday plan, not with date' });
      }
    }
  });
export type StaffingQuery = z.infer<typeof staffingQuerySchema>;

// ---- payloads ----

/** Calls of one interval (or a pooled period) with the derived metrics and staffing. */
export const intervalStatsSchema = periodStatsSchema.extend({
  /** sum of the wait of every caller (answered, abandoned, timed out), seconds */
  waitSec: z.number().nonnegative(),
  /** mean agents logged in and not paused over the interval (from state spans) */
  staffedAgents: z.number().nonnegative(),
  /** time on calls or in wrap-up / time logged in and not paused, percent; null when nobody was staffed */
  occupancyPct: z.number().nullable(),
});
export type IntervalStats = z.infer<typeof intervalStatsSchema>;

export const intervalRowSchema = intervalStatsSchema.extend({
  intervalStart: z.string(),
  /** site day and wall clock of the interval's start */
  day: z.string(),
  time: z.string(),
});
export type IntervalRow = z.infer<typeof intervalRowSchema>;

/** What every history answer is about: the site, the time zone its days and times are in, and the queue (null: all queues). */
const answerScope = {
  site: z.string(),
  timeZone: z.string(),
  queue: z.string().nullable(),
};

export const intervalsResponseSchema = z.object({
  ...answerScope,
  from: z.string(),
  to: z.string(),
  /** every interval in [from, to), empty ones as zeros */
  intervals: z.array(intervalRowSchema),
});
export type IntervalsResponse = z.infer<typeof intervalsResponseSchema>;

const count = z.number().int().nonnegative();

/** Tickets of the site (all queues) by the interval each fact fell in. */
export const ticketIntervalSchema = z.object({
  created: count,
  solved: count,
  firstResponded: count,
  /** first responses that met their due time */
  firstRespondedWithinSla: count,
});
export type TicketInterval = z.infer<typeof ticketIntervalSchema>;

export const dayIntervalSchema = intervalRowSchema.extend({ tickets: ticketIntervalSchema });
export type DayInterval = z.infer<typeof dayIntervalSchema>;

/** Escalations to development of one site day: raised to the developers' tracker, and back with support. */
export const escalationDaySchema = z.object({ raised: count, cameBack: count });
export type EscalationDay = z.infer<typeof escalationDaySchema>;

export const daySeriesSchema = z.object({
  date: z.string(),
  intervals: z.array(dayIntervalSchema),
  total: intervalStatsSchema,
  tickets: ticketIntervalSchema,
  escalations: escalationDaySchema.optional(),
});
export type DaySeries = z.infer<typeof daySeriesSchema>;

export const dayResponseSchema = z.object({
  ...answerScope,
  /** the requested day first, then the same weekday 1, 2 ... weeks earlier */
  days: z.array(daySeriesSchema),
});
export type DayResponse = z.infer<typeof dayResponseSchema>;

export const heatmapCellSchema = z.object({
  /** ISO weekday, 1 = Monday */
  weekday: z.number().int().min(1).max(7),
  time: z.string(),
  /** count metrics: mean per day; rates: pooled over the days; null when nothing to measure */
  value: z.number().nullable(),
  /** days on which the slot was observed (calls came or agents were logged in): a mean per day divides by these */
  days: count,
});
export type HeatmapCell = z.infer<typeof heatmapCellSchema>;

export const busyHourSchema = z.object({
  weekday: z.number().int().min(1).max(7),
  /** the four consecutive intervals, by wall clock */
  times: z.array(z.string()),
  total: z.number(),
});
export type BusyHour = z.infer<typeof busyHourSchema>;

export const heatmapResponseSchema = z.object({
  ...answerScope,
  metric: heatmapMetricSchema,
  weeks: z.number().int().positive(),
  /** window of site days [from, to) */
  from: z.string(),
  to: z.string(),
  /** days of the window with anything observed: fewer than weeks x 7 means the history is shorter or had gaps */
  observedDays: count,
  cells: z.array(heatmapCellSchema),
  peaks: z.object({
    /** the highest tenth of the cells with a value (at least one), highest first */
    topDecile: z.array(heatmapCellSchema),
    /** per weekday the 4 consecutive intervals with the highest sum, highest first: [0] is the week's busy hour */
    busyHours: z.array(busyHourSchema),
  }),
});
export type HeatmapResponse = z.infer<typeof heatmapResponseSchema>;

export const staffingIntervalSchema = z.object({
  time: z.string(),
  /** date plans only; a weekday plan stands for many days */
  intervalStart: z.string().nullable(),
  /** calls offered (a weekday plan: the mean per day) */
  offered: z.number().nonnegative(),
  /** handle time planned with: the what-if, else observed in the interval, else over the whole basis */
  ahtSec: z.number().positive().nullable(),
  trafficErlangs: z.number().nonnegative().nullable(),
  requiredErlangC: count.nullable(),
  /** null without a patience (nobody abandoned and no what-if) */
  requiredErlangA: count.nullable(),
  /** positions to schedule: required / (1 - shrinkage), rounded up */
  scheduledErlangC: count.nullable(),
  scheduledErlangA: count.nullable(),
  /** mean agents logged in and not paused, observed */
  staffedAgents: z.number().nonnegative(),
  /** staffed - required: positive is over, negative under */
  netErlangC: z.number().nullable(),
  netErlangA: z.number().nullable(),
});
export type StaffingInterval = z.infer<typeof staffingIntervalSchema>;

export const staffingResponseSchema = z.object({
  ...answerScope,
  basis: z.union([
    z.object({ kind: z.literal('date'), date: z.string() }),
    z.object({
      kind: z.literal('weekday'),
      weekday: z.number().int(),
      weeks: z.number().int(),
      from: z.string(),
      to: z.string(),
      /** the most days any interval of the plan rests on (at most `weeks`) */
      observedDays: count,
    }),
  ]),
  target: z.object({
    slPct: z.number(),
    slSec: z.number(),
    shrinkage: z.number(),
    maxOccupancy: z.number().nullable(),
    ahtSec: z.number().nullable(),
  }),
  /** mean caller patience used for Erlang A: the what-if, else total wait of all callers / abandons over the basis */
  patienceSec: z.number().nullable(),
  patienceSource: z.enum(['whatIf', 'observed', 'none']),
  intervals: z.array(staffingIntervalSchema),
});
export type StaffingResponse = z.infer<typeof staffingResponseSchema>;

// ---- intraday forecast ----

export const intradayQuerySchema = z.strictObject({
  queue: queueParam.optional(),
  /** target: slPct % of calls answered within slSec seconds; default the queue's configured target */
  slPct: decimalParam((n) => n > 0 && n < 100, 'expected a percentage above 0 and below 100').optional(),
  slSec: integerParam(0, 3600).optional(),
});
export type IntradayQuery = z.infer<typeof intradayQuerySchema>;

export const intradayIntervalSchema = z.object({
  intervalStart: z.string(),
  time: z.string(),
  /** calls expected, with the band of the middle 80% */
  forecastOffered: z.number(),
  low: z.number(),
  high: z.number(),
  ahtSec: z.number().nullable(),
  requiredErlangC: z.number().nullable(),
  requiredErlangA: z.number().nullable(),
});
export type IntradayInterval = z.infer<typeof intradayIntervalSchema>;

export const intradayResponseSchema = z.object({
  ...answerScope,
  day: z.string(),
  /** the interval under way: the first one forecast */
  asOf: z.string(),
  /** today's calls so far over the weekday means of the same intervals, shrunk towards 1 early in the day */
  scale: z.number(),
  /** same-weekday days the means rest on */
  observedDays: z.number().int().nonnegative(),
  target: z.object({ slPct: z.number(), slSec: z.number() }),
  intervals: z.array(intradayIntervalSchema),
  nextHour: z.object({
    offered: z.number(),
    /** the most agents any of the hour's intervals needs (Erlang C) */
    agentsNeeded: z.number().nullable(),
    /** agents staffed in the latest complete interval of today's history */
    staffedNow: z.number().nullable(),
  }),
});
export type IntradayResponse = z.infer<typeof intradayResponseSchema>;

// ---- agents' day ----

export const agentsQuerySchema = z.strictObject({
  date: dateParam,
  queue: queueParam.optional(),
  format: formatParam,
});
export type AgentsQuery = z.infer<typeof agentsQuerySchema>;

const seconds = z.number().nonnegative();

/**
 * One agent's site day (docs/ARCHITECTURE.md, "Agents' day"). Calls count on
 * the site day they entered the queue, like every other history figure; times
 * in state are the agent's state spans clipped to the day.
 */
/** pausedByReason's key for pauses without a reason (a reason is never empty: an empty one is none). */
export const NO_PAUSE_REASON = '';

/** How a pause reason reads in a column's name; a page passes its language's words for "no reason". */
export function pauseReasonLabel(reason: string, noReason = 'no reason'): string {
  return reason === NO_PAUSE_REASON ? noReason : reason;
}

/** The pause reasons of a day's agents: by name, pauses without one last (the CSV's columns and the page's). */
export function pauseReasonsOf(rows: readonly { pausedByReason: Readonly<Record<string, number>> }[]): string[] {
  const reasons = new Set<string>();
  for (const row of rows) for (const reason of Object.keys(row.pausedByReason)) reasons.add(reason);
  return [...reasons].sort((a, b) => (a === NO_PAUSE_REASON ? 1 : b === NO_PAUSE_REASON ? -1 : a < b ? -1 : a > b ? 1 : 0));
}

export const agentDayRowSchema = z.object({
  agentId: z.string(),
  /** calls this agent answered, all queues (or the requested queue) */
  answered: count,
  /** queue -> calls answered from it */
  answeredByQueue: z.record(z.string(), count),
  /** the callers' wait before this agent answered (Asterisk's HoldTime), summed */
  holdSec: seconds,
  talkSec: seconds,
  wrapSec: seconds,
  /** (talk + wrap) / answered; null without answered calls */
  ahtSec: z.number().nullable(),
  /** in any state but logged out */
  loggedInSec: seconds,
  /** paused in every queue (the board's "paused") */
  pausedSec: seconds,
  /** pausedSec by the reason given (AMI PausedReason / Reason, queue_log PAUSE data); NO_PAUSE_REASON: none given */
  pausedByReason: z.record(z.string(), seconds),
  availableSec: seconds,
  /** rings of this agent for a caller that the agent let go unanswered (AgentRingNoAnswer, RINGNOANSWER), on this day */
  ringNoAnswer: count,
  /** queue -> rings not answered for its callers */
  ringNoAnswerByQueue: z.record(z.string(), count),
  /** time on calls or in wrap-up / time logged in and not paused, percent; null when never staffed */
  occupancyPct: z.number().nullable(),
});
export type AgentDayRow = z.infer<typeof agentDayRowSchema>;

export const agentsResponseSchema = z.object({
  ...answerScope,
  date: z.string(),
  /** by agent id */
  agents: z.array(agentDayRowSchema),
});
export type AgentsResponse = z.infer<typeof agentsResponseSchema>;

// ---- GET /api/history/preparing: history still being written (the demo's simulated weeks) ----

export const historyPreparingSchema = z.object({
  /** true while days are still being written: figures of the days not yet written are missing, not zero */
  preparing: z.boolean(),
  doneDays: z.number().int().nonnegative(),
  totalDays: z.number().int().nonnegative(),
  /** doneDays of totalDays, whole percent */
  pct: z.number().int().min(0).max(100),
});
export type HistoryPreparing = z.infer<typeof historyPreparingSchema>;
