import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseHelpScoutWebhook } from '../../../server/ingest/webhooks/helpscout-webhook';
import { DESK_NOW, deskConfig, fixture, HELPSCOUT_SECRET, postHelpScout } from './desk-fixtures';
import { eventsOf } from './webhook-fixtures';

const eventsFor = (event: string, name: string) => eventsOf(postHelpScout(event, fixture('helpscout', name)));

describe('Help Scout webhooks', () => {
  it('builds a new conversation as a new ticket on its mailbox line, with the configured default priority', () => {
    expect(eventsFor('convo.created', 'convo-created')).toEqual([
      expect.objectContaining({
        source: 'helpscout',
        ticketId: '1864215417',
        kind: 'ticket.created',
        createdAt: Date.parse('2025-03-04T08:15:21Z'),
        occurredAt: Date.parse('2025-03-04T08:15:21Z'),
        subject: 'Refund for order 7731',
        status: 'new',
        priority: 'medium',
        channel: 'email',
        line: 'L2',
        assignee: null,
      }),
    ]);
  });

  it('takes assignments, moves between mailboxes (escalations) and status changes at userUpdatedAt', () => {
    expect(eventsFor('convo.assigned', 'convo-assigned')).toEqual([
      expect.objectContaining({ kind: 'ticket.assigned', assignee: '710004', occurredAt: Date.parse('2025-03-04T08:20:00Z') }),
    ]);
    expect(eventsFor('convo.moved', 'convo-moved')).toEqual([expect.objectContaining({ kind: 'ticket.escalated', line: 'L3' })]);
    expect(eventsFor('convo.status', 'convo-status-closed').map((e) => e.kind)).toEqual(['ticket.statusChanged', 'ticket.solved']);
    expect(eventsFor('convo.status', 'convo-status-spam').map((e) => e.kind)).toEqual(['ticket.removed']);
  });

  it('takes the newest reply thread of the kind as the reply, at its own time', () => {
    expect(eventsFor('convo.agent.reply.created', 'convo-agent-reply')).toEqual([
      expect.objectContaining({ kind: 'ticket.agentReplied', occurredAt: Date.parse('2025-03-04T09:02:40Z') }),
    ]);
    expect(eventsFor('convo.customer.reply.created', 'convo-customer-reply')).toEqual([
      expect.objectContaining({ kind: 'ticket.customerReplied', occurredAt: Date.parse('2025-03-04T10:44:03Z') }),
    ]);
  });

  it('removes a deleted conversation ({id} only, at the time received) and a merged one', () => {
    expect(eventsFor('convo.deleted', 'convo-deleted')).toEqual([expect.objectContaining({ kind: 'ticket.removed', ticketId: '1864215417', occurredAt: DESK_NOW })]);
    expect(eventsFor('convo.merged', 'convo-merged').map((e) => e.kind)).toEqual(['ticket.removed']);
  });

  it('accepts events the board does not use with no events', () => {
    expect(eventsFor('convo.note.created', 'convo-note-created')).toEqual([]);
    expect(eventsFor('convo.tags', 'convo-note-created')).toEqual([]);
    expect(eventsOf(postHelpScout('satisfaction.ratings', { id: 1, rating: 'great' }))).toEqual([]);
  });

  it('checks X-HelpScout-Signature: base64 HMAC-SHA1 of the raw body, and needs X-HelpScout-Event', () => {
    const body = Buffer.from(JSON.stringify(fixture('helpscout', 'convo-created')));
    const signature = createHmac('sha1', HELPSCOUT_SECRET).update(body).digest('base64');
    const headers = { 'x-helpscout-signature': signature, 'x-helpscout-event': 'convo.created' };
    expect(parseHelpScoutWebhook(body, headers, deskConfig, DESK_NOW).ok).toBe(true);
    expect(parseHelpScoutWebhook(Buffer.concat([body, Buffer.from(' ')]), headers, deskConfig, DESK_NOW)).toMatchObject({ status: 401 });
    expect(parseHelpScoutWebhook(body, { 'x-helpscout-signature': signature }, deskConfig, DESK_NOW)).toMatchObject({
      status: 400,
      errors: [{ path: 'x-helpscout-event' }],
    });
  });

  it('refuses a reply dated in the future, naming the thread time', () => {
    const body = fixture('helpscout', 'convo-agent-reply');
    const threads = (body._embedded as { threads: Record<string, unknown>[] }).threads;
    const future = { ...body, _embedded: { threads: [{ ...threads[0], createdAt: '2999-01-01T00:00:00Z' }, ...threads.slice(1)] } };
    expect(postHelpScout('convo.agent.reply.created', future)).toMatchObject({ status: 400, errors: [{ path: '_embedded.threads.0.createdAt' }] });
  });
});
