import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeFailure, readHistoryReply } from '../../../client/src/pages/shared/history-reply';

const schema = z.object({ days: z.array(z.object({ offered: z.number() })) });

describe('reading a history API reply', () => {
  it('hands back a payload that matches the contract', () => {
    expect(readHistoryReply(200, { days: [{ offered: 3 }] }, schema)).toEqual({ ok: true, data: { days: [{ offered: 3 }] } });
  });

  it('refuses a 200 that breaks the contract, saying where', () => {
    const reply = readHistoryReply(200, { days: [{ offered: 'many' }] }, schema);
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.failure.kind).toBe('invalid-payload');
    expect(describeFailure(reply.failure)).toContain('days.0.offered');
  });

  it('names each bad parameter of a 400', () => {
    const reply = readHistoryReply(
      400,
      {
        status: 'error',
        errors: [
          { path: 'slPct', message: 'expected a percentage above 0 and below 100' },
          { path: 'weeks', message: 'at most 52' },
        ],
      },
      schema,
    );
    expect(reply).toEqual({
      ok: false,
      failure: {
        kind: 'bad-request',
        problems: [
          { param: 'slPct', message: 'expected a percentage above 0 and below 100' },
          { param: 'weeks', message: 'at most 52' },
        ],
      },
    });
  });

  it('reports a server failure with its status, and the server’s words when it sent some', () => {
    const reply = readHistoryReply(503, { status: 'error', errors: [{ path: '', message: 'history database unavailable' }] }, schema);
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(describeFailure(reply.failure)).toBe('the server answered HTTP 503: history database unavailable');
    const bare = readHistoryReply(502, undefined, schema);
    expect(!bare.ok && describeFailure(bare.failure)).toBe('the server answered HTTP 502');
  });

  it('keeps a problem of the query as a whole apart from the parameters', () => {
    const reply = readHistoryReply(400, { status: 'error', errors: [{ path: '', message: 'give either date or weekday' }] }, schema);
    expect(reply).toEqual({ ok: false, failure: { kind: 'bad-request', problems: [{ param: null, message: 'give either date or weekday' }] } });
  });
});
