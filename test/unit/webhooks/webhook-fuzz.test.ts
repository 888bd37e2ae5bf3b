import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseGenericWebhook } from '../../../server/ingest/webhooks/generic-webhook';
import type { WebhookHeaders } from '../../../server/ingest/webhooks/ingest-webhook';
import { parseJiraWebhook } from '../../../server/ingest/webhooks/jira-webhook';
import { signedGenericHeaders, signedJiraHeaders, signedZendeskHeaders } from '../../../server/ingest/webhooks/sign';
import type { WebhookConfig } from '../../../server/ingest/webhooks/webhook-config';
import type { WebhookParseResult } from '../../../server/ingest/webhooks/webhook-result';
import { parseZendeskWebhook } from '../../../server/ingest/webhooks/zendesk-webhook';
import { parseZammadWebhook } from '../../../server/ingest/webhooks/zammad-webhook';
import { parseFreshdeskWebhook } from '../../../server/ingest/webhooks/freshdesk-webhook';
import { parseHelpScoutWebhook } from '../../../server/ingest/webhooks/helpscout-webhook';
import { freshdeskTokenHeaders, signedHelpScoutHeaders, signedZammadHeaders } from '../../../server/ingest/webhooks/sign';
import { DESK_NOW, deskConfig, fixture, FRESHDESK_SECRET, HELPSCOUT_SECRET, ZAMMAD_SECRET } from './desk-fixtures';
import {
  GENERIC_SECRET,
  GENERIC_SOURCE,
  genericCreated,
  JIRA_SECRET,
  jiraComment,
  jiraIssue,
  jiraUpdated,
  testConfig,
  ZENDESK_SECRET,
  ZENDESK_TIMESTAMP,
  zendeskEvent,
  NOW,
} from './webhook-fixtures';

type Parse = (raw: Buffer, headers: WebhookHeaders, config: WebhookConfig, now: number) => WebhookParseResult;

interface Adapter {
  name: string;
  parse: Parse;
  sign: (raw: Buffer) => Record<string, string>;
  samples: unknown[];
}

const adapters: Adapter[] = [
  {
    name: 'generic',
    parse: parseGenericWebhook,
    sign: (raw) => signedGenericHeaders(raw, GENERIC_SOURCE, GENERIC_SECRET),
    samples: [
      genericCreated,
      { eventId: 'e', ticketId: 't', occurredAt: '2025-01-08T10:00:00Z', kind: 'status_changed', status: 'open', previousStatus: 'solved', sequence: 5 },
      { eventId: 'e', ticketId: 't', occurredAt: '2025-01-08T10:00:00Z', kind: 'escalated', line: 'L2', sequence: 3 },
      { eventId: 'e', ticketId: 't', occurredAt: '2025-01-08T10:00:00+03:00', kind: 'satisfaction_rated', rating: 'good' },
    ],
  },
  {
    name: 'zendesk',
    parse: parseZendeskWebhook,
    sign: (raw) => signedZendeskHeaders(raw, ZENDESK_SECRET, ZENDESK_TIMESTAMP),
    samples: [
      zendeskEvent('ticket.created', {}),
      zendeskEvent('ticket.status_changed', { current: 'SOLVED', previous: 'OPEN' }),
      zendeskEvent('ticket.group_assignment_changed', { current: '300', previous: '100' }),
      zendeskEvent('ticket.comment_added', { comment: { id: '1', is_public: true, author: { id: '2', is_staff: true } } }),
    ],
  },
  {
    name: 'jira',
    parse: parseJiraWebhook,
    sign: (raw) => signedJiraHeaders(raw, JIRA_SECRET),
    samples: [
      { timestamp: 1736346330123, webhookEvent: 'jira:issue_created', issue: jiraIssue() },
      jiraUpdated([
        { field: 'status', fieldId: 'status', fromString: 'Open', toString: 'Resolved' },
        { field: 'priority', fieldId: 'priority', fromString: 'Low', toString: 'High' },
        { field: 'Support line', fieldId: 'customfield_10050', fromString: 'L1', toString: 'L3' },
      ]),
      jiraComment({ accountId: 'a', accountType: 'atlassian' }, true),
    ],
  },
  // Zammad, Freshdesk and Help Scout on their own configuration and day (desk-fixtures.ts).
  {
    name: 'zammad',
    parse: (raw, headers) => parseZammadWebhook(raw, headers, deskConfig, DESK_NOW),
    sign: (raw) => signedZammadHeaders(raw, ZAMMAD_SECRET),
    samples: [fixture('zammad', 'ticket-created'), fixture('zammad', 'agent-reply'), fixture('zammad', 'state-pending-close')],
  },
  {
    name: 'freshdesk',
    parse: (raw, headers) => parseFreshdeskWebhook(raw, headers, deskConfig, DESK_NOW),
    sign: () => freshdeskTokenHeaders(FRESHDESK_SECRET),
    samples: [fixture('freshdesk', 'ticket-created'), fixture('freshdesk', 'ticket-updated'), fixture('freshdesk', 'agent-replied')],
  },
  {
    name: 'helpscout',
    parse: (raw, headers) => parseHelpScoutWebhook(raw, headers, deskConfig, DESK_NOW),
    sign: (raw) => signedHelpScoutHeaders(raw, HELPSCOUT_SECRET, 'convo.created'),
    samples: [fixture('helpscout', 'convo-created')],
  },
];

/** What every accepted event must look like, whatever came in. */
const normalizedEventSchema = z.object({
  source: z.enum(['generic', 'zendesk', 'jira', 'zammad', 'freshdesk', 'helpscout']),
  eventId: z.string().min(1),
  ticketId: z.string().min(1),
  occurredAt: z.number().finite(),
  sequence: z.number().int().nullable(),
  kind: z.enum([
    'ticket.created',
    'ticket.observed',
    'ticket.statusChanged',
    'ticket.priorityChanged',
    'ticket.assigned',
    'ticket.escalated',
    'ticket.agentReplied',
    'ticket.customerReplied',
    'ticket.solved',
    'ticket.reopened',
    'ticket.rated',
    'ticket.removed',
  ]),
  status: z.enum(['new', 'open', 'pending', 'onHold', 'solved', 'closed']).optional(),
  priority: z.enum(['low', 'medium', 'high']).optional(),
  channel: z.enum(['email', 'portal', 'chat', 'phone', 'messenger']).optional(),
  line: z.enum(['L1', 'L2', 'L3']).optional(),
  assignee: z.string().nullable().optional(),
  requester: z.string().nullable().optional(),
  author: z.string().nullable().optional(),
  subject: z.string().max(1000).optional(),
  createdAt: z.number().finite().optional(),
  rating: z.enum(['good', 'bad']).optional(),
});

/**
 * Never throws; a signed body is either accepted with well-formed events or
 * refused with 400 and paths. The events of one delivery have distinct ids and
 * none is provably older than the one before it (same occurredAt, sequences not
 * increasing), or a reducer that drops stale events would lose it.
 */
function expectAcceptedOrBadRequest(result: WebhookParseResult): void {
  if (result.ok) {
    for (const event of result.events) expect(normalizedEventSchema.safeParse(event).success, JSON.stringify(event)).toBe(true);
    expect(new Set(result.events.map((event) => event.eventId)).size).toBe(result.events.length);
    result.events.slice(1).forEach((event, index) => {
      const before = result.events[index];
      if (before === undefined || event.occurredAt !== before.occurredAt) return;
      if (event.sequence !== null && before.sequence !== null) expect(event.sequence).toBeGreaterThan(before.sequence);
    });
    return;
  }
  expect(result.status).toBe(400);
  expect(result.errors.length).toBeGreaterThan(0);
  for (const problem of result.errors) {
    expect(typeof problem.path).toBe('string');
    expect(typeof problem.message).toBe('string');
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path to a value inside a JSON document. */
function pathsOf(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const children = Array.isArray(value)
    ? value.flatMap((child, index) => pathsOf(child, [...prefix, index]))
    : Object.entries(value).flatMap(([key, child]) => pathsOf(child, [...prefix, key]));
  return [prefix, ...children];
}

function mutate(document: Json, path: (string | number)[], replacement: Json | undefined): Json {
  if (path.length === 0) return replacement ?? null;
  const copy = structuredClone(document) as Record<string | number, Json>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, Json>;
  const last = path[path.length - 1] as string | number;
  if (replacement === undefined) delete parent[last];
  else parent[last] = replacement;
  return copy;
}

const nastyValue: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue() as fc.Arbitrary<Json>,
  fc.constantFrom<Json>('', '0', 'constructor', '__proto__', 'toString', 'x'.repeat(20_000), -1, 1e308, 2 ** 53, true, [], {}),
  fc.string({ unit: 'binary' }),
);

describe.each(adapters)('$name webhook under fuzzing', ({ parse, sign, samples }) => {
  it('accepts every unmutated sample the mutations start from', () => {
    for (const sample of samples) {
      const raw = Buffer.from(JSON.stringify(sample));
      const result = parse(raw, sign(raw), testConfig, NOW);
      expect(result.ok && result.events.length > 0, JSON.stringify(result)).toBe(true);
      expectAcceptedOrBadRequest(result);
    }
  });

  it('answers 400 when a field holds an object with a length (zod length checks threw on it: the fuzzer found {"eventId": {"length": {}}})', () => {
    const sample = samples[0] as Record<string, unknown>;
    for (const key of Object.keys(sample)) {
      const raw = Buffer.from(JSON.stringify({ ...sample, [key]: { length: {} } }));
      const result = parse(raw, sign(raw), testConfig, NOW);
      expectAcceptedOrBadRequest(result);
    }
  });

  it('never throws on random JSON, signed correctly: accepted with well-formed events, or 400', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const raw = Buffer.from(JSON.stringify(value) ?? 'null');
        expectAcceptedOrBadRequest(parse(raw, sign(raw), testConfig, NOW));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on mutated valid payloads: deleted keys, replaced values, wrong types', () => {
    const mutation = fc.record({
      sample: fc.nat({ max: samples.length - 1 }),
      edits: fc.array(fc.record({ at: fc.nat(), remove: fc.boolean(), value: nastyValue }), { minLength: 1, maxLength: 3 }),
    });
    fc.assert(
      fc.property(mutation, ({ sample, edits }) => {
        let document = JSON.parse(JSON.stringify(samples[sample])) as Json;
        for (const { at, remove, value } of edits) {
          const paths = pathsOf(document);
          document = mutate(document, paths[at % paths.length] ?? [], remove ? undefined : value);
        }
        const raw = Buffer.from(JSON.stringify(document));
        expectAcceptedOrBadRequest(parse(raw, sign(raw), testConfig, NOW));
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on random bytes, signed correctly', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
        const raw = Buffer.from(bytes);
        expectAcceptedOrBadRequest(parse(raw, sign(raw), testConfig, NOW));
      }),
    );
  });

  it('refuses every body whose signature headers are random, with a 4xx and never by throwing', () => {
    const headerValue = fc.oneof(fc.string(), fc.array(fc.string(), { maxLength: 3 }));
    fc.assert(
      fc.property(fc.jsonValue(), fc.dictionary(fc.constantFrom(...Object.keys(sign(Buffer.alloc(0)))), headerValue), (value, headers) => {
        const result = parse(Buffer.from(JSON.stringify(value) ?? 'null'), headers, testConfig, NOW);
        expect(result.ok).toBe(false);
        if (!result.ok) expect([401, 404]).toContain(result.status);
      }),
    );
  });
});
