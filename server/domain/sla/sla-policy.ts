import { z } from 'zod';
import type { SupportLine, TicketChannel, TicketPriority, TicketStatus } from '../ticket-events';
import { createBusinessCalendar, type BusinessCalendar } from './business-calendar';
import { SUPPORT_LINES, TICKET_CHANNELS, TICKET_PRIORITIES, slaPolicyFileSchema } from './sla-policy.schema';

/** What one clock must meet, in business time of `calendarId`. */
export interface ClockTarget {
  calendarId: string;
  targetMs: number;
}

/** The customer SLA of one priority x channel. */
export interface SlaTargets {
  firstResponse: ClockTarget;
  resolution: ClockTarget;
  /** null: this priority x channel has no next-reply agreement */
  nextReply: ClockTarget | null;
}

/** A support line's operational agreement, started when a ticket enters the line. */
export interface OlaTargets {
  firstResponse: ClockTarget;
  resolution: ClockTarget | null;
}

export interface AtRiskThresholds {
  /** at risk once the due time is at most this far away (wall time, ms) */
  withinMs: number;
  /** ...or once this share of the target is used (0..1] */
  fractionUsed: number;
}

export interface SlaPolicies {
  calendars: Readonly<Record<string, BusinessCalendar>>;
  channels: Readonly<
    Record<TicketChannel, { pauseStatuses: readonly TicketStatus[]; targets: Readonly<Record<TicketPriority, SlaTargets>> }>
  >;
  olas: Readonly<Partial<Record<SupportLine, OlaTargets>>>;
  atRisk: AtRiskThresholds;
}

/** A policy file that does not pass the schema; `issues` carry the zod paths. */
export class SlaPolicyError extends Error {
  constructor(
    readonly issues: z.core.$ZodIssue[],
    source: string,
  ) {
    super(`invalid SLA policies (${source}):\n${z.prettifyError(new z.ZodError(issues))}`);
    this.name = 'SlaPolicyError';
  }
}

/** Validates a parsed policy file and resolves it; throws SlaPolicyError. */
export function parseSlaPolicies(input: unknown, source = 'input'): SlaPolicies {
  const parsed = slaPolicyFileSchema.safeParse(input);
  if (!parsed.success) throw new SlaPolicyError(parsed.error.issues, source);
  const file = parsed.data;

  const calendars = Object.fromEntries(
    Object.entries(file.calendars).map(([id, definition]) => [id, createBusinessCalendar(definition)]),
  );
  const target = (calendarId: string, targetMs: number): ClockTarget => ({ calendarId, targetMs });
  const channels = recordOf(TICKET_CHANNELS, (channel) => {
    const policy = file.channels[channel];
    const targets = recordOf(TICKET_PRIORITIES, (priority): SlaTargets => {
      const entry = policy.targets[priority];
      const calendarId = entry.calendar ?? policy.calendar;
      return {
        firstResponse: target(calendarId, entry.firstResponse),
        resolution: target(calendarId, entry.resolution),
        nextReply: entry.nextReply === undefined ? null : target(calendarId, entry.nextReply),
      };
    });
    return { pauseStatuses: policy.pauseStatuses ?? file.pauseStatuses, targets };
  });
  const olas: Partial<Record<SupportLine, OlaTargets>> = {};
  for (const line of SUPPORT_LINES) {
    const ola = file.olas[line];
    if (!ola) continue;
    olas[line] = {
      firstResponse: target(ola.calendar, ola.firstResponse),
      resolution: ola.resolution === undefined ? null : target(ola.calendar, ola.resolution),
    };
  }
  return { calendars, channels, olas, atRisk: { withinMs: file.atRisk.within, fractionUsed: file.atRisk.fractionUsed } };
}

function recordOf<K extends string, V>(keys: readonly K[], valueOf: (key: K) => V): Record<K, V> {
  return Object.fromEntries(keys.map((key) => [key, valueOf(key)])) as Record<K, V>;
}

/** The calendar a clock counts in; the ids were checked when the policies were parsed. */
export function calendarOf(policies: SlaPolicies, calendarId: string): BusinessCalendar {
  const calendar = policies.calendars[calendarId];
  if (!calendar) throw new RangeError(`SLA calendar "${calendarId}" is not in the policies`);
  return calendar;
}
