import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { TicketEvent } from '../../../server/domain/ticket-events';
import { parseGenericWebhook } from '../../../server/ingest/webhooks/generic-webhook';
import { parseJiraWebhook } from '../../../server/ingest/webhooks/jira-webhook';
import { webhookConfigSchema } from '../../../server/ingest/webhooks/webhook-config';
import { loadConfig } from '../../../server/config/env-config';
import type { WebhookParseResult } from '../../../server/ingest/webhooks/webhook-result';
import { parseZendeskWebhook } from '../../../server/ingest/webhooks/zendesk-webhook';
import { parseZammadWebhook } from '../../../server/ingest/webhooks/zammad-webhook';
import { parseFreshdeskWebhook } from '../../../server/ingest/webhooks/freshdesk-webhook';
import { parseHelpScoutWebhook } from '../../../server/ingest/webhooks/helpscout-webhook';
import { agentRef } from '../../../server/simulator/tickets/desk-people';
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
  zammad: 'zammad-simulated-secret-0004',
  freshdesk: 'freshdesk-simulated-secret-0005',
  helpscout: 'helpscout-simulated-secret-0006',
};
const DESKS = ['generic', 'zendesk', 'jira', 'zammad', 'freshdesk', 'helpscout'] as const;
const config = webhookConfigSchema.parse(simulatedDeskWebhookConfig(SECRETS));

const PARSERS: Record<string, typeof parseGenericWebhook> = {
  '/api/webhooks/tickets': parseGenericWebhook,
  '/api/webhooks/zendesk': parseZendeskWebhook,
  '/api/webhooks/jira': parseJiraWebhook,
  '/api/webhooks/zammad': parseZammadWebhook,
  '/api/webhooks/freshdesk': parseFreshdeskWebhook,
  '/api/webhooks/helpscout': parseHelpScoutWebhook,
};

/** The adapter of the delivery's endpoint, as the board runs it on the raw bytes and headers. */
function receive(delivery: WebhookDelivery): WebhookParseResult {
  const parse = PARSERS[delivery.path];
  if (!parse) throw new Error(`no adapter for ${delivery.path}`);
  return parse(Buffer.from(delivery.body), delivery.headers, config, delivery.at);
}

/** Desks whose deliveries say what a status is, not what it was: they carry no solved / reopened markers of their own. */
const WITHOUT_PREVIOUS_STATUS: ReadonlySet<string> = new Set(['zammad', 'freshdesk', 'helpscout']);

/**
 * The events of a delivery that change something. Zammad and Freshdesk's
 * update report the whole ticket: the created event (ignored once the ticket
 * exists) and the fields it already had change nothing, so only the rest is
 * compared with the truth; the markers, which a status-only delivery cannot
 * derive, are compared for the desks that know the previous status.
 */
function effective(events: readonly TicketEvent[], change: TicketChange): TicketEvent[] {
  const { before } = change;
  const kept = events.filter((event) => {
    switch (event.kind) {
      case 'ticket.created':
        return change.kind === 'created';
      case 'ticket.statusChanged':
        return change.kind !== 'created' && event.status !== before.status;
      case 'ticket.priorityChanged':
        return change.kind !== 'created' && event.priority !== before.priority;
      case 'ticket.assigned':
        return change.kind !== 'created' && event.assignee !== agentRef(change.ticket.desk, before.agent);
      case 'ticket.escalated':
        return change.kind !== 'created' && event.line !== before.line;
      default:
        return true;
    }
  });
  return WITHOUT_PREVIOUS_STATUS.has(change.ticket.desk) ? kept.filter((e) => e.kind !== 'ticket.solved' && e.kind !== 'ticket.reopened') : kept;
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
      const received = withoutId(effective(eventsOf(receive(encodeDelivery(change, SECRETS, change.at))), change));
      const observed = observedEvent(change);
      const truth = withoutId(effective([...(observed ? [observed] : []), ...truthEvents(change)], change));
      // expect() only on a mismatch: thousands of passing toEqual calls would dominate the test's time.
      if (!isDeepStrictEqual(received, truth)) {
        const label = `${change.ticket.desk} ${change.kind} ${change.before.status}->${change.after.status} of ${change.ticket.id}`;
        expect(received, label).toEqual(truth);
      }
      seen.add(`${change.ticket.desk}:${change.kind}`);
    }
    for (const desk of DESKS) {
      for (const kind of ['created', 'statusChanged', 'priorityChanged', 'assigned', 'escalated', 'agentReplied', 'customerReplied']) {
        // Help Scout has no priorities.
        if (desk !== 'helpscout' || kind !== 'priorityChanged') expect(seen, `${desk} ${kind}`).toContain(`${desk}:${kind}`);
      }
    }
    expect(seen).not.toContain('helpscout:priorityChanged');
    expect(seen).toContain('generic:rated');
  });

  it('carry event ids that a re-delivery repeats and no other delivery shares', () => {
    const owner = new Map<string, number>();
    for (const change of changes) {
      const delivery = encodeDelivery(change, SECRETS, change.at);
      const ids = effective(eventsOf(receive(delivery)), change).map((event) => `${event.source}:${event.eventId}`);
      const again = effective(eventsOf(receive(encodeDelivery(change, SECRETS, change.at))), change).map((event) => `${event.source}:${event.eventId}`);
      if (!isDeepStrictEqual(again, ids)) expect(again, `re-delivery of change ${change.id}`).toEqual(ids);
      for (const id of ids) {
        if (owner.has(id)) expect.fail(`${id} of change ${change.id} was already the id of change ${owner.get(id)}`);
        owner.set(id, change.id);
      }
    }
  });

  it('are signed with their desk secret: the same body signed with another secret is refused', () => {
    const wrong = Object.fromEntries(DESKS.map((desk, i) => [desk, `another-secret-000000000${i}`])) as unknown as DeskSecrets;
    for (const desk of DESKS) {
      const change = changes.find((c) => c.ticket.desk === desk)!;
      const result = receive(encodeDelivery(change, wrong, change.at));
      expect(result.ok ? 200 : result.status, desk).toBe(401);
    }
  });

  it('put about 45% of tickets in the generic desk, 20% in Zendesk, 12% in Jira and 7-8% in each of the others', () => {
    const created = changes.filter((change) => change.kind === 'created');
    const share = (desk: string) => created.filter((change) => change.ticket.desk === desk).length / created.length;
    expect(created.length).toBeGreaterThan(500);
    expect(share('generic')).toBeCloseTo(0.45, 1);
    expect(share('zendesk')).toBeCloseTo(0.2, 1);
    expect(share('jira')).toBeCloseTo(0.12, 1);
    for (const desk of ['zammad', 'freshdesk', 'helpscout']) expect(share(desk)).toBeCloseTo(0.075, 1);
  });

  it('a Zendesk delivery signed longer ago than the replay window is refused; one signed when sent is taken', () => {
    const change = changes.find((c) => c.ticket.desk === 'zendesk' && c.kind === 'agentReplied')!;
    const late = change.at + (config.zendesk!.replayWindowSec + 1) * 1000;
    const stale = encodeDelivery(change, SECRETS, change.at);
    expect(parseZendeskWebhook(Buffer.from(stale.body), stale.headers, config, late)).toMatchObject({
      ok: false,
      status: 401,
      errors: [{ path: 'x-zendesk-webhook-signature-timestamp' }],
    });
    const resent = encodeDelivery(change, SECRETS, late);
    expect(parseZendeskWebhook(Buffer.from(resent.body), resent.headers, config, late).ok).toBe(true);
  });
});

describe('the simulated desks configuration', () => {
  it('reads the same from the environment variables the demo documents as from the configuration object', () => {
    expect(loadConfig(simulatedDeskEnv(SECRETS)).ticketDesk.webhooks).toEqual(config);
  });
});
