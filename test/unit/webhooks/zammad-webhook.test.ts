import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseZammadWebhook } from '../../../server/ingest/webhooks/zammad-webhook';
import { DESK_NOW, deskConfig, fixture, postZammad, ZAMMAD_SECRET } from './desk-fixtures';
import { eventsOf } from './webhook-fixtures';

const kinds = (body: unknown) => eventsOf(postZammad(body)).map((event) => event.kind);

describe('Zammad webhooks (a trigger with the default payload)', () => {
  it('builds the ticket from a new ticket, its opening article no reply even though the customer wrote it', () => {
    const events = eventsOf(postZammad(fixture('zammad', 'ticket-created')));
    expect(events[0]).toEqual({
      source: 'zammad',
      eventId: 'created:81',
      ticketId: '81',
      occurredAt: Date.parse('2025-03-04T09:12:00.333Z'),
      sequence: null,
      kind: 'ticket.created',
      createdAt: Date.parse('2025-03-04T09:12:00.282Z'),
      subject: 'Printer in room 4 prints blank pages',
      status: 'new',
      priority: 'high',
      channel: 'phone',
      line: 'L1',
      assignee: null,
    });
    expect(events.map((e) => e.kind)).not.toContain('ticket.customerReplied');
  });

  it('takes an agent\'s public article as a reply, with the ticket as it now stands', () => {
    const events = eventsOf(postZammad(fixture('zammad', 'agent-reply')));
    expect(events.map((e) => e.kind)).toEqual([
      'ticket.created',
      'ticket.agentReplied',
      'ticket.statusChanged',
      'ticket.priorityChanged',
      'ticket.assigned',
      'ticket.escalated',
    ]);
    expect(events[1]).toMatchObject({ eventId: 'article:107', occurredAt: Date.parse('2025-03-04T09:31:40.120Z') });
    expect(events).toContainEqual(expect.objectContaining({ kind: 'ticket.assigned', assignee: 'emma@desk.example' }));
    expect(events).toContainEqual(expect.objectContaining({ kind: 'ticket.statusChanged', status: 'open' }));
  });

  it('takes a customer\'s article as a customer reply, and an internal note as nothing', () => {
    expect(kinds(fixture('zammad', 'customer-reply'))).toContain('ticket.customerReplied');
    const note = kinds(fixture('zammad', 'internal-note'));
    expect(note).not.toContain('ticket.agentReplied');
    expect(note).not.toContain('ticket.customerReplied');
  });

  it('falls back to the article count when article_ids is an empty list (a fuzz run found it threw)', () => {
    const body = fixture('zammad', 'agent-reply') as { ticket: Record<string, unknown> };
    const withCount = (count: number) => ({ ...body, ticket: { ...body.ticket, article_ids: [], article_count: count } });
    expect(kinds(withCount(2))).toContain('ticket.agentReplied');
    expect(kinds(withCount(1))).not.toContain('ticket.agentReplied');
  });

  it('maps pending close to pending, a group by id to its line, and a delivery without article to no reply', () => {
    const events = eventsOf(postZammad(fixture('zammad', 'state-pending-close')));
    expect(events).toContainEqual(expect.objectContaining({ kind: 'ticket.statusChanged', status: 'pending' }));
    expect(events).toContainEqual(expect.objectContaining({ kind: 'ticket.escalated', line: 'L2' }));
    expect(events).toContainEqual(expect.objectContaining({ kind: 'ticket.priorityChanged', priority: 'medium' }));
    expect(events.map((e) => e.kind)).not.toContain('ticket.agentReplied');
  });

  it('maps closed to solved (with its marker), pending reminder to on hold', () => {
    const ticket = fixture('zammad', 'state-pending-close').ticket as Record<string, unknown>;
    expect(eventsOf(postZammad({ ticket: { ...ticket, state: 'closed' } }))).toContainEqual(expect.objectContaining({ kind: 'ticket.solved' }));
    expect(eventsOf(postZammad({ ticket: { ...ticket, state: 'pending reminder' } }))).toContainEqual(
      expect.objectContaining({ kind: 'ticket.statusChanged', status: 'onHold' }),
    );
  });

  it('removes a merged ticket', () => {
    expect(kinds(fixture('zammad', 'state-merged'))).toEqual(['ticket.removed']);
  });

  it('refuses an unknown state with 400 naming it and what to configure', () => {
    const ticket = fixture('zammad', 'state-pending-close').ticket as Record<string, unknown>;
    expect(postZammad({ ticket: { ...ticket, state: 'waiting for vendor' } })).toMatchObject({
      ok: false,
      status: 400,
      errors: [{ path: 'ticket.state', message: expect.stringContaining('zammad.statusNames') }],
    });
  });

  it('checks X-Hub-Signature: sha1=<hex HMAC-SHA1> of the raw body', () => {
    const body = Buffer.from(JSON.stringify(fixture('zammad', 'ticket-created')));
    const signature = `sha1=${createHmac('sha1', ZAMMAD_SECRET).update(body).digest('hex')}`;
    expect(parseZammadWebhook(body, { 'x-hub-signature': signature }, deskConfig, DESK_NOW).ok).toBe(true);
    expect(parseZammadWebhook(body, { 'x-hub-signature': signature.replace('sha1=', 'sha256=') }, deskConfig, DESK_NOW)).toMatchObject({ status: 401 });
    expect(parseZammadWebhook(body, {}, deskConfig, DESK_NOW)).toMatchObject({ status: 401, errors: [{ path: 'x-hub-signature' }] });
  });

  it('refuses a ticket updated in the future or before Zammad existed, naming the field', () => {
    const ticket = fixture('zammad', 'state-pending-close').ticket as Record<string, unknown>;
    expect(postZammad({ ticket: { ...ticket, updated_at: '2999-01-01T00:00:00Z' } })).toMatchObject({
      status: 400,
      errors: [{ path: 'ticket.updated_at', message: expect.stringContaining('future') }],
    });
    expect(postZammad({ ticket: { ...ticket, updated_at: '2010-01-01T00:00:00Z' } })).toMatchObject({
      status: 400,
      errors: [{ path: 'ticket.updated_at' }],
    });
  });
});
