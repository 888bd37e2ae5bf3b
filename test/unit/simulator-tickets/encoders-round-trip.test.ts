import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { TicketEvent } from '../../../server/domain/ticket-events';
import { parseGenericWebhook } from '../../../server/ingest/webhooks/generic-webhook';
import { parseJiraWebhook } from '../../../server/ingest/webhooks/jira-webhook';
import { webhookConfigSchema } from '../../../server/ingest/webhooks/webhook-config';
import { loadConfig } from '../../../server/config/env-config';
import type { WebhookParseResult } from '../../../server/ingest/webhooks/webhook-result';
import { parseZendeskWebhook } from '../../../server/ingest/webhooks/zendesk-webhook';
import { simulatedDeskEnv, simulatedDeskWebhookConfig, type DeskSecrets } from '../../../server/simulator/tickets/simulated-desk';
import type { TicketChange } from '../../../server/simulator/tickets/ticket-change';
import { TicketModel } from '../../../server/simulator/tickets/ticket-model';
import { parseTicketModelConfig } from '../../../server/simulator/tickets/ticket-model-config';
import { observedEvent, truthEvents } from '../../../server/simulator/tickets/truth-events';
import { encodeDelivery, type WebhookDelivery } from '../../../server/simulator/tickets/webhook-delivery';

const SECRETS: DeskSecrets = {
  generic: 'generic-simulated-secret-0001',
  zendesk: 'zendesk-simulated-secret-0002',
  jira: 'jira-simulated-secret-0003',
};
const config = webhookConfigSchema.parse(simulatedDeskWebhookConfig(SECRETS));

const PARSERS: Record<string, typeof parseGenericWebhook> = {
  '/api/webhooks/tickets': parseGenericWebhook,
  '/api/webhooks/zendesk': parseZendeskWebhook,
  '/api/webhooks/jira': parseJiraWebhook,
};

/** The adapter of the delivery's endpoint, as the board runs it on the raw bytes and headers. */
function receive(delivery: WebhookDelivery): WebhookParseResult {
  const parse = PARSERS[delivery.path];
  if (!parse) throw new Error(`no adapter for ${delivery.path}`);
  return parse(Buffer.from(delivery.body), delivery.headers, config);
}

function eventsOf(result: WebhookParseResult): TicketEvent[] {
  if (!result.ok) throw new Error(`refused with ${result.status}: ${JSON.stringify(result.errors)}`);
  return result.events;
}

const withoutId = (events: readonly TicketEvent[]) => events.map(({ eventId: _id, ...rest }) => rest);

/** Tuesday 2026-11-24 00:00 in Moscow; a day of a small desk: every kind of change in every desk. */
const START = Date.parse('2026-11-23T21:00:00Z');
const changes: TicketChange[] = new TicketModel(parseTicketModelConfig({ seed: 21, peakTicketsPerHour: 60 }), START).advanceTo(
  START + 24 * 3_600_000,
);

describe('encoded deliveries through the adapters', () => {
  it('come back as exactly the truth events of their change, after the whole ticket where the delivery carries it, in every desk and for every kind of change', () => {
    const seen = new Set<string>();
    for (const change of changes) {
      const received = withoutId(eventsOf(receive(encodeDelivery(change, SECRETS))));
      const observed = observedEvent(change);
      const truth = withoutId([...(observed ? [observed] : []), ...truthEvents(change)]);
      // expect() only on a mismatch: thousands of passing toEqual calls would dominate the test's time.
      if (!isDeepStrictEqual(received, truth)) {
        const label = `${change.ticket.desk} ${change.kind} ${change.before.status}->${change.after.status} of ${change.ticket.id}`;
        expect(received, label).toEqual(truth);
      }
      seen.add(`${change.ticket.desk}:${change.kind}`);
    }
    for (const desk of ['generic', 'zendesk', 'jira']) {
      for (const kind of ['created', 'statusChanged', 'priorityChanged', 'assigned', 'escalated', 'agentReplied', 'customerReplied']) {
        expect(seen, `${desk} ${kind}`).toContain(`${desk}:${kind}`);
      }
    }
    expect(seen).toContain('generic:rated');
  });

  it('carry event ids that a re-delivery repeats and no other delivery shares', () => {
    const owner = new Map<string, number>();
    for (const change of changes) {
      const delivery = encodeDelivery(change, SECRETS);
      const ids = eventsOf(receive(delivery)).map((event) => `${event.source}:${event.eventId}`);
      const again = eventsOf(receive(encodeDelivery(change, SECRETS))).map((event) => `${event.source}:${event.eventId}`);
      if (!isDeepStrictEqual(again, ids)) expect(again, `re-delivery of change ${change.id}`).toEqual(ids);
      for (const id of ids) {
        if (owner.has(id)) expect.fail(`${id} of change ${change.id} was already the id of change ${owner.get(id)}`);
        owner.set(id, change.id);
      }
    }
  });

  it('are signed with their desk secret: the same body signed with another secret is refused', () => {
    const wrong = { ...SECRETS, generic: 'another-secret-0000000000', zendesk: 'another-secret-0000000001', jira: 'another-secret-0000000002' };
    for (const desk of ['generic', 'zendesk', 'jira'] as const) {
      const change = changes.find((c) => c.ticket.desk === desk)!;
      const result = receive(encodeDelivery(change, wrong));
      expect(result.ok ? 200 : result.status, desk).toBe(401);
    }
  });

  it('put about 60% of tickets in the generic desk, 25% in Zendesk and 15% in Jira', () => {
    const created = changes.filter((change) => change.kind === 'created');
    const share = (desk: string) => created.filter((change) => change.ticket.desk === desk).length / created.length;
    expect(created.length).toBeGreaterThan(500);
    expect(share('generic')).toBeCloseTo(0.6, 1);
    expect(share('zendesk')).toBeCloseTo(0.25, 1);
    expect(share('jira')).toBeCloseTo(0.15, 1);
  });
});

describe('the simulated desks configuration', () => {
  it('reads the same from the environment variables the demo documents as from the configuration object', () => {
    expect(loadConfig(simulatedDeskEnv(SECRETS)).ticketDesk.webhooks).toEqual(config);
  });
});
