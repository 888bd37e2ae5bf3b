import { z } from 'zod';
import type { TypedBodies } from './ingest-webhook';
import { numericIdSchema } from './numeric-id-schema';
import { isoTimestampMsSchema } from './timestamp-schema';

/**
 * The Jira (Service Management) webhook bodies the board uses
 * (https://developer.atlassian.com/cloud/jira/platform/webhooks/):
 * `{ timestamp (ms), webhookEvent, issue_event_type_name, user, issue, changelog?, comment? }`.
 * Not strict: sites add custom fields and apps add properties. Only what is read
 * here is checked; the issue's other fields are kept unchecked so the
 * configured line / channel fields can be read from them.
 */

/** Cloud names people by accountId; Data Center by name / key. */
const jiraUserSchema = z
  .object({
    accountId: z.string().max(128).optional(),
    name: z.string().max(255).optional(),
    key: z.string().max(255).optional(),
    /** `customer` for a Service Management portal customer, `atlassian` for a licensed user */
    accountType: z.string().max(40).optional(),
  })
  .nullish();

const nameSchema = z.string().max(200);

const issueFieldsSchema = z
  .object({
    summary: z.string().nullish(),
    status: z
      .object({ name: nameSchema, statusCategory: z.object({ key: z.string().max(40) }).nullish() })
      .nullish(),
    priority: z.object({ name: nameSchema }).nullish(),
    created: isoTimestampMsSchema.nullish(),
    assignee: jiraUserSchema,
    reporter: jiraUserSchema,
  })
  .catchall(z.unknown());

export const jiraIssueSchema = z.object({
  id: numericIdSchema,
  key: z.string().max(255).optional(),
  fields: issueFieldsSchema.default({}),
});

const changelogItemSchema = z
  .object({
    /** display name of the field (`status`, `Support line`) */
    field: nameSchema,
    /** stable id (`status`, `customfield_10050`); absent on some Data Center versions */
    fieldId: nameSchema.optional(),
    from: z.string().max(1000).nullish(),
    fromString: z.string().max(10_000).nullish(),
    to: z.string().max(1000).nullish(),
    toString: z.string().max(10_000).nullish(),
  })
  // Renamed because zod leaves an absent optional key out of its output, and
  // `item.toString` on that output is Object.prototype.toString, not undefined.
  .transform((item) => ({
    field: item.field,
    fieldId: item.fieldId ?? null,
    to: item.to ?? null,
    fromName: Object.hasOwn(item, 'fromString') ? (item.fromString ?? null) : null,
    toName: Object.hasOwn(item, 'toString') ? (item.toString ?? null) : null,
  }));

const commentSchema = z.object({
  id: numericIdSchema,
  /** the comment's REST address, …/rest/api/2/issue/<issue id>/comment/<id>: Server / Data Center's only issue id in comment_created */
  self: z.string().max(2000).optional(),
  author: jiraUserSchema,
  /** Service Management: false for an internal comment; absent outside service projects */
  jsdPublic: z.boolean().optional(),
});

const common = {
  /** when Jira raised the event, epoch ms */
  timestamp: z.number().int().min(0).max(8.64e15),
  issue: jiraIssueSchema,
};

export const jiraIssueEventSchema = z.discriminatedUnion('webhookEvent', [
  z.object({ ...common, webhookEvent: z.literal('jira:issue_created') }),
  z.object({
    ...common,
    webhookEvent: z.literal('jira:issue_updated'),
    changelog: z.object({ id: numericIdSchema.optional(), items: z.array(changelogItemSchema).max(500) }).optional(),
    /** present when the update is a comment (issue_event_type_name issue_commented) */
    comment: commentSchema.optional(),
  }),
  z.object({ ...common, webhookEvent: z.literal('jira:issue_deleted') }),
  // Cloud sends a slim issue; Server / Data Center none.
  z.object({ ...common, issue: jiraIssueSchema.optional(), webhookEvent: z.literal('comment_created'), comment: commentSchema }),
]);

export type JiraIssueEvent = z.output<typeof jiraIssueEventSchema>;
export type JiraIssue = NonNullable<JiraIssueEvent['issue']>;
export type JiraUser = z.output<typeof jiraUserSchema>;
export type JiraComment = z.output<typeof commentSchema>;

export const JIRA_BODIES: TypedBodies<JiraIssueEvent> = {
  typeSchema: z
    .object({
      webhookEvent: z
        .string()
        .max(100)
        .regex(/^[a-z0-9_:]+$/i, 'expected a Jira webhook event, e.g. jira:issue_updated'),
    })
    .transform((body) => body.webhookEvent),
  handled: new Set(jiraIssueEventSchema.options.map((option) => option.shape.webhookEvent.value)),
  schema: jiraIssueEventSchema,
  times: { event: ['timestamp'], created: ['issue.fields.created'] },
};

/**
 * A select / radio / text custom field as webhooks carry it: `"L2"`,
 * `{ "value": "L2" }`, `{ "name": "L2" }`, or a multi-select list of those (its
 * first entry counts).
 */
const optionSchema = z.union([
  z.string().max(200),
  z.object({ value: z.string().max(200) }),
  z.object({ name: z.string().max(200) }),
]);
export const customFieldValueSchema = z.union([optionSchema, z.array(optionSchema).max(50), z.null()]).optional();
