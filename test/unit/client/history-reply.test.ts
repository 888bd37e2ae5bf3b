import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeFailure, readHistoryReply, splitProblem } from '../../../client/src/pages/shared/history-reply';

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
      { status: 'error', errors: ['slPct: expected a percentage above 0 and below 100', 'weeks: at most 52'] },
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
    const reply = readHistoryReply(503, { status: 'error', errors: ['history database unavailable'] }, schema);
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(describeFailure(reply.failure)).toBe('the server answered HTTP 503: history database unavailable');
    const bare = readHistoryReply(502, undefined, schema);
    expect(!bare.ok && describeFailure(bare.failure)).toBe('the server answered HTTP 502');
  });

  it('keeps a message that names no parameter whole', () => {
    expect(splitProblem('give either date or weekday')).toEqual({ param: null, message: 'give either date or weekday' });
    expect(splitProblem('date: give either date or weekday (one of them)')).toEqual({
      param: 'date',
      message: 'give either date or weekday (one of them)',
    });
  });
});
