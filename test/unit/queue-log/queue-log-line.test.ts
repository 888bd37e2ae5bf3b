import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_QUEUE_LOG_LINE_LENGTH,
  QUEUE_LOG_VERBS,
  parseQueueLogLine,
  type QueueLogLine,
  type QueueLogParseResult,
} from '../../../server/ingest/queue-log/queue-log-line';

const fixture = readFileSync(new URL('../../fixtures/queue-log/asterisk-sample.queue_log', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line !== '');

function parsed(text: string): QueueLogLine {
  const result = parseQueueLogLine(text);
  if (!result.ok) throw new Error(`expected ${text} to parse, got ${result.reason}: ${result.detail}`);
  return result.line;
}

function rejected(result: QueueLogParseResult): { reason: string; detail: string } {
  if (result.ok) throw new Error(`expected a rejection, got ${result.line.verb}`);
  return result;
}

describe('the sample queue_log from several Asterisk versions', () => {
  it('parses every line', () => {
    const failures = fixture.map((line) => parseQueueLogLine(line)).filter((r) => !r.ok);
    expect(failures).toEqual([]);
    expect(fixture.length).toBeGreaterThan(50);
  });

  it('contains every verb the parser knows', () => {
    const verbs = new Set(fixture.map((line) => parsed(line).verb));
    expect([...QUEUE_LOG_VERBS].filter((verb) => !verbs.has(verb))).toEqual([]);
  });
});

describe('the line header', () => {
  it('reads epoch seconds as milliseconds and NONE as absent', () => {
    const line = parsed('1700000100|NONE|support|NONE|ENTERQUEUE||+79031112233|2');
    expect(line.at).toBe(1_700_000_100_000);
    expect(line.callId).toBeNull();
    expect(line.queue).toBe('support');
    expect(line.agent).toBeNull();
  });

  it('keeps the fraction of an epoch with microseconds, to the millisecond', () => {
    expect(parsed('1700005100.123456|1700005100.122|sales|NONE|ENTERQUEUE||+74951234567|1').at).toBe(1_700_005_100_123);
  });

  it('reads REALTIME in the call id field as no call', () => {
    expect(parsed('1700000000|REALTIME|support|anna|ADDMEMBER|').callId).toBeNull();
  });

  it('drops the trailing empty fields of realtime table exports, keeps empty fields inside', () => {
    const line = parsed('1700005100|1700005100.122|sales|NONE|ENTERQUEUE||+74951234567|1||');
    expect(line.data).toEqual(['', '+74951234567', '1']);
  });

  it('ignores a CRLF line end and a byte order mark', () => {
    expect(parsed('\uFEFF1700000000|1.2|q|NONE|ENTERQUEUE||100|1\r\n')).toMatchObject({ verb: 'ENTERQUEUE', position: 1 });
  });

  it('reads a UTC date-time stamp only when told the realtime table is in UTC', () => {
    const text = '2023-11-14 22:13:20.250000|1.2|q|NONE|ENTERQUEUE||100|1';
    expect(rejected(parseQueueLogLine(text)).reason).toBe('bad_epoch');
    const result = parseQueueLogLine(text, { utcDateTimeStamps: true });
    expect(result.ok && result.line.at).toBe(Date.UTC(2023, 10, 14, 22, 13, 20, 250));
    expect(rejected(parseQueueLogLine('2023-02-30 10:00:00|1.2|q|NONE|ENTERQUEUE||100|1', { utcDateTimeStamps: true })).reason).toBe(
      'bad_epoch',
    );
  });
});

describe('the data fields of each verb', () => {
  const cases: [string, Record<string, unknown>][] = [
    ['ENTERQUEUE||+79161234567|3', { verb: 'ENTERQUEUE', url: null, callerId: '+79161234567', position: 3 }],
    ['ENTERQUEUE|http://crm/x|4951112233', { verb: 'ENTERQUEUE', url: 'http://crm/x', callerId: '4951112233', position: null }],
    ['CONNECT|22|1700000017.102|5', { verb: 'CONNECT', holdSec: 22, memberUniqueId: '1700000017.102', ringSec: 5 }],
    ['CONNECT|7|1262304005.8', { verb: 'CONNECT', holdSec: 7, memberUniqueId: '1262304005.8', ringSec: null }],
    ['COMPLETECALLER|22|180|1', { verb: 'COMPLETECALLER', holdSec: 22, talkSec: 180, origPosition: 1 }],
    ['COMPLETEAGENT|5|100|2', { verb: 'COMPLETEAGENT', holdSec: 5, talkSec: 100, origPosition: 2 }],
    ['ABANDON|1|2|30', { verb: 'ABANDON', position: 1, origPosition: 2, waitSec: 30 }],
    ['EXITWITHTIMEOUT|1|1|300', { verb: 'EXITWITHTIMEOUT', position: 1, origPosition: 1, waitSec: 300 }],
    ['EXITWITHTIMEOUT|3', { verb: 'EXITWITHTIMEOUT', position: 3, origPosition: null, waitSec: null }],
    ['EXITEMPTY|1|1|30', { verb: 'EXITEMPTY', position: 1, origPosition: 1, waitSec: 30 }],
    ['EXITWITHKEY|0|1|1|12', { verb: 'EXITWITHKEY', key: '0', position: 1, origPosition: 1, waitSec: 12 }],
    ['EXITWITHKEY|5|2', { verb: 'EXITWITHKEY', key: '5', position: 2, origPosition: null, waitSec: null }],
    ['RINGNOANSWER|15000', { verb: 'RINGNOANSWER', ringMs: 15000 }],
    ['RINGCANCELED|3200', { verb: 'RINGCANCELED', ringMs: 3200 }],
    [
      'TRANSFER|2001|from-internal|7|65',
      { verb: 'TRANSFER', extension: '2001', context: 'from-internal', holdSec: 7, talkSec: 65, origPosition: null },
    ],
    [
      'BLINDTRANSFER|2000|from-internal|4|60|1',
      { verb: 'BLINDTRANSFER', extension: '2000', context: 'from-internal', holdSec: 4, talkSec: 60, origPosition: 1 },
    ],
    [
      'ATTENDEDTRANSFER|BRIDGE|7f6c1d2e|5|95|1',
      { verb: 'ATTENDEDTRANSFER', method: 'BRIDGE', target: '7f6c1d2e', holdSec: 5, talkSec: 95, origPosition: 1 },
    ],
    [
      'ATTENDEDTRANSFER|APP|VoiceMail|4|26|1',
      { verb: 'ATTENDEDTRANSFER', method: 'APP', target: 'VoiceMail', holdSec: 4, talkSec: 26, origPosition: 1 },
    ],
    [
      'ATTENDEDTRANSFER|LINK|Local/2000@ctx-1;1|Local/2000@ctx-1;2|3|40|2',
      {
        verb: 'ATTENDEDTRANSFER',
        method: 'LINK',
        target: 'Local/2000@ctx-1;1|Local/2000@ctx-1;2',
        holdSec: 3,
        talkSec: 40,
        origPosition: 2,
      },
    ],
    ['ADDMEMBER|PAUSED', { verb: 'ADDMEMBER', paused: true }],
    ['ADDMEMBER|', { verb: 'ADDMEMBER', paused: false }],
    ['REMOVEMEMBER|', { verb: 'REMOVEMEMBER' }],
    ['PAUSE|Lunch', { verb: 'PAUSE', reason: 'Lunch' }],
    ['PAUSE|', { verb: 'PAUSE', reason: null }],
    ['UNPAUSE|Back', { verb: 'UNPAUSE', reason: 'Back' }],
    ['PAUSEALL|', { verb: 'PAUSEALL', reason: null }],
    ['UNPAUSEALL|', { verb: 'UNPAUSEALL', reason: null }],
    ['AGENTLOGIN|PJSIP/1001-00000031', { verb: 'AGENTLOGIN', channel: 'PJSIP/1001-00000031' }],
    ['AGENTLOGOFF|PJSIP/1001-00000031|3600', { verb: 'AGENTLOGOFF', channel: 'PJSIP/1001-00000031', loginSec: 3600 }],
    ['AGENTCALLBACKLOGIN|1002@from-internal', { verb: 'AGENTCALLBACKLOGIN', channel: '1002@from-internal' }],
    [
      'AGENTCALLBACKLOGOFF|1002@from-internal|43|CommandLogoff',
      { verb: 'AGENTCALLBACKLOGOFF', channel: '1002@from-internal', loginSec: 43 },
    ],
    ['AGENTDUMP|', { verb: 'AGENTDUMP' }],
    ['QUEUESTART|', { verb: 'QUEUESTART' }],
    ['CONFIGRELOAD|', { verb: 'CONFIGRELOAD' }],
    ['SYSCOMPAT|', { verb: 'SYSCOMPAT' }],
    ['DID|4957550101', { verb: 'DID', did: '4957550101' }],
    ['INFO|callback requested|+79165556677', { verb: 'INFO', info: 'callback requested|+79165556677' }],
  ];

  it.each(cases)('%s', (tail, expected) => {
    expect(parsed(`1700000000|1700000000.1|support|anna|${tail}`)).toMatchObject(expected);
  });
});

describe('malformed lines are rejected with the reason', () => {
  const reasonOf = (text: string) => rejected(parseQueueLogLine(text)).reason;

  it('an empty line', () => {
    expect(reasonOf('')).toBe('empty');
    expect(reasonOf('\r\n')).toBe('empty');
  });

  it('a line longer than the limit', () => {
    const long = `1700000000|1.2|q|a|INFO|${'x'.repeat(MAX_QUEUE_LOG_LINE_LENGTH)}`;
    expect(reasonOf(long)).toBe('too_long');
  });

  it('fewer than the five header fields', () => {
    expect(reasonOf('1700000000|1.2|support|anna')).toBe('too_few_fields');
    expect(reasonOf('garbage')).toBe('too_few_fields');
  });

  it('more data fields than any verb writes', () => {
    expect(reasonOf(`1700000000|1.2|q|a|INFO|${'x|'.repeat(20)}x`)).toBe('too_many_fields');
  });

  it('a timestamp that is not epoch seconds', () => {
    for (const stamp of ['abc', '', '-5', '1.2.3', '1700000000.', '.5', '1700000000000', '0', '17e8']) {
      expect(reasonOf(`${stamp}|1.2|q|NONE|ENTERQUEUE||100|1`), stamp).toBe('bad_epoch');
    }
  });

  it('a verb Asterisk does not write', () => {
    const result = rejected(parseQueueLogLine('1700000000|1.2|q|a|TELEPORT|1'));
    expect(result.reason).toBe('unknown_verb');
    expect(result.detail).toContain('TELEPORT');
  });

  it('a required field left out', () => {
    expect(reasonOf('1700000000|1.2|q|a|CONNECT|')).toBe('missing_field');
    expect(reasonOf('1700000000|1.2|q|a|COMPLETECALLER|22')).toBe('missing_field');
    expect(reasonOf('1700000000|1.2|q|a|RINGNOANSWER')).toBe('missing_field');
    expect(reasonOf('1700000000|1.2|q|NONE|EXITWITHKEY|')).toBe('missing_field');
  });

  it('a number field that is not a whole number', () => {
    const result = rejected(parseQueueLogLine('1700000000|1.2|q|a|CONNECT|twenty|1.3|2'));
    expect(result.reason).toBe('bad_field');
    expect(result.detail).toContain('holdtime');
    expect(reasonOf('1700000000|1.2|q|NONE|ABANDON|1|1|-3')).toBe('bad_field');
  });
});

describe('parsing under fuzzing', () => {
  const verbOrJunk = fc.oneof(fc.constantFrom(...QUEUE_LOG_VERBS), fc.string());
  const field = fc.oneof(fc.constantFrom('', 'NONE', '0', '17', '1700000000', '1700000000.5', '|', '\r'), fc.string());

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const result = parseQueueLogLine(text);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on pipe-separated lines with real verbs and odd fields, and accepted lines are consistent', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('1700000000', '1700000000.25', 'x'),
        fc.array(field, { maxLength: 4 }),
        verbOrJunk,
        fc.array(field, { maxLength: 8 }),
        (stamp, header, verb, data) => {
          const result = parseQueueLogLine([stamp, ...header, verb, ...data].join('|'));
          if (result.ok) {
            expect(Number.isFinite(result.line.at)).toBe(true);
            expect(QUEUE_LOG_VERBS).toContain(result.line.verb);
          } else {
            expect(result.detail.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('reads back the numbers an Asterisk line was written with', () => {
    const count = fc.integer({ min: 0, max: 100_000 });
    fc.assert(
      fc.property(fc.integer({ min: 1_000_000_000, max: 4_000_000_000 }), count, count, count, (epoch, position, orig, wait) => {
        const line = parsed(`${epoch}|${epoch}.77|support|NONE|ABANDON|${position}|${orig}|${wait}`);
        expect(line).toMatchObject({ at: epoch * 1000, callId: `${epoch}.77`, position, origPosition: orig, waitSec: wait });
      }),
    );
  });
});
