import { describe, expect, it } from 'vitest';
import { csvRowReader } from '../../../server/import/calls-csv-row';

const read = csvRowReader('auto', 'Europe/Moscow');
const NINE = Date.parse('2026-03-02T06:00:00Z');
const base = { queue: 'sales', entered: '2026-03-02 09:00:00', answered: '2026-03-02 09:00:12', ended: '2026-03-02 09:03:00' };

describe('a calls CSV record read into a call', () => {
  it('reads the mapped cells, trimmed, empty ones as unknown', () => {
    expect(read({ ...base, callid: ' k1 ', agent: 'PJSIP/1001', caller: '', wait: '12', talk: '168.5', wrap: ' ', outcome: undefined })).toEqual({
      ok: true,
      call: {
        queueId: 'sales',
        callId: 'k1',
        enteredAt: NINE,
        answeredAt: NINE + 12_000,
        endedAt: NINE + 180_000,
        outcome: 'answered',
        agentId: 'PJSIP/1001',
        callerId: null,
        waitSec: 12,
        talkSec: 168.5,
        wrapSec: null,
      },
    });
    // No outcome column: unanswered is abandoned, and the answer time is not kept for it.
    expect(read({ ...base, answered: '', outcome: '' })).toMatchObject({ ok: true, call: { outcome: 'abandoned', answeredAt: null } });
    expect(read({ ...base, outcome: 'EXITWITHTIMEOUT' })).toMatchObject({ ok: true, call: { outcome: 'timedOut', answeredAt: null } });
  });

  it.each([
    [{ queue: '  ' }, 'missing_value', 'queue is empty'],
    [{ queue: 'q'.repeat(201) }, 'value_too_long', 'queue is longer than 200 characters'],
    [{ entered: 'nine' }, 'bad_time', 'entered "nine" is not an ISO 8601 or epoch time'],
    [{ ended: '' }, 'missing_value', 'ended is empty'],
    [{ outcome: 'maybe' }, 'bad_outcome', 'outcome "maybe" is not answered, abandoned or timedout'],
    [{ agent: 'a'.repeat(201) }, 'value_too_long', 'agent is longer than 200 characters'],
    [{ wait: '-3' }, 'bad_number', 'wait "-3" is not a number of seconds (0 to 86400)'],
    [{ talk: '1e3' }, 'bad_number', 'talk "1e3" is not a number of seconds (0 to 86400)'],
    [{ wrap: '86401' }, 'bad_number', 'wrap "86401" is not a number of seconds (0 to 86400)'],
    [{ answered: '', outcome: 'answered' }, 'missing_value', 'answered is empty for an answered call'],
    [{ ended: '2026-03-02 08:59:59' }, 'time_order', 'ended is before entered'],
    [{ answered: '2026-03-02 09:03:01' }, 'time_order', 'answered is not between entered and ended'],
  ])('skips %j: %s', (cells, reason, message) => {
    expect(read({ ...base, ...cells })).toEqual({ ok: false, reason, message });
  });

  it('names the first problem in column order: queue, entered, ended, answered, outcome, callid, agent, caller, wait, talk, wrap, then the order of times', () => {
    expect(read({ queue: '', entered: 'x', ended: 'y' })).toMatchObject({ reason: 'missing_value', message: 'queue is empty' });
    expect(read({ ...base, ended: 'y', wait: 'z' })).toMatchObject({ reason: 'bad_time', message: 'ended "y" is not an ISO 8601 or epoch time' });
    expect(read({ ...base, ended: '2026-03-02 08:00:00', wrap: 'z' })).toMatchObject({ reason: 'bad_number' });
  });
});
