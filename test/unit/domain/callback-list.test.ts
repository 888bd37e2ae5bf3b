import { describe, expect, it } from 'vitest';
import { normaliseCallerNumber } from '../../../shared/caller-number';
import { callbackId, callbackList, markKey, parseCallbackId, type CallbackCall } from '../../../server/domain/callback-list';

const TZ = 'Europe/Moscow';
const at = (time: string, day = '2026-12-02'): number => Date.parse(`${day}T${time}+03:00`);
const NOW = at('15:00:00');

let seq = 0;
function abandon(callerId: string | null, time: string, extra: Partial<CallbackCall> = {}): CallbackCall {
  const enteredAt = at(time);
  return {
    queueId: 'support',
    callId: `c${++seq}`,
    enteredAt,
    answeredAt: null,
    endedAt: enteredAt + 40_000,
    outcome: 'abandoned',
    waitSec: 40,
    shortAbandon: false,
    callerId,
    ...extra,
  };
}
function answered(callerId: string | null, time: string, extra: Partial<CallbackCall> = {}): CallbackCall {
  const enteredAt = at(time);
  return { ...abandon(callerId, time), outcome: 'answered', answeredAt: enteredAt + 10_000, endedAt: enteredAt + 200_000, waitSec: 10, ...extra };
}
const list = (calls: CallbackCall[], marks: string[] = [], queue?: string) => callbackList(calls, new Set(marks), { now: NOW, timeZone: TZ, queue });

describe('the callback list', () => {
  it('lists an abandoned caller with queue, wait and time', () => {
    const result = list([abandon('79001112233', '10:00:00')]);
    expect(result.day).toBe('2026-12-02');
    expect(result.entries).toEqual([
      expect.objectContaining({ callerId: '79001112233', queueId: 'support', waitSec: 40, abandonedAt: at('10:00:40'), attempts: 1 }),
    ]);
  });

  it('drops a caller answered later in another queue, keeps one answered only before the abandon', () => {
    const result = list([
      abandon('79001112233', '10:00:00'),
      answered('79001112233', '11:00:00', { queueId: 'sales' }),
      answered('79004445566', '09:00:00'),
      abandon('79004445566', '10:00:00'),
    ]);
    expect(result.entries.map((e) => e.callerId)).toEqual(['79004445566']);
  });

  it('counts withheld numbers apart and never lists them', () => {
    const result = list([abandon(null, '10:00:00'), abandon(null, '10:05:00'), abandon('79001112233', '10:10:00')]);
    expect(result.withheld).toBe(2);
    expect(result.entries.map((e) => e.callerId)).toEqual(['79001112233']);
  });

  it('leaves short abandons and timeouts out', () => {
    const result = list([abandon('79001112233', '10:00:00', { shortAbandon: true, waitSec: 2 }), abandon('79004445566', '10:00:00', { outcome: 'timedOut' })]);
    expect(result.entries).toEqual([]);
    expect(result.shortAbandons).toBe(1);
  });

  it('makes several abandons of one number one row: the latest, with the attempts', () => {
    const first = abandon('79001112233', '10:00:00');
    const latest = abandon('79001112233', '12:00:00', { queueId: 'sales', waitSec: 75 });
    const result = list([latest, first, abandon('79001112233', '11:00:00')]);
    expect(result.entries).toEqual([
      { call: { queueId: 'sales', callId: latest.callId, enteredAt: latest.enteredAt }, callerId: '79001112233', queueId: 'sales', waitSec: 75, abandonedAt: latest.endedAt, attempts: 3 },
    ]);
  });

  it('counts only the abandons after the last answer as attempts', () => {
    const result = list([abandon('79001112233', '09:00:00'), answered('79001112233', '10:00:00'), abandon('79001112233', '11:00:00')]);
    expect(result.entries.map((e) => e.attempts)).toEqual([1]);
  });

  it('drops a number marked done, and brings it back with a newer abandon', () => {
    const first = abandon('79001112233', '10:00:00');
    const marks = [markKey(first)];
    expect(list([first], marks)).toMatchObject({ entries: [], done: 1 });
    const again = abandon('79001112233', '13:00:00');
    expect(list([first, again], marks).entries).toEqual([expect.objectContaining({ callerId: '79001112233', attempts: 2, abandonedAt: again.endedAt })]);
  });

  it("excludes yesterday's abandons, by the site's day boundary", () => {
    // 23:59 Moscow on the 1st is 20:59 UTC: yesterday for the site though the same UTC day as 00:30 on the 2nd (21:30 UTC on the 1st).
    const lateYesterday = abandon('79001112233', '23:59:00', {});
    lateYesterday.enteredAt = at('23:59:00', '2026-12-01');
    lateYesterday.endedAt = lateYesterday.enteredAt + 40_000;
    const justAfterMidnight = abandon('79004445566', '00:00:30');
    const result = list([lateYesterday, justAfterMidnight]);
    expect(result.entries.map((e) => e.callerId)).toEqual(['79004445566']);
    // the same calls seen from a site in UTC: both on the 1st, and "now" is the 2nd there too
    expect(callbackList([lateYesterday, justAfterMidnight], new Set(), { now: NOW, timeZone: 'UTC' }).entries).toEqual([]);
  });

  it('filters by the queue of the latest abandon, counting reached calls of every queue', () => {
    const calls = [abandon('79001112233', '10:00:00'), abandon('79001112233', '11:00:00', { queueId: 'sales' }), abandon('79004445566', '10:00:00'), abandon(null, '10:00:00', { queueId: 'sales' })];
    expect(list(calls, [], 'sales')).toMatchObject({ entries: [expect.objectContaining({ callerId: '79001112233', attempts: 2 })], withheld: 1 });
    expect(list(calls, [], 'support')).toMatchObject({ entries: [expect.objectContaining({ callerId: '79004445566' })], withheld: 0 });
  });

  it('orders the oldest abandon first', () => {
    const result = list([abandon('79004445566', '12:00:00'), abandon('79001112233', '10:00:00')]);
    expect(result.entries.map((e) => e.callerId)).toEqual(['79001112233', '79004445566']);
  });
});

describe('callback ids', () => {
  it('round-trip the call key and refuse anything else', () => {
    const key = { queueId: 'support', callId: '1733140800.42', enteredAt: at('10:00:00') };
    expect(parseCallbackId(callbackId(key))).toEqual(key);
    expect(parseCallbackId('not json')).toBeNull();
    expect(parseCallbackId(Buffer.from('["a",1,2]').toString('base64url'))).toBeNull();
    expect(parseCallbackId('a/b')).toBeNull();
  });
});

describe('caller numbers', () => {
  it('are one number however they are written', () => {
    for (const written of ['+7 912 345-67-89', '79123456789', '0079123456789', '(7912) 345.67.89']) {
      expect(normaliseCallerNumber(written)).toBe('79123456789');
    }
  });

  it('are null when withheld or not dialable', () => {
    for (const withheld of [null, '', '  ', 'anonymous', 'Anonymous', '<unknown>', 'unknown', 'Restricted', 'abc', '+', '0000']) {
      expect(normaliseCallerNumber(withheld)).toBeNull();
    }
  });
});
