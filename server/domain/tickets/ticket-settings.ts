import { z } from 'zod';
import { DEFAULT_TICKET_SLA_TARGET_PCT } from './ticket-board';

/**
 * The ticket desk's settings from the environment (webhook secrets are read by
 * webhookConfigFromEnv, next to the adapters):
 *
 *   SLA_POLICIES_FILE      the SLA policy file, default config/sla-policies.json
 *   TICKET_SLA_TARGET_PCT  the first-response target the board compares with, 0..100, default 90
 */
const ticketEnvSchema = z.object({
  SLA_POLICIES_FILE: z.string().min(1).default('config/sla-policies.json'),
  TICKET_SLA_TARGET_PCT: z.coerce.number().min(0).max(100).default(DEFAULT_TICKET_SLA_TARGET_PCT),
});

export interface TicketEnv {
  slaPoliciesFile: string;
  slaTargetPct: number;
}

/** Throws one error naming every bad variable. */
export function ticketEnvFrom(env: Readonly<Record<string, string | undefined>>): TicketEnv {
  const parsed = ticketEnvSchema.safeParse({
    SLA_POLICIES_FILE: blankAsUnset(env.SLA_POLICIES_FILE),
    TICKET_SLA_TARGET_PCT: blankAsUnset(env.TICKET_SLA_TARGET_PCT),
  });
  if (!parsed.success) throw new Error(`invalid ticket configuration:\n${z.prettifyError(parsed.error)}`);
  return { slaPoliciesFile: parsed.data.SLA_POLICIES_FILE, slaTargetPct: parsed.data.TICKET_SLA_TARGET_PCT };
}

function blankAsUnset(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === '' ? undefined : trimmed;
}
