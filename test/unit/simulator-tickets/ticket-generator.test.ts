import { describe, expect, it, vi } from 'vitest';
import { loadSlaPolicies } from '../../../server/domain/sla/load-sla-policies';
import { TicketGenerator } from '../../../server/simulator/tickets/ticket-generator';
import { TicketLedger } from '../../../server/simulator/tickets/ticket-ledger';
import { TicketModel } from '../../../server/simulator/tickets/ticket-model';
import { parseTicketModelConfig } from '../../../server/simulator/tickets/ticket-model-config';
import type { WebhookDelivery } from '../../../server/simulator/tickets/webhook-delivery';

const START = Date.parse('2026-11-24T06:00:00Z');
const HOUR = 3_600_000;
const SECRETS = {
  generic: 'generic-secret-0123456789',
  zendesk: 'zendesk-secret-0123456789',
  jira: 'jira-secret-0123456789',
  zammad: 'zammad-secret-0123456789',
  freshdesk: 'freshdesk-secret-0123456789',
  helpscout: 'helpscout-secret-0123456789',
};
const config = parseTicketModelConfig({ seed: 4, peakTicketsPerHour: 120 });

function setUp(batchSize?: number) {
  let now = START;
  const batches: WebhookDelivery[][] = [];
  const ledger = new TicketLedger(loadSlaPolicies('config/sla-policies.json'), config.timeZone);
  const generator = new TicketGenerator({
    model: new TicketModel(config, START),
    poster: { send: async (batch) => void batches.push([...batch]) },
    secrets: SECRETS,
    clock: () => now,
    ledger,
    ...(batchSize ? { batchSize } : {}),
  });
  return { generator, batches, ledger, setNow: (at: number) => (now = at) };
}

describe('the ticket generator', () => {
  it('releases, books and posts every change due by the clock, and nothing after it', async () => {
    const { generator, batches, ledger, setNow } = setUp(50);
    setNow(START + 2 * HOUR);
    await generator.catchUp();
    const sent = batches.flat();
    expect(sent.length).toBeGreaterThan(100);
    expect(batches.every((batch) => batch.length <= 50)).toBe(true);
    expect(sent.every((d) => d.at <= START + 2 * HOUR)).toBe(true);
    // One delivery per booked change, in the ledger's (true) order.
    expect(sent.map((d) => d.at)).toEqual(ledger.events.filter((e) => e.kind !== 'ticket.solved' && e.kind !== 'ticket.reopened').map((e) => e.occurredAt));

    await generator.catchUp();
    expect(batches.flat()).toHaveLength(sent.length);

    setNow(START + 3 * HOUR);
    await generator.catchUp();
    const later = batches.flat().slice(sent.length);
    expect(later.length).toBeGreaterThan(0);
    expect(later.every((d) => d.at > START + 2 * HOUR && d.at <= START + 3 * HOUR)).toBe(true);
  });

  it('in paced mode follows the clock on its own until stopped', async () => {
    const { generator, batches, setNow } = setUp();
    generator.startPaced(10);
    setNow(START + HOUR);
    await vi.waitFor(() => expect(batches.flat().some((d) => d.at > START + 30 * 60_000)).toBe(true));
    await generator.stop();
    const count = batches.flat().length;
    setNow(START + 5 * HOUR);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(batches.flat()).toHaveLength(count);
  });
});
