import { describe, expect, it } from 'vitest';
import { parseFreshdeskWebhook } from '../../../server/ingest/webhooks/freshdesk-webhook';
import { DESK_NOW, deskConfig, fixture, FRESHDESK_SECRET, postFreshdesk } from './desk-fixtures';
import { eventsOf } from './webhook-fixtures';

describe('Freshdesk webhooks (the documented template in automation rules)', () => {
  it('builds a ticket from ticket_created, wrapped in freshdesk_webhook, created_on read in the account zone', () => {
    const [created, ...rest] = eventsOf(postFreshdesk(fixture('freshdesk', 'ticket-created')));
    expect(rest).toEqual([]);
    expect(created).toMatchObject({
      source: 'freshdesk',
      ticketId: '1204',
      kind: 'ticket.created',
      // 14:10:05 in Kolkata (+05:30)
      createdAt: Date.parse('2025-03-04T08:40:05Z'),
      // no placeholder says when: the time received
      occurredAt: DESK_NOW,
      status: 'open',
      priority: 'high',
      channel: 'portal',
      line: 'L1',
      assignee: null,
    });
  });

  it('takes ticket_updated as the ticket as it now stands: custom status, group, agent', () => {
    const events = eventsOf(postFreshdesk(fixture('freshdesk', 'ticket-updated')));
    expect(events).toContainEqual(expect.objectContaining({ kind: 'ticket.statusChanged', status: 'onHold' }));
    expect(events).toContainEqual(expect.objectContaining({ kind: 'ticket.escalated', line: 'L2' }));
    expect(events).toContainEqual(expect.objectContaining({ kind: 'ticket.assigned', assignee: '43000517' }));
    expect(events).toContainEqual(expect.objectContaining({ kind: 'ticket.priorityChanged', priority: 'medium' }));
  });

  it('understands the numbers some accounts fill in for status, priority and source', () => {
    const events = eventsOf(postFreshdesk(fixture('freshdesk', 'ticket-updated-numeric')));
    expect(events).toContainEqual(expect.objectContaining({ kind: 'ticket.statusChanged', status: 'solved' }));
    expect(events).toContainEqual(expect.objectContaining({ kind: 'ticket.solved' }));
    expect(events).toContainEqual(expect.objectContaining({ kind: 'ticket.priorityChanged', priority: 'low' }));
  });

  it('takes agent and customer replies, deletions and spam', () => {
    const kindOf = (name: string) => eventsOf(postFreshdesk(fixture('freshdesk', name))).map((e) => e.kind);
    expect(kindOf('agent-replied')).toEqual(['ticket.agentReplied']);
    expect(kindOf('customer-replied')).toEqual(['ticket.customerReplied']);
    expect(kindOf('ticket-deleted')).toEqual(['ticket.removed']);
    expect(kindOf('ticket-spam')).toEqual(['ticket.removed']);
  });

  it('gives a retry (the same bytes) the same event id, and uses occurred_at when the sender has one', () => {
    const body = fixture('freshdesk', 'agent-replied');
    const first = eventsOf(postFreshdesk(body, DESK_NOW));
    const retry = eventsOf(postFreshdesk(body, DESK_NOW + 60_000));
    expect(retry[0]!.eventId).toBe(first[0]!.eventId);
    const stamped = eventsOf(postFreshdesk({ ...body, occurred_at: '2025-03-04T09:15:00Z' }));
    expect(stamped[0]).toMatchObject({ occurredAt: Date.parse('2025-03-04T09:15:00Z') });
  });

  it('checks the shared token in X-Wallboard-Token: missing or wrong is 401', () => {
    const body = Buffer.from(JSON.stringify(fixture('freshdesk', 'agent-replied')));
    expect(parseFreshdeskWebhook(body, { 'x-wallboard-token': FRESHDESK_SECRET }, deskConfig, DESK_NOW).ok).toBe(true);
    expect(parseFreshdeskWebhook(body, { 'x-wallboard-token': `${FRESHDESK_SECRET}x` }, deskConfig, DESK_NOW)).toMatchObject({ status: 401 });
    expect(parseFreshdeskWebhook(body, {}, deskConfig, DESK_NOW)).toMatchObject({ status: 401, errors: [{ path: 'x-wallboard-token' }] });
  });

  it('refuses an unknown event, an unknown status and a creation time in the future, each naming its field', () => {
    expect(postFreshdesk({ ...fixture('freshdesk', 'ticket-updated'), event: 'ticket_exploded' })).toMatchObject({ status: 400, errors: [{ path: 'event' }] });
    expect(postFreshdesk({ ...fixture('freshdesk', 'ticket-updated'), status: 'Parked' })).toMatchObject({
      status: 400,
      errors: [{ path: 'status', message: expect.stringContaining('freshdesk.statusNames') }],
    });
    expect(postFreshdesk({ ...fixture('freshdesk', 'ticket-updated'), created_on: '2999-03-04 14:10:05' })).toMatchObject({
      status: 400,
      errors: [{ path: 'created_on', message: expect.stringContaining('future') }],
    });
  });
});
