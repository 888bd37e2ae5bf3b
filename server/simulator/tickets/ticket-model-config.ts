import { z } from 'zod';
import { isValidTimeZone } from '../../../shared/site-time';
import { defaultIntradayProfile, SLOTS_PER_DAY } from '../intraday-profile';
import type { SimulatorConfig } from '../simulator-config';

/**
 * What the simulated ticket desk looks like. Defaults follow DOMAIN.md: about
 * 10% of tickets are incidents that escalate (L1 -> L2, some on to L3), L1
 * closes about 65% (a quarter of the requests are routed straight to the
 * product engineers of L2), tickets outnumber calls about 5 to 1.
 */

const share = z.number().min(0).max(1);
const weights = <K extends string>(keys: readonly [K, ...K[]], defaults: Record<K, number>) =>
  z
    .record(z.enum(keys), z.number().min(0))
    .default(defaults)
    .refine((w) => Object.values<number>(w).some((v) => v > 0), 'at least one weight must be positive');

export const ticketModelConfigSchema = z.object({
  seed: z.number().int().default(20_250_102),
  /** the site's zone: the intraday profile is in its local time */
  timeZone: z
    .string()
    .default('Europe/Moscow')
    .refine(isValidTimeZone, 'unknown IANA time zone'),
  /** new tickets per hour in the busiest slot of the profile */
  peakTicketsPerHour: z.number().min(0).max(100_000),
  /** relative load per local 15-minute slot (the call simulator's profile) */
  intradayProfile: z.array(z.number().min(0).max(100)).length(SLOTS_PER_DAY).default(defaultIntradayProfile),
  /**
   * The first ticket number. Event ids derive from ticket numbers, so a run
   * whose numbers another run used would have its deliveries dropped as
   * repeats by a store that outlived that run: the demo derives it from its
   * start time.
   */
  idBase: z.number().int().min(1).max(1e14).default(100_000),
  /** which help desk (webhook format) a new ticket lives in */
  desks: weights(['generic', 'zendesk', 'jira', 'zammad', 'freshdesk', 'helpscout'], {
    generic: 0.45,
    zendesk: 0.2,
    jira: 0.12,
    zammad: 0.08,
    freshdesk: 0.08,
    helpscout: 0.07,
  }),
  channels: weights(['email', 'portal', 'chat', 'phone', 'messenger'], {
    email: 0.35,
    portal: 0.25,
    chat: 0.15,
    phone: 0.1,
    messenger: 0.15,
  }),
  priorities: weights(['low', 'medium', 'high'], { low: 0.4, medium: 0.45, high: 0.15 }),
  chances: z
    .object({
      /** routed straight to L2 (product engineers) at creation */
      createdOnL2: share.default(0.25),
      /** an L1 ticket escalates to L2 */
      escalateFromL1: share.default(0.12),
      /** ...and from there on to L3 */
      escalateOnToL3: share.default(0.25),
      /** a ticket created on L2 escalates to L3 */
      escalateFromL2: share.default(0.04),
      /** assigned during triage (the rest wait unassigned until someone replies) */
      assignAtTriage: share.default(0.85),
      /** reassigned within seconds of the triage assignment */
      reassignSoon: share.default(0.25),
      priorityChange: share.default(0.12),
      /** a priority change corrected within a couple of minutes */
      priorityCorrection: share.default(0.5),
      /** the agent asks the customer something: pending until the customer replies */
      waitOnCustomer: share.default(0.55),
      /** put on hold (a third party, a vendor) for a while */
      onHold: share.default(0.06),
      reopen: share.default(0.08),
      /** generic-desk tickets only: the other desks' webhooks carry no ratings */
      rating: share.default(0.4),
      ratingGood: share.default(0.85),
      /** archived (solved -> closed) a few days after the solve */
      closeLater: share.default(0.3),
    })
    .prefault({}),
  /** median first public reply per channel (wall time, s), before the priority factor */
  firstReplyMedianSec: z
    .record(z.enum(['email', 'portal', 'chat', 'phone', 'messenger']), z.number().positive())
    .default({ email: 2100, portal: 2100, chat: 12, phone: 90, messenger: 480 }),
});

export type TicketModelConfigInput = z.input<typeof ticketModelConfigSchema>;
export type TicketModelConfig = z.output<typeof ticketModelConfigSchema>;
export type TicketChances = TicketModelConfig['chances'];

export function parseTicketModelConfig(input: TicketModelConfigInput): TicketModelConfig {
  const result = ticketModelConfigSchema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new Error(`invalid ticket model config: ${problems.join('; ')}`);
  }
  return result.data;
}

/** DOMAIN.md: tickets outnumber calls roughly 5 to 1. */
export const TICKETS_PER_CALL = 5;

/**
 * The ticket desk next to a simulated call center: the same zone and intraday
 * profile, `ticketsPerCall` times its peak call rate.
 */
export function ticketModelConfigForCallSite(
  site: SimulatorConfig,
  overrides: Omit<TicketModelConfigInput, 'peakTicketsPerHour' | 'timeZone' | 'intradayProfile'> & {
    ticketsPerCall?: number;
  } = {},
): TicketModelConfig {
  const { ticketsPerCall = TICKETS_PER_CALL, ...rest } = overrides;
  const peakCallsPerHour = site.queues.reduce((sum, queue) => sum + queue.peakCallsPerHour, 0) * site.scale;
  return parseTicketModelConfig({
    ...rest,
    timeZone: site.timeZone,
    intradayProfile: site.intradayProfile,
    peakTicketsPerHour: peakCallsPerHour * ticketsPerCall,
  });
}
