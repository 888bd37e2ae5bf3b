import { z } from 'zod';
import { activeAlertSchema } from './alerts';
import { boardViewSchema } from './boards';
import { countersShape } from './call-counters';
import { ticketSnapshotSchema } from './ticket-snapshot';

/**
 * The live snapshot: what `GET /api/snapshot` returns and what a board receives
 * over socket.io. One schema, used by the server to build and by the client to
 * validate what arrives.
 */

export const agentStateSchema = z.enum(['available', 'ringing', 'busy', 'wrapup', 'paused', 'loggedOut']);
export type AgentState = z.infer<typeof agentStateSchema>;

export const agentCountsSchema = z.object({
  available: z.number().int().nonnegative(),
  ringing: z.number().int().nonnegative(),
  busy: z.number().int().nonnegative(),
  wrapup: z.number().int().nonnegative(),
  paused: z.number().int().nonnegative(),
  loggedIn: z.number().int().nonnegative(),
});
export type AgentCounts = z.infer<typeof agentCountsSchema>;

/** Counters for a period (today, or one 15-minute interval) with the metrics derived from them. */
export const periodStatsSchema = z.object({
  ...countersShape,
  /** answeredWithinSl / (answered + abandoned - shortAbandoned); null when nothing to measure. */
  serviceLevelPct: z.number().nullable(),
  /** abandoned / (answered + abandoned + timedOut); null before any call has an outcome */
  abandonRatePct: z.number().nullable(),
  /** hold of answered calls / answered */
  asaSec: z.number().nullable(),
  /** (talk + wrap) / handled */
  ahtSec: z.number().nullable(),
});
export type PeriodStats = z.infer<typeof periodStatsSchema>;

export const queueThresholdsSchema = z.object({
  /** SL target in percent; amber below it. */
  slTargetPct: z.number().min(0).max(100),
  /** red when SL is this many points or more below target */
  slRedMarginPct: z.number().min(0).max(100),
  /** red when longest wait exceeds the SL threshold times this factor */
  waitRedFactor: z.number().min(1),
});
export type QueueThresholds = z.infer<typeof queueThresholdsSchema>;

export const queueTileSchema = z.object({
  id: z.string(),
  name: z.string(),
  waiting: z.number().int().nonnegative(),
  /** join time of the oldest caller still waiting (ISO), so the page can tick locally */
  oldestJoinedAt: z.string().nullable(),
  longestWaitSec: z.number().int().nonnegative(),
  slThresholdSec: z.number().int().positive(),
  /** Which service-level formula the number uses, written next to it on the board. */
  slFormula: z.literal('answeredWithinSl / (answered + abandoned - shortAbandoned)'),
  thresholds: queueThresholdsSchema,
  agents: agentCountsSchema,
  today: periodStatsSchema,
  /** The current 15-minute interval (since the snapshot's `intervalStart`) */
  currentInterval: periodStatsSchema,
  /**
   * Today's link gaps of this queue (ISO instants): the PBX link was down and its
   * calls are counted from the PBX's own counters (`estimated`), or could not be
   * (`unknown`: the PBX restarted meanwhile). Absent when there were none.
   */
  linkGaps: z.array(z.object({ from: z.string(), to: z.string(), calls: z.enum(['estimated', 'unknown']) })).optional(),
  /**
   * What the counters gained over the last 30 minutes (to the minute) as the
   * server watched them; `minutes` is how much of the window it watched
   * (less than 30 for a while after it started).
   */
  rolling30: z.object({ minutes: z.number().int().min(0).max(30), stats: periodStatsSchema }),
  /** Callers waiting, the most seen in each minute of the last hour, oldest first, the current minute last; null for a minute not watched. */
  waitingLastHour: z.array(z.number().int().nonnegative().nullable()).max(60),
});
export type QueueTile = z.infer<typeof queueTileSchema>;

export const agentRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  state: agentStateSchema,
  stateSince: z.string(),
  pauseReason: z.string().nullable(),
  queues: z.array(z.string()),
  answeredToday: z.number().int().nonnegative(),
});
export type AgentRow = z.infer<typeof agentRowSchema>;

/** Why the PBX link is down: refused (nothing listens), timeout, unreachable (no route, unknown host), auth (bad login), protocol (not AMI), closed. */
export const pbxFailureKindSchema = z.enum(['refused', 'timeout', 'unreachable', 'auth', 'protocol', 'closed']);
export type PbxFailureKind = z.infer<typeof pbxFailureKindSchema>;

export const liveSnapshotSchema = z.object({
  /** server time the snapshot was built (ISO) */
  at: z.string(),
  site: z.string(),
  timeZone: z.string(),
  /** the site's calendar day the "today" figures belong to (YYYY-MM-DD) */
  day: z.string(),
  /** start of the current 15-minute interval (ISO): each tile's `currentInterval` counts calls that entered since */
  intervalStart: z.string(),
  /** increases with every change applied to the live state */
  seq: z.number().int().nonnegative(),
  source: z.object({
    kind: z.enum(['ami', 'simulator']),
    connected: z.boolean(),
    /** time of the last event received from the PBX (ISO), null before the first */
    lastEventAt: z.string().nullable(),
    /** since when the link is up, or down (ISO); null when no node reads the PBX */
    since: z.string().nullable(),
    /** why the link last went down; null while nobody knows (no reader, or never failed) */
    failure: pbxFailureKindSchema.nullable(),
  }),
  queues: z.array(queueTileSchema),
  agents: z.array(agentRowSchema),
  /** the ticket desk; absent when no ticket source is configured */
  tickets: ticketSnapshotSchema.optional(),
  /** alerts firing now; absent when no alert rules are configured */
  alerts: z.array(activeAlertSchema).optional(),
  /** the team board this snapshot was filtered for (server/realtime/snapshot-for-board.ts); absent: unfiltered */
  board: boardViewSchema.optional(),
});
export type LiveSnapshot = z.infer<typeof liveSnapshotSchema>;
