import { describe, expect, it } from 'vitest';
import { ZENDESK_CHANNEL_NAMES } from '../../../server/ingest/webhooks/name-maps';
import { webhookConfigSchema } from '../../../server/ingest/webhooks/webhook-config';
import { changesOf, eventsOf, postZendesk, testConfig, zendeskEvent, zendeskMessageAdded } from './webhook-fixtures';

const EVENT_ID = 'd4f5c389-8f4a-4c2e-a1b9-8e4f39c71d52';
const header = {
  source: 'zendesk',
  eventId: EVENT_ID,
  ticketId: '5158',
  occurredAt: Date.parse('2025-01-08T14:25:30.123Z'),
  sequence: null,
} as const;

describe('Zendesk webhook: mapping each event type to normalized ticket events', () => {
  it('maps ticket.created from the ticket in `detail`', () => {
    expect(changesOf(postZendesk(zendeskEvent('ticket.created', { meta: {} }, { updated_at: '2025-01-08T10:12:07Z' })))).toEqual([
      {
        ...header,
        kind: 'ticket.created',
        createdAt: Date.parse('2025-01-08T10:12:07Z'),
        subject: 'Cannot login to mobile app',
        status: 'open',
        priority: 'high',
        channel: 'portal',
        line: 'L2',
        assignee: '8447388090494',
        requester: '8447388090490',
      },
    ]);
  });

  it('maps Zendesk priorities: low, normal -> medium, high, urgent -> high; none -> the configured default', () => {
    const priorityOf = (priority: string | null) =>
      changesOf(postZendesk(zendeskEvent('ticket.created', {}, { priority })))[0];
    expect(priorityOf('LOW')).toMatchObject({ priority: 'low' });
    expect(priorityOf('normal')).toMatchObject({ priority: 'medium' });
    expect(priorityOf('HIGH')).toMatchObject({ priority: 'high' });
    expect(priorityOf('URGENT')).toMatchObject({ priority: 'high' });
    expect(priorityOf(null)).toMatchObject({ priority: 'medium' });
  });

  it('maps via.channel onto our channels, the documented example\'s `mail` included', () => {
    const channelOf = (channel: string) => postZendesk(zendeskEvent('ticket.created', {}, { via: { channel } }));
    const expected = {
      mail: 'email',
      email: 'email',
      web: 'portal',
      api: 'portal',
      chat: 'chat',
      voice: 'phone',
      native_messaging: 'messenger',
      whatsapp: 'messenger',
      telegram: 'messenger',
      any_channel: 'messenger',
    } as const;
    for (const [name, channel] of Object.entries(expected)) {
      expect(channelOf(name.toUpperCase())).toMatchObject({ ok: true, events: [{ channel }] });
    }
    for (const [name, channel] of Object.entries(ZENDESK_CHANNEL_NAMES)) {
      const result = channelOf(name);
      expect(result).toMatchObject({ ok: true, events: [{ channel }] });
      expect(result).not.toHaveProperty('unknownChannel');
    }
  });

  it('puts an unknown channel on the configured default and reports its name', () => {
    const result = postZendesk(zendeskEvent('ticket.created', {}, { via: { channel: 'carrier_pigeon' } }));
    expect(result).toMatchObject({ ok: true, events: [{ channel: 'portal' }], unknownChannel: 'carrier_pigeon' });
  });

  it('removes a ticket that is deleted, deleted for good, merged into another or marked as spam', () => {
    for (const type of ['ticket.soft_deleted', 'ticket.permanently_deleted', 'ticket.merged', 'ticket.marked_as_spam']) {
      expect(changesOf(postZendesk(zendeskEvent(type, { meta: { sequence: { id: 'x', position: 1 } } })))).toEqual([
        { ...header, kind: 'ticket.removed' },
      ]);
    }
    const statusDeleted = zendeskEvent('ticket.status_changed', { current: 'DELETED', previous: 'OPEN' });
    expect(changesOf(postZendesk(statusDeleted))).toEqual([{ ...header, kind: 'ticket.removed' }]);
  });

  it('counts a messaging reply by an agent as agentReplied, by the end user as customerReplied, and no bot message', () => {
    expect(changesOf(postZendesk(zendeskMessageAdded('agent')))).toEqual([{ ...header, kind: 'ticket.agentReplied' }]);
    expect(changesOf(postZendesk(zendeskMessageAdded('end_user')))).toEqual([{ ...header, kind: 'ticket.customerReplied' }]);
    expect(changesOf(postZendesk(zendeskMessageAdded('system')))).toEqual([]);
    expect(changesOf(postZendesk(zendeskMessageAdded('trigger')))).toEqual([]);
  });

  it('puts a ticket in no group or an unmapped group on the default line', () => {
    const lineOf = (group_id: string | null) => changesOf(postZendesk(zendeskEvent('ticket.created', {}, { group_id })))[0];
    expect(lineOf('300')).toMatchObject({ line: 'L3' });
    expect(lineOf(null)).toMatchObject({ line: 'L1' });
    expect(lineOf('0')).toMatchObject({ line: 'L1' });
    expect(lineOf('999')).toMatchObject({ line: 'L1' });
  });

  it('maps every Zendesk status, hold -> onHold', () => {
    const cases = { NEW: 'new', OPEN: 'open', PENDING: 'pending', HOLD: 'onHold', SOLVED: 'solved', CLOSED: 'closed' };
    for (const [zendesk, ours] of Object.entries(cases)) {
      const [changed] = changesOf(postZendesk(zendeskEvent('ticket.status_changed', { current: zendesk, previous: 'NEW' })));
      expect(changed).toEqual({ ...header, kind: 'ticket.statusChanged', status: ours });
    }
  });

  it('adds solved on open -> solved and reopened on solved -> open, with ids derived from the event id', () => {
    expect(changesOf(postZendesk(zendeskEvent('ticket.status_changed', { current: 'SOLVED', previous: 'OPEN' })))).toEqual([
      { ...header, kind: 'ticket.statusChanged', status: 'solved' },
      { ...header, eventId: `${EVENT_ID}:solved`, kind: 'ticket.solved' },
    ]);
    expect(changesOf(postZendesk(zendeskEvent('ticket.status_changed', { current: 'OPEN', previous: 'SOLVED' })))).toEqual([
      { ...header, kind: 'ticket.statusChanged', status: 'open' },
      { ...header, eventId: `${EVENT_ID}:reopened`, kind: 'ticket.reopened' },
    ]);
    const archived = changesOf(postZendesk(zendeskEvent('ticket.status_changed', { current: 'CLOSED', previous: 'SOLVED' })));
    expect(archived.map((e) => e.kind)).toEqual(['ticket.statusChanged']);
  });

  it('maps priority_changed, and a removed priority to the default', () => {
    expect(changesOf(postZendesk(zendeskEvent('ticket.priority_changed', { current: 'URGENT', previous: 'LOW' })))).toEqual([
      { ...header, kind: 'ticket.priorityChanged', priority: 'high' },
    ]);
    expect(changesOf(postZendesk(zendeskEvent('ticket.priority_changed', { current: null, previous: 'LOW' })))).toEqual([
      { ...header, kind: 'ticket.priorityChanged', priority: 'medium' },
    ]);
  });

  it('maps agent_assignment_changed, with numeric ids and unassignment', () => {
    expect(changesOf(postZendesk(zendeskEvent('ticket.agent_assignment_changed', { current: 8447388090496, previous: 8447388090494 })))).toEqual([
      { ...header, kind: 'ticket.assigned', assignee: '8447388090496' },
    ]);
    expect(changesOf(postZendesk(zendeskEvent('ticket.agent_assignment_changed', { current: null, previous: '8447388090494' })))).toEqual([
      { ...header, kind: 'ticket.assigned', assignee: null },
    ]);
  });

  it('maps a group change to another line as an escalation, and ignores one within a line', () => {
    const groupChange = (previous: string | null, current: string | null) =>
      changesOf(postZendesk(zendeskEvent('ticket.group_assignment_changed', { current, previous })));
    expect(groupChange('100', '200')).toEqual([{ ...header, kind: 'ticket.escalated', line: 'L2' }]);
    expect(groupChange('200', '300')).toEqual([{ ...header, kind: 'ticket.escalated', line: 'L3' }]);
    expect(groupChange('300', '100')).toEqual([{ ...header, kind: 'ticket.escalated', line: 'L1' }]);
    expect(groupChange('200', '201')).toEqual([]);
    expect(groupChange(null, '100')).toEqual([]);
    expect(groupChange(null, '200')).toEqual([{ ...header, kind: 'ticket.escalated', line: 'L2' }]);
    expect(groupChange('200', null)).toEqual([]);
  });

  it('maps a public comment by staff to agentReplied and by the requester to customerReplied', () => {
    const comment = (is_public: boolean, is_staff: boolean) =>
      changesOf(
        postZendesk(
          zendeskEvent('ticket.comment_added', {
            comment: { id: '9876543210', body: 'On it.', is_public, author: { id: '8447388090495', is_staff, name: 'Someone' } },
          }),
        ),
      );
    expect(comment(true, true)).toEqual([{ ...header, kind: 'ticket.agentReplied', author: '8447388090495' }]);
    expect(comment(true, false)).toEqual([{ ...header, kind: 'ticket.customerReplied' }]);
    expect(comment(false, true)).toEqual([]);
  });

  it('does not count the comment that opens the ticket as a reply', () => {
    const opening = zendeskEvent(
      'ticket.comment_added',
      { comment: { id: '1', body: 'Caller says VPN is down', is_public: true, author: { id: '7', is_staff: true } } },
      { created_at: '2025-01-08T14:25:30Z', updated_at: '2025-01-08T14:25:30Z' },
    );
    expect(changesOf(postZendesk(opening))).toEqual([]);
  });

  it('accepts event types the board does not use, with no events', () => {
    expect(changesOf(postZendesk(zendeskEvent('ticket.tags_changed', { current: ['a'], previous: [] })))).toEqual([]);
    expect(changesOf(postZendesk({ ...zendeskEvent('user.active_changed', { current: false }), detail: { id: '1' } }))).toEqual([]);
  });

  it('keeps Zendesk event id as the event id, so a re-delivery repeats it', () => {
    const body = zendeskEvent('ticket.priority_changed', { current: 'LOW', previous: 'HIGH' });
    expect(changesOf(postZendesk(body))[0]?.eventId).toBe(EVENT_ID);
    expect(changesOf(postZendesk(body))[0]?.eventId).toBe(EVENT_ID);
  });

  it('uses configured status and priority names over the defaults', () => {
    const config = webhookConfigSchema.parse({
      zendesk: { secrets: testConfig.zendesk?.secrets, statusNames: { Pending: 'onHold' }, priorityNames: { URGENT: 'medium' } },
    });
    expect(changesOf(postZendesk(zendeskEvent('ticket.status_changed', { current: 'PENDING', previous: 'OPEN' }), config))[0]).toMatchObject({
      status: 'onHold',
    });
    expect(changesOf(postZendesk(zendeskEvent('ticket.priority_changed', { current: 'urgent', previous: null }), config))[0]).toMatchObject({
      priority: 'medium',
    });
  });
});

describe('Zendesk webhook: the whole ticket every update carries', () => {
  const statusChange = (detail: Record<string, unknown> = {}) =>
    eventsOf(postZendesk(zendeskEvent('ticket.status_changed', { current: 'PENDING', previous: 'OPEN' }, { status: 'PENDING', ...detail })));

  it('comes first as the ticket observed, with its own created time and requester, then the change', () => {
    const [observed, ...changes] = statusChange();
    expect(observed).toEqual({
      ...header,
      eventId: `${EVENT_ID}:observed`,
      kind: 'ticket.observed',
      createdAt: Date.parse('2025-01-08T10:12:07Z'),
      subject: 'Cannot login to mobile app',
      status: 'pending',
      priority: 'high',
      channel: 'portal',
      line: 'L2',
      assignee: '8447388090494',
      requester: '8447388090490',
    });
    expect(changes).toEqual([{ ...header, kind: 'ticket.statusChanged', status: 'pending' }]);
  });

  it('adds no observation without the created time, for a deleted ticket, or for a status no map knows: the change is still taken', () => {
    for (const detail of [{ created_at: null }, { status: 'DELETED' }, { status: 'AWAITING_VENDOR' }]) {
      expect(statusChange(detail).map((event) => event.kind), JSON.stringify(detail)).toEqual(['ticket.statusChanged']);
    }
  });

  it('observes no ticket from removals and messaging events, whose detail is not the ticket', () => {
    expect(eventsOf(postZendesk(zendeskEvent('ticket.merged', {}))).map((event) => event.kind)).toEqual(['ticket.removed']);
    expect(eventsOf(postZendesk(zendeskMessageAdded('agent'))).map((event) => event.kind)).toEqual(['ticket.agentReplied']);
  });
});

describe('Zendesk webhook: malformed bodies are 400 with paths', () => {
  const problemsOf = (body: unknown) => {
    const result = postZendesk(body);
    if (result.ok) throw new Error('expected a rejection');
    expect(result.status).toBe(400);
    return result.errors;
  };

  it('names missing envelope and ticket fields', () => {
    const { id: _id, time: _time, ...rest } = zendeskEvent('ticket.created', {});
    expect(problemsOf({ ...rest, detail: { subject: 'no id' } }).map((p) => p.path).sort()).toEqual(['detail.id', 'id', 'time']);
    expect(problemsOf({ detail: {} })).toEqual([{ path: 'type', message: expect.any(String) }]);
  });

  it('names wrong types inside the change', () => {
    expect(problemsOf(zendeskEvent('ticket.status_changed', { current: 3 }))[0]?.path).toBe('event.current');
    expect(problemsOf(zendeskEvent('ticket.comment_added', { comment: { is_public: 'yes', author: {} } })).map((p) => p.path).sort()).toEqual([
      'event.comment.author.is_staff',
      'event.comment.is_public',
    ]);
    expect(problemsOf(zendeskEvent('ticket.agent_assignment_changed', { current: 'agent-7', previous: null }))[0]?.path).toBe(
      'event.current',
    );
  });

  it('refuses a trigger webhook (no `type`), saying only event webhooks are supported', () => {
    // what an admin typically writes as a trigger's JSON body, with placeholders filled in
    const trigger = { ticket_id: '5158', status: 'Open', priority: 'High', channel: 'mail', latest_comment: 'Hello' };
    expect(problemsOf(trigger)).toEqual([{ path: 'type', message: expect.stringContaining('use an event webhook') }]);
  });

  it('refuses a type that is not a Zendesk event type', () => {
    expect(problemsOf({ ...zendeskEvent('ticket.created', {}), type: 'ticket.created' })[0]?.path).toBe('type');
    expect(problemsOf({ ...zendeskEvent('ticket.created', {}), type: 'zen:event-type:'.padEnd(300, 'x') })[0]?.path).toBe('type');
  });

  it('refuses a status no map knows, saying what to configure', () => {
    expect(problemsOf(zendeskEvent('ticket.status_changed', { current: 'LIMBO', previous: 'OPEN' }))).toEqual([
      { path: 'event.current', message: expect.stringContaining('zendesk.statusNames') },
    ]);
    expect(problemsOf(zendeskEvent('ticket.created', {}, { priority: 'apocalyptic' }))[0]?.path).toBe('detail.priority');
  });

  it('refuses huge ids and names, and cuts a huge subject instead of refusing it', () => {
    expect(problemsOf({ ...zendeskEvent('ticket.created', {}), id: 'x'.repeat(129) })[0]?.path).toBe('id');
    expect(problemsOf(zendeskEvent('ticket.created', {}, { id: '9'.repeat(21) }))[0]?.path).toBe('detail.id');
    expect(problemsOf(zendeskEvent('ticket.created', {}, { status: 'O'.repeat(101) }))[0]?.path).toBe('detail.status');
    const [created] = changesOf(postZendesk(zendeskEvent('ticket.created', {}, { subject: 'S'.repeat(5000) })));
    expect(created).toMatchObject({ subject: 'S'.repeat(1000) });
  });
});
