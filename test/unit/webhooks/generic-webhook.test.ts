import { describe, expect, it } from 'vitest';
import { parseGenericWebhook } from '../../../server/ingest/webhooks/generic-webhook';
import { signedGenericHeaders } from '../../../server/ingest/webhooks/sign';
import { webhookConfigSchema } from '../../../server/ingest/webhooks/webhook-config';
import { eventsOf, GENERIC_SECRET, GENERIC_SOURCE, genericCreated, postGeneric, testConfig, NOW } from './webhook-fixtures';

const at = (iso: string) => Date.parse(iso);
const header = { source: 'generic', ticketId: 'T-1', occurredAt: at('2025-01-08T10:00:00Z') } as const;
const event = (kind: string, fields: Record<string, unknown> = {}) => ({
  eventId: 'evt-2',
  ticketId: 'T-1',
  occurredAt: '2025-01-08T10:00:00Z',
  kind,
  ...fields,
});

describe('generic webhook: mapping each kind to normalized ticket events', () => {
  it('maps created with every field', () => {
    expect(eventsOf(postGeneric({ ...genericCreated, sequence: 7, assignee: 'agent-7' }))).toEqual([
      {
        ...header,
        eventId: 'evt-1',
        sequence: 7,
        kind: 'ticket.created',
        createdAt: at('2025-01-08T09:59:58Z'),
        subject: 'Printer on fire',
        status: 'open',
        priority: 'high',
        channel: 'email',
        line: 'L1',
        assignee: 'agent-7',
      },
    ]);
  });

  it('fills the documented defaults of created: createdAt = occurredAt, status new, line L1, no assignee, no subject', () => {
    const minimal = event('created', { priority: 'low', channel: 'chat' });
    expect(eventsOf(postGeneric(minimal))).toEqual([
      {
        ...header,
        eventId: 'evt-2',
        sequence: null,
        kind: 'ticket.created',
        createdAt: at('2025-01-08T10:00:00Z'),
        subject: '',
        status: 'new',
        priority: 'low',
        channel: 'chat',
        line: 'L1',
        assignee: null,
      },
    ]);
  });

  it('maps status_changed, translating on_hold', () => {
    expect(eventsOf(postGeneric(event('status_changed', { status: 'on_hold' })))).toEqual([
      { ...header, eventId: 'evt-2', sequence: null, kind: 'ticket.statusChanged', status: 'onHold' },
    ]);
  });

  it('adds solved to a status change into solved, and reopened to one out of it when the previous status is given', () => {
    expect(eventsOf(postGeneric(event('status_changed', { status: 'solved' }))).map((e) => [e.kind, e.eventId])).toEqual([
      ['ticket.statusChanged', 'evt-2'],
      ['ticket.solved', 'evt-2:solved'],
    ]);
    const reopened = eventsOf(postGeneric(event('status_changed', { status: 'open', previousStatus: 'solved' })));
    expect(reopened.map((e) => [e.kind, e.eventId])).toEqual([
      ['ticket.statusChanged', 'evt-2'],
      ['ticket.reopened', 'evt-2:reopened'],
    ]);
    // solved -> closed archives a solved ticket: not solved a second time
    const closed = eventsOf(postGeneric(event('status_changed', { status: 'closed', previousStatus: 'solved' })));
    expect(closed.map((e) => e.kind)).toEqual(['ticket.statusChanged']);
  });

  it('maps priority_changed, assigned (also to nobody), escalated, replies and ratings', () => {
    const cases: [Record<string, unknown>, Record<string, unknown>][] = [
      [event('priority_changed', { priority: 'medium' }), { kind: 'ticket.priorityChanged', priority: 'medium' }],
      [event('assigned', { assignee: 'agent-9' }), { kind: 'ticket.assigned', assignee: 'agent-9' }],
      [event('assigned', { assignee: null }), { kind: 'ticket.assigned', assignee: null }],
      [event('escalated', { line: 'L3' }), { kind: 'ticket.escalated', line: 'L3' }],
      [event('agent_replied'), { kind: 'ticket.agentReplied' }],
      [event('customer_replied'), { kind: 'ticket.customerReplied' }],
      [event('satisfaction_rated', { rating: 'bad' }), { kind: 'ticket.rated', rating: 'bad' }],
    ];
    for (const [body, expected] of cases) {
      expect(eventsOf(postGeneric(body))).toEqual([{ ...header, eventId: 'evt-2', sequence: null, ...expected }]);
    }
  });

  it('expands solved and reopened into the status change they imply, then the marker', () => {
    expect(eventsOf(postGeneric(event('solved')))).toEqual([
      { ...header, eventId: 'evt-2:status', sequence: null, kind: 'ticket.statusChanged', status: 'solved' },
      { ...header, eventId: 'evt-2', sequence: null, kind: 'ticket.solved' },
    ]);
    expect(eventsOf(postGeneric(event('reopened', { status: 'pending' })))).toEqual([
      { ...header, eventId: 'evt-2:status', sequence: null, kind: 'ticket.statusChanged', status: 'pending' },
      { ...header, eventId: 'evt-2', sequence: null, kind: 'ticket.reopened' },
    ]);
    expect(eventsOf(postGeneric(event('reopened')))[0]).toMatchObject({ status: 'open' });
  });

  it('gives the sender sequence to the status change only, so the marker is not stale next to it', () => {
    const [changed, marker] = eventsOf(postGeneric(event('status_changed', { status: 'solved', sequence: 4 })));
    expect(changed).toMatchObject({ kind: 'ticket.statusChanged', sequence: 4 });
    expect(marker).toMatchObject({ kind: 'ticket.solved', sequence: null });
  });

  it('keeps the sender eventId, so a re-delivery yields the same ids', () => {
    const first = eventsOf(postGeneric(event('solved'))).map((e) => e.eventId);
    expect(eventsOf(postGeneric(event('solved'))).map((e) => e.eventId)).toEqual(first);
  });
});

describe('generic webhook: malformed bodies are 400 with the path of each problem', () => {
  const problemsOf = (body: unknown) => {
    const result = postGeneric(body);
    if (result.ok) throw new Error('expected a rejection');
    expect(result.status).toBe(400);
    return result.errors;
  };

  it('names every missing field', () => {
    const paths = problemsOf({ kind: 'created' }).map((problem) => problem.path);
    expect(paths).toEqual(expect.arrayContaining(['eventId', 'ticketId', 'occurredAt', 'priority', 'channel']));
  });

  it('names fields of the wrong type', () => {
    const errors = problemsOf({ ...genericCreated, priority: 3, sequence: 'first', assignee: { id: 1 } });
    expect(errors.map((problem) => problem.path).sort()).toEqual(['assignee', 'priority', 'sequence']);
  });

  it('refuses an unknown kind, naming the discriminator', () => {
    expect(problemsOf(event('ticket_exploded'))).toEqual([{ path: 'kind', message: expect.stringContaining('created') }]);
    expect(problemsOf({ ...genericCreated, kind: undefined })[0]?.path).toBe('kind');
  });

  it('refuses values outside our vocabularies', () => {
    expect(problemsOf({ ...genericCreated, status: 'hold', channel: 'fax', line: 'L4' }).map((p) => p.path).sort()).toEqual([
      'channel',
      'line',
      'status',
    ]);
    expect(problemsOf(event('reopened', { status: 'solved' }))[0]?.path).toBe('status');
    expect(problemsOf(event('satisfaction_rated', { rating: 'meh' }))[0]?.path).toBe('rating');
  });

  it('accepts and ignores keys it does not know (a desk\'s own body), while a misspelt required key is still missing', () => {
    const [created] = eventsOf(postGeneric({ ...genericCreated, desk_url: 'https://desk.example/t/1', custom: { tier: 'gold' } }));
    expect(created).toMatchObject({ kind: 'ticket.created', ticketId: 'T-1', priority: 'high' });
    const { priority: _priority, ...withoutPriority } = genericCreated;
    expect(problemsOf({ ...withoutPriority, priorty: 'low' })).toEqual([{ path: 'priority', message: expect.any(String) }]);
  });

  it('refuses timestamps without a zone, impossible dates and non-ISO forms', () => {
    for (const occurredAt of ['2025-01-08T10:00:00', '2025-13-45T99:00:00Z', '08/01/2025 10:00', 1736330400000]) {
      expect(problemsOf({ ...genericCreated, occurredAt })[0]?.path).toBe('occurredAt');
    }
  });

  it('refuses huge strings and ids with spaces', () => {
    expect(problemsOf({ ...genericCreated, subject: 'x'.repeat(1001) })[0]?.path).toBe('subject');
    expect(problemsOf({ ...genericCreated, ticketId: 'T'.repeat(129) })[0]?.path).toBe('ticketId');
    expect(problemsOf({ ...genericCreated, eventId: 'evt 1' })[0]?.path).toBe('eventId');
    expect(problemsOf({ ...genericCreated, eventId: '' })[0]?.path).toBe('eventId');
  });

  it('refuses negative, fractional and unsafe sequences', () => {
    for (const sequence of [-1, 1.5, 2 ** 60]) expect(problemsOf({ ...genericCreated, sequence })[0]?.path).toBe('sequence');
  });

  it('refuses nested garbage and bodies that are not an object', () => {
    const nested = (depth: number) => `${'{"a":['.repeat(depth)}1${']}'.repeat(depth)}`;
    const withSubject = (subject: string) => JSON.stringify(genericCreated).replace('"Printer on fire"', subject);
    expect(problemsOf(withSubject(nested(40)))).toEqual([{ path: 'subject', message: expect.any(String) }]);
    for (const body of [[genericCreated], 'created', 42, null, true]) expect(problemsOf(body)[0]?.path).toBe('');
  });

  it('refuses a body nested deeper than 100 levels without exhausting the stack', () => {
    const brackets = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(problemsOf(brackets)).toEqual([{ path: '', message: 'body nests deeper than 100 levels' }]);
  });

  it('refuses bytes that are not JSON or not UTF-8, saying so', () => {
    expect(problemsOf('{"eventId": "evt-1",')).toEqual([{ path: '', message: expect.stringMatching(/^body is not JSON/) }]);
    const latin1 = Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d]); // {"é"} in Latin-1
    const result = parseGenericWebhook(latin1, signedGenericHeaders(latin1, GENERIC_SOURCE, GENERIC_SECRET), testConfig, NOW);
    expect(result).toEqual({ ok: false, status: 400, errors: [{ path: '', message: 'body is not valid UTF-8' }] });
  });

  it('reports at most 20 problems for a body full of them', () => {
    const body = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`junk${i}`, i]));
    expect(problemsOf({ ...event('created'), ...body }).length).toBeLessThanOrEqual(20);
  });
});

describe('generic webhook: body size cap', () => {
  it('answers 413 for a body over the cap, before checking the signature', () => {
    const config = webhookConfigSchema.parse({ ...testConfig, maxBodyBytes: 2048 });
    const raw = Buffer.from(JSON.stringify({ ...genericCreated, subject: 'x'.repeat(3000) }));
    const result = parseGenericWebhook(raw, { 'x-wallboard-source': GENERIC_SOURCE, 'x-wallboard-signature': 'sha256=00' }, config, NOW);
    expect(result).toEqual({ ok: false, status: 413, errors: [{ path: '', message: `body is ${raw.length} bytes, the limit is 2048` }] });
  });

  it('defaults the cap to 256 KiB and accepts a body exactly at it', () => {
    expect(testConfig.maxBodyBytes).toBe(256 * 1024);
    const padding = ' '.repeat(256 * 1024 - JSON.stringify(genericCreated).length);
    const atCap = `${JSON.stringify(genericCreated)}${padding}`;
    expect(Buffer.byteLength(atCap)).toBe(256 * 1024);
    expect(postGeneric(atCap).ok).toBe(true);
    expect(postGeneric(`${atCap} `)).toMatchObject({ ok: false, status: 413 });
  });
});
