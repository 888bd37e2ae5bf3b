import { afterEach, describe, expect, it } from 'vitest';
import type { TicketDeliveryOutcome } from '../../server/aggregate/ticket-aggregator';
import type { DeskApiConfig } from '../../server/config/env-config';
import type { TicketEvent } from '../../server/domain/ticket-events';
import { deskApiReaders } from '../../server/ingest/desk-api/desk-api-readers';
import { DeskReconciler } from '../../server/ingest/desk-api/desk-reconciler';
import { webhookConfigSchema } from '../../server/ingest/webhooks/webhook-config';
import { createLogger } from '../../server/observability/logger';
import { simulatedDeskWebhookConfig } from '../../server/simulator/tickets/simulated-desk';
import { TicketModel } from '../../server/simulator/tickets/ticket-model';
import { parseTicketModelConfig } from '../../server/simulator/tickets/ticket-model-config';
import { MemoryLiveStore } from '../../server/store/memory-live-store';
import { capturedLogger } from '../support/captured-log';
import { bookInDeskApi, FAKE_DESK_TOKEN, FAKE_DESK_USER, startFakeDeskApi, type FakeDeskApi } from '../support/fake-desk-api';

/**
 * The desks' REST readers and the reconcile against a fake API in the shapes
 * Zendesk and Jira document: pagination, cursors, 429 with Retry-After, 5xx,
 * a bad token; the lease that lets one node read at a time.
 */

const MINUTE = 60_000;
const START = Date.parse('2026-11-23T06:00:00Z');
const webhooks = webhookConfigSchema.parse(simulatedDeskWebhookConfig({
    generic: 'g'.repeat(16),
    zendesk: 'z'.repeat(16),
    jira: 'j'.repeat(16),
    zammad: 'm'.repeat(16),
    freshdesk: 'f'.repeat(16),
    helpscout: 'h'.repeat(16),
  }),
);

let api: FakeDeskApi | null = null;
afterEach(async () => {
  await api?.close();
  api = null;
});

function apisOf(url: string, token = FAKE_DESK_TOKEN): DeskApiConfig {
  const access = { baseUrl: url, user: FAKE_DESK_USER, token };
  return { zendesk: access, jira: { ...access, jql: 'project = SD' }, reconcileEveryMs: 15 * MINUTE, backfillDays: 14 };
}

/** A desk's tickets over a simulated morning, every change booked in the fake API. */
function bookMorning(into: FakeDeskApi, until: number): void {
  const model = new TicketModel(parseTicketModelConfig({ seed: 5, peakTicketsPerHour: 200 }), START);
  for (const change of model.advanceTo(until)) bookInDeskApi(into, change);
}

/** Records what the reconcile hands the aggregator; every event "accepted". */
function recordingSubmit() {
  const deliveries: TicketEvent[][] = [];
  const submit = async (events: readonly TicketEvent[]): Promise<TicketDeliveryOutcome> => {
    deliveries.push([...events]);
    return { accepted: events.length, duplicates: 0, stale: 0, ignored: 0 };
  };
  return { deliveries, submit, events: () => deliveries.flat() };
}

describe('the desks REST readers against the documented shapes', () => {
  it('backfill reads every page of both desks, stores the cursors, and the next read takes only what changed since', async () => {
    let now = START + 4 * 60 * MINUTE;
    api = await startFakeDeskApi({ clock: () => now });
    bookMorning(api, now);
    expect(api.zendesk.size).toBeGreaterThan(60);
    expect(api.jira.size).toBeGreaterThan(30);
    const store = new MemoryLiveStore({ now: () => now });
    const { logger, lines } = capturedLogger('info');
    const recorded = recordingSubmit();
    const reconciler = new DeskReconciler({
      store,
      site: 'desks',
      owner: 'node-a',
      readers: deskApiReaders(apisOf(api.url), webhooks, logger),
      submit: recorded.submit,
      everyMs: 15 * MINUTE,
      logger,
      clock: () => now,
    });

    const first = await reconciler.runOnce();
    expect(first?.map((report) => [report.desk, report.tickets, report.error])).toEqual([
      ['zendesk', api.zendesk.size, null],
      ['jira', api.jira.size, null],
    ]);
    expect(first![0]!.pages).toBeGreaterThanOrEqual(3);
    expect(first![1]!.pages).toBeGreaterThanOrEqual(2);
    const observed = recorded.events();
    expect(observed.every((event) => event.kind === 'ticket.observed')).toBe(true);
    expect(new Set(observed.map((event) => `${event.source}:${event.ticketId}`)).size).toBe(api.zendesk.size + api.jira.size);
    // each ticket as it stands, with its own creation time and requester, at its last update
    const sample = [...api.zendesk.entries()][0]!;
    expect(observed.find((event) => event.source === 'zendesk' && event.ticketId === sample[0])).toMatchObject({
      occurredAt: sample[1].updatedAt,
      createdAt: Date.parse(String(sample[1].body.created_at)),
      requester: String(sample[1].body.requester_id),
    });
    expect(await store.readDeskCursor('desks', 'zendesk')).not.toBeNull();
    expect(await store.readDeskCursor('desks', 'jira')).toBe(String(now));
    expect(lines.filter((line) => line.msg === 'desk API page read').length).toBe(first![0]!.pages + first![1]!.pages);

    // Half an hour later: only the tickets changed since come back.
    const before = recorded.events().length;
    const model = new TicketModel(parseTicketModelConfig({ seed: 5, peakTicketsPerHour: 200 }), START);
    const changed = model.advanceTo(now + 30 * MINUTE).filter((change) => change.at > now && change.ticket.desk !== 'generic');
    for (const change of changed) bookInDeskApi(api, change);
    now += 30 * MINUTE;
    await reconciler.runOnce();
    const again = recorded.events().slice(before);
    const changedTickets = new Set(changed.map((change) => `${change.ticket.desk}:${change.ticket.id}`));
    const zendeskAgain = again.filter((event) => event.source === 'zendesk').map((event) => `zendesk:${event.ticketId}`);
    expect(new Set(zendeskAgain)).toEqual(new Set([...changedTickets].filter((key) => key.startsWith('zendesk:'))));
    // Jira's window is relative and a minute wider: what changed is in it, the rest of the morning is not
    const jiraAgain = new Set(again.filter((event) => event.source === 'jira').map((event) => `jira:${event.ticketId}`));
    for (const key of changedTickets) if (key.startsWith('jira:')) expect(jiraAgain).toContain(key);
    expect(jiraAgain.size).toBeLessThan(api.jira.size);
    const jqls = api.requests.map((request) => new URLSearchParams(request.split('?')[1]).get('jql')).filter((jql) => jql !== null);
    expect(jqls[0]).toBe('(project = SD) AND (statusCategory != Done OR updated >= "-20160m") ORDER BY updated ASC');
    expect(jqls.at(-1)).toBe('(project = SD) AND updated >= "-31m" ORDER BY updated ASC');
  });

  it('waits as Retry-After says on 429, retries 5xx with backoff, and gives up on a bad token without retrying', async () => {
    const now = START + 2 * 60 * MINUTE;
    api = await startFakeDeskApi({ clock: () => now });
    bookMorning(api, now);
    const waits: number[] = [];
    const sleep = async (ms: number) => void waits.push(ms);
    const logger = createLogger('silent');
    const [zendesk] = deskApiReaders(apisOf(api.url), webhooks, logger, { sleep, backoff: { initialDelayMs: 100, maxDelayMs: 1000 } });
    api.fail({ status: 429, retryAfter: '7' }, { status: 503 }, { status: 502 });
    const pages = [];
    for await (const page of zendesk!.pages(null, now)) pages.push(page);
    expect(pages.reduce((sum, page) => sum + page.tickets, 0)).toBe(api.zendesk.size);
    expect(waits[0]).toBe(7000);
    expect(waits).toHaveLength(3);
    expect(waits.slice(1).every((ms) => ms >= 0 && ms < 1000)).toBe(true);

    const requestsBefore = api.requests.length;
    const [badToken] = deskApiReaders(apisOf(api.url, 'wrong-token'), webhooks, logger, { sleep });
    await expect(badToken!.pages(null, now).next()).rejects.toThrow(/401/);
    expect(api.requests.length - requestsBefore).toBe(1);
  });

  it('lets one node read per period: the other finds the lease held and reads nothing', async () => {
    const now = START + 60 * MINUTE;
    api = await startFakeDeskApi({ clock: () => now });
    bookMorning(api, now);
    const store = new MemoryLiveStore({ now: () => now });
    const logger = createLogger('silent');
    const node = (owner: string) => {
      const recorded = recordingSubmit();
      const reconciler = new DeskReconciler({
        store,
        site: 'desks',
        owner,
        readers: deskApiReaders(apisOf(api!.url), webhooks, logger),
        submit: recorded.submit,
        everyMs: 15 * MINUTE,
        logger,
        clock: () => now,
      });
      return { reconciler, recorded };
    };
    const [a, b] = [node('node-a'), node('node-b')];
    const [ra, rb] = await Promise.all([a.reconciler.runOnce(), b.reconciler.runOnce()]);
    expect([ra, rb].filter((reports) => reports === null)).toHaveLength(1);
    expect(a.recorded.events().length + b.recorded.events().length).toBe(api.zendesk.size + api.jira.size);
    // the holder gives the lease up when it stops; then the other may read
    const holder = ra === null ? b : a;
    const other = ra === null ? a : b;
    await holder.reconciler.stop();
    expect(await other.reconciler.runOnce()).not.toBeNull();
  });
});
