import { z } from 'zod';

/**
 * The ticket half of the live snapshot (`snapshot.tickets`). Built by the server
 * from the live ticket store and the SLA engine; validated by the board.
 */

export const ticketPrioritySchema = z.enum(['low', 'medium', 'high']);
export const ticketStatusSchema = z.enum(['new', 'open', 'pending', 'onHold', 'solved', 'closed']);
export const supportLineSchema = z.enum(['L1', 'L2', 'L3']);
export const ticketChannelSchema = z.enum(['email', 'portal', 'chat', 'phone', 'messenger']);

const count = z.number().int().nonnegative();

export const atRiskTicketSchema = z.object({
  id: z.string(),
  subject: z.string(),
  priority: ticketPrioritySchema,
  line: supportLineSchema,
  channel: ticketChannelSchema,
  /** which agreement is at risk: the customer SLA, or the OLA of a line */
  agreement: z.enum(['sla', 'L1', 'L2', 'L3']),
  clock: z.enum(['firstResponse', 'nextReply', 'resolution']),
  /** ISO instant the clock is due; the board counts down to it locally */
  dueAt: z.string(),
  /** share of the target used, 0..1+ */
  fractionUsed: z.number().nonnegative(),
  /** true once past due (the list shows breached tickets first, then by time left) */
  breached: z.boolean(),
});
export type AtRiskTicket = z.infer<typeof atRiskTicketSchema>;

export const ticketSlaShareSchema = z.object({
  firstResponses: count,
  firstResponsesWithinSla: count,
  /** firstResponsesWithinSla / firstResponses, percent; null before the first */
  slaPct: z.number().nullable(),
});

/** Escalations to development (Wrike, Jira Software) per support line; present when a tracker is configured. */
export const devEscalationsSchema = z.object({
  byLine: z.array(
    z.object({
      line: supportLineSchema,
      /** with development now */
      open: count,
      /** ISO instant the oldest open one was raised; the board shows its age */
      oldestOpenedAt: z.string().nullable(),
      /** done by development today (site day): back with support */
      cameBackToday: count,
    }),
  ),
});
export type DevEscalations = z.infer<typeof devEscalationsSchema>;

export const ticketSnapshotSchema = z.object({
  /** open = not solved or closed */
  open: count,
  openByPriority: z.record(ticketPrioritySchema, count),
  openByLine: z.record(supportLineSchema, count),
  openByStatus: z.record(ticketStatusSchema, count),
  /** open tickets by status x priority x line, only non-zero cells */
  openMatrix: z.array(
    z.object({ status: ticketStatusSchema, priority: ticketPrioritySchema, line: supportLineSchema, count: count }),
  ),
  /** open tickets with at least one running clock past due */
  breached: count,
  /** the breached ones by support line (a team board counts its lines') */
  breachedByLine: z.record(supportLineSchema, count),
  /** breached first, then by time left; at most 50 */
  atRisk: z.array(atRiskTicketSchema),
  /** the first-response SLA target the board compares against, percent */
  slaTargetPct: z.number().min(0).max(100),
  today: ticketSlaShareSchema.extend({
    created: count,
    solved: count,
    escalations: z.array(z.object({ from: supportLineSchema, to: supportLineSchema, count })),
    /** share of good ratings today, percent; null before the first rating */
    csatPct: z.number().nullable(),
    ratings: count,
  }),
  last60Min: ticketSlaShareSchema,
  backlogByAge: z.array(z.object({ bucket: z.enum(['<1h', '1-4h', '4-24h', '1-3d', '>3d']), count })),
  devEscalations: devEscalationsSchema.optional(),
});
export type TicketSnapshot = z.infer<typeof ticketSnapshotSchema>;
