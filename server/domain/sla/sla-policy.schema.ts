import { z } from 'zod';
import type { SupportLine, TicketChannel, TicketPriority, TicketStatus } from '../ticket-events';
import { WEEKDAYS, type CalendarDefinition, type Weekday, type WorkingFrame } from './business-calendar';
import { HOUR_MS, MINUTE_MS, isValidTimeZone } from '../../../shared/site-time';

/**
 * The SLA policy file (config/sla-policies.json). Durations are business time,
 * written `1h30m`, `4h`, `30s`; days are left out on purpose, since "1 day" of
 * business time is ambiguous (24 h, or one working day?).
 */

/** a literal list of every member of a union: fails to compile when one is missing */
const everyMemberOf =
  <T>() =>
  <const L extends readonly T[]>(list: L & ([T] extends [L[number]] ? unknown : never)): L =>
    list;

export const TICKET_PRIORITIES = everyMemberOf<TicketPriority>()(['low', 'medium', 'high']);
export const TICKET_CHANNELS = everyMemberOf<TicketChannel>()(['email', 'portal', 'chat', 'phone', 'messenger']);
export const SUPPORT_LINES = everyMemberOf<SupportLine>()(['L1', 'L2', 'L3']);
/** statuses a policy may pause clocks in: the ticket waits on someone else */
export const PAUSABLE_STATUSES = ['pending', 'onHold'] as const satisfies readonly TicketStatus[];

const DURATION_PATTERN = /^(?:(\d{1,4})h)?(?:(\d{1,5})m)?(?:(\d{1,6})s)?$/;

/** a positive business duration, in ms */
export const businessDurationSchema = z
  .string()
  .regex(DURATION_PATTERN, 'expected a duration like "30s", "15m", "1h", "1h30m"')
  .transform((text) => {
    const [, hours = '0', minutes = '0', seconds = '0'] = DURATION_PATTERN.exec(text) ?? [];
    return Number(hours) * HOUR_MS + Number(minutes) * MINUTE_MS + Number(seconds) * 1000;
  })
  .refine((ms) => ms > 0, 'a duration must be longer than 0');

const FRAME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)-(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/;

/** `"08:00-18:00"` local wall time; `24:00` ends a frame at midnight */
const workingFrameSchema = z
  .string()
  .regex(FRAME_PATTERN, 'expected a frame like "08:00-18:00" (use 24:00 for midnight at the end)')
  .transform((text): WorkingFrame => {
    const [, fromH, fromM, toH, toM, midnightH, midnightM] = FRAME_PATTERN.exec(text) ?? [];
    return {
      fromMinute: Number(fromH) * 60 + Number(fromM),
      toMinute: Number(toH ?? midnightH) * 60 + Number(toM ?? midnightM),
    };
  })
  .refine((frame) => frame.toMinute > frame.fromMinute, 'a frame must end after it starts (no frames across midnight: split them)');

const dayFramesSchema = z.array(workingFrameSchema).superRefine((frames, ctx) => {
  frames.forEach((frame, index) => {
    const previous = frames[index - 1];
    if (previous && frame.fromMinute < previous.toMinute) {
      ctx.addIssue({ code: 'custom', path: [index], message: 'frames must be in order and must not overlap' });
    }
  });
});

const isoDateSchema = z.iso.date('expected a date YYYY-MM-DD');

const weekSchema = z
  .strictObject(
    Object.fromEntries(WEEKDAYS.map((day) => [day, dayFramesSchema.optional()])) as Record<
      Weekday,
      z.ZodOptional<typeof dayFramesSchema>
    >,
  )
  .refine((week) => Object.values(week).some((frames) => frames && frames.length > 0), 'a week needs at least one working frame');

export const calendarSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('always') }),
  z.strictObject({
    kind: z.literal('weekly'),
    timeZone: z.string().refine(isValidTimeZone, 'unknown IANA time zone (e.g. Europe/Berlin, Europe/Moscow, UTC)'),
    week: weekSchema,
    /** days with no working time (public holidays, days off moved onto weekdays) */
    holidays: z.array(isoDateSchema).default([]),
    /** days off made working days (a Saturday worked for a moved day off): Monday's frames */
    workingDays: z.array(isoDateSchema).default([]),
    /** working days one hour shorter (the day before a public holiday) */
    shortDays: z.array(isoDateSchema).default([]),
  })
    .superRefine((calendar, ctx) => {
      const holidays = new Set(calendar.holidays);
      calendar.workingDays.forEach((date, index) => {
        if (holidays.has(date)) ctx.addIssue({ code: 'custom', path: ['workingDays', index], message: `${date} is listed as a holiday too` });
      });
      if (calendar.workingDays.length > 0 && !calendar.week.mon?.length) {
        ctx.addIssue({ code: 'custom', path: ['workingDays'], message: "working days are worked with Monday's frames: give mon at least one frame" });
      }
    }),
]) satisfies z.ZodType<CalendarDefinition>;

const priorityTargetsSchema = z.strictObject({
  /** overrides the channel's calendar (say, 24/7 for priority high) */
  calendar: z.string().optional(),
  firstResponse: businessDurationSchema,
  resolution: businessDurationSchema,
  nextReply: businessDurationSchema.optional(),
});

const pauseStatusesSchema = z.array(z.enum(PAUSABLE_STATUSES));

const channelPolicySchema = z.strictObject({
  calendar: z.string(),
  /** overrides the file's pauseStatuses for this channel */
  pauseStatuses: pauseStatusesSchema.optional(),
  targets: z.record(z.enum(TICKET_PRIORITIES), priorityTargetsSchema),
});

const olaSchema = z.strictObject({
  calendar: z.string(),
  firstResponse: businessDurationSchema,
  resolution: businessDurationSchema.optional(),
});

export const slaPolicyFileSchema = z
  .strictObject({
    calendars: z.record(z.string().min(1), calendarSchema),
    pauseStatuses: pauseStatusesSchema.default(['pending']),
    atRisk: z
      .strictObject({
        /** at risk once the due time is this close (wall time) */
        within: businessDurationSchema,
        /** ...or once this share of the target is used */
        fractionUsed: z.number().gt(0).lte(1),
      })
      .default({ within: 15 * MINUTE_MS, fractionUsed: 0.75 }),
    channels: z.record(z.enum(TICKET_CHANNELS), channelPolicySchema),
    olas: z.partialRecord(z.enum(SUPPORT_LINES), olaSchema).default({}),
  })
  .superRefine((file, ctx) => {
    const requireCalendar = (id: string | undefined, path: PropertyKey[]): void => {
      if (id !== undefined && !(id in file.calendars)) {
        ctx.addIssue({ code: 'custom', path, message: `unknown calendar "${id}" (defined: ${Object.keys(file.calendars).join(', ')})` });
      }
    };
    for (const channel of TICKET_CHANNELS) {
      requireCalendar(file.channels[channel].calendar, ['channels', channel, 'calendar']);
      for (const priority of TICKET_PRIORITIES) {
        requireCalendar(file.channels[channel].targets[priority].calendar, ['channels', channel, 'targets', priority, 'calendar']);
      }
    }
    for (const line of SUPPORT_LINES) requireCalendar(file.olas[line]?.calendar, ['olas', line, 'calendar']);
  });

export type SlaPolicyFile = z.output<typeof slaPolicyFileSchema>;
