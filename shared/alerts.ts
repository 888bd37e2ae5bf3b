import { z } from 'zod';
import { PROBLEM_EN } from './i18n/problem-catalogue';

/**
 * Alerts: the rules (ALERTS_FILE, the admin page), what a board shows while
 * one fires, and the history page's rows. One schema for the server, which
 * validates the file and the admin page's saves, and for the pages.
 */

/** Figures a rule can watch. Percentages are 0..100; `pbxLinkDown` and `historyDegraded` are 1 while true, else 0. */
export const ALERT_METRICS = [
  'waiting',
  'longestWaitSec',
  'serviceLevelTodayPct',
  'serviceLevelIntervalPct',
  'serviceLevel30MinPct',
  'agentsAvailable',
  'abandonRatePct',
  'ticketsBreached',
  'ticketsAtRisk',
  'pbxLinkDown',
  'historyDegraded',
] as const;
export const alertMetricSchema = z.enum(ALERT_METRICS);
export type AlertMetric = z.infer<typeof alertMetricSchema>;

/** Figures of the whole site only: a rule on them names no queue. */
export const SITE_ONLY_METRICS: readonly AlertMetric[] = ['ticketsBreached', 'ticketsAtRisk', 'pbxLinkDown', 'historyDegraded'];

const id = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/i, 'expected 1-64 letters, digits, - and _');
const wallTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24 h, site time)');
const seconds = z.number().int().nonnegative().max(7 * 86_400);

/** Site wall-clock span in which no one is notified (it may cross midnight: 22:00-07:00). */
export const quietHoursSchema = z.strictObject({ from: wallTime, to: wallTime });
export type QuietHours = z.infer<typeof quietHoursSchema>;

export const alertRuleSchema = z
  .strictObject({
    id,
    /** omitted: site-wide */
    queue: z.string().min(1).optional(),
    metric: alertMetricSchema,
    above: z.number().finite().optional(),
    below: z.number().finite().optional(),
    /** the figure must be back past this to resolve (hysteresis); default: 10% of the threshold back */
    clearAt: z.number().finite().optional(),
    /** the figure must stay past the threshold this long before the alert fires */
    forSec: seconds.default(0),
    /** while firing, notify again this often; 0 = once */
    repeatSec: seconds.default(0),
    /** channel names from `channels` */
    notify: z.array(id).default([]),
    /** the board plays a sound while it fires */
    sound: z.boolean().default(false),
    /** overrides the file's quietHours for this rule; null = never quiet */
    quietHours: quietHoursSchema.nullable().optional(),
  })
  .superRefine((rule, ctx) => {
    if ((rule.above === undefined) === (rule.below === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['above'], message: PROBLEM_EN['problem.rule.oneBound'] });
      return;
    }
    const threshold = (rule.above ?? rule.below)!;
    if (rule.clearAt !== undefined && (rule.above !== undefined ? rule.clearAt > threshold : rule.clearAt < threshold)) {
      ctx.addIssue({
        code: 'custom',
        path: ['clearAt'],
        message: PROBLEM_EN[rule.above !== undefined ? 'problem.rule.resolveNotAbove' : 'problem.rule.resolveNotBelow'],
      });
    }
    if (rule.queue !== undefined && SITE_ONLY_METRICS.includes(rule.metric)) {
      ctx.addIssue({ code: 'custom', path: ['queue'], message: PROBLEM_EN['problem.rule.siteWide'] });
    }
  });
export type AlertRule = z.output<typeof alertRuleSchema>;
export type AlertRuleInput = z.input<typeof alertRuleSchema>;

const httpUrl = z.url({ protocol: /^https?$/, error: PROBLEM_EN['problem.httpUrl'] });

export const alertChannelSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('webhook'), url: httpUrl, headers: z.record(z.string(), z.string()).optional() }),
  z.strictObject({
    type: z.literal('telegram'),
    botToken: z.string().min(1),
    chatId: z.union([z.string().min(1), z.number().int()]),
    /** the Bot API's address; a test points it at a local fake */
    apiBaseUrl: httpUrl.default('https://api.telegram.org'),
  }),
  z.strictObject({ type: z.literal('slack'), webhookUrl: httpUrl }),
  z.strictObject({
    type: z.literal('email'),
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535).default(587),
    /** TLS from the start (port 465); otherwise STARTTLS when the server offers it */
    secure: z.boolean().default(false),
    user: z.string().optional(),
    password: z.string().optional(),
    from: z.string().min(3),
    to: z.array(z.string().min(3)).min(1),
  }),
]);
export type AlertChannel = z.output<typeof alertChannelSchema>;

/** ALERTS_FILE: channels (with their secrets, kept on the server) and rules. */
export const alertsFileSchema = z.strictObject({
  quietHours: quietHoursSchema.nullable().optional(),
  channels: z.record(id, alertChannelSchema).default({}),
  rules: z.array(alertRuleSchema).default([]),
});
export type AlertsFile = z.output<typeof alertsFileSchema>;

/** What the admin page reads and saves: the rules and the site's quiet hours; channels are listed by name and type only. */
export const alertRulesDocumentSchema = z.strictObject({
  quietHours: quietHoursSchema.nullable().default(null),
  rules: z.array(alertRuleSchema),
});
export type AlertRulesDocument = z.output<typeof alertRulesDocumentSchema>;

export const alertRulesReplySchema = alertRulesDocumentSchema.extend({
  channels: z.array(z.object({ name: z.string(), type: z.enum(['webhook', 'telegram', 'slack', 'email']) })),
  /** where the rules in force come from: the file, or a save on the admin page */
  source: z.enum(['file', 'saved']),
});
export type AlertRulesReply = z.infer<typeof alertRulesReplySchema>;

export const alertStateSchema = z.enum(['firing', 'resolved']);
export type AlertState = z.infer<typeof alertStateSchema>;

/** A firing alert as the board shows it (snapshot.alerts). */
export const activeAlertSchema = z.object({
  ruleId: z.string(),
  /** null: site-wide */
  queue: z.string().nullable(),
  metric: alertMetricSchema,
  value: z.number(),
  threshold: z.number(),
  direction: z.enum(['above', 'below']),
  /** ISO instant it fired */
  since: z.string(),
  /** the board plays its sound (the rule asks for one and it is not quiet hours) */
  sound: z.boolean(),
});
export type ActiveAlert = z.infer<typeof activeAlertSchema>;

/** One notification, as the generic webhook receives it and the history page lists it. */
export const alertNoticeSchema = z.object({
  ruleId: z.string(),
  state: alertStateSchema,
  /** a repeat of a firing alert */
  repeat: z.boolean(),
  queue: z.string().nullable(),
  metric: alertMetricSchema,
  value: z.number(),
  threshold: z.number(),
  /** ISO instant */
  at: z.string(),
  /** ISO instant the alert fired */
  since: z.string(),
});
export type AlertNotice = z.infer<typeof alertNoticeSchema>;

export const alertHistoryReplySchema = z.object({
  day: z.string(),
  notices: z.array(alertNoticeSchema.extend({ channels: z.array(z.string()) })),
});
export type AlertHistoryReply = z.infer<typeof alertHistoryReplySchema>;
