import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { importCallsCsv } from '../../../server/import/calls-csv-import';
import { parseMapping, parseOutcome, parseTime } from '../../../server/import/calls-csv-mapping';
import { memorySink, serverRules } from './import-test-kit';

const MSK = 'Europe/Moscow';

describe('the --map column mapping', () => {
  it('reads key=COLUMN pairs, names trimmed and keys in any case', () => {
    expect(parseMapping('entered=Start time, answered=Answer,ended=End,QUEUE=Queue')).toEqual({
      entered: 'Start time',
      answered: 'Answer',
      ended: 'End',
      queue: 'Queue',
    });
  });

  it('names every missing required key', () => {
    expect(() => parseMapping('answered=A')).toThrow(/queue is required.*entered is required.*ended is required/);
  });

  it('rejects unknown keys, listing the known ones, and keys mapped twice', () => {
    expect(() => parseMapping('queue=Q,entered=E,ended=X,agnet=A')).toThrow(/unknown key agnet \(known: queue, entered/);
    expect(() => parseMapping('queue=Q,entered=E,ended=X,queue=R')).toThrow(/queue is mapped twice/);
    expect(() => parseMapping('queue=Q,entered,ended=X')).toThrow(/"entered" is not key=COLUMN/);
  });
});

describe('time values', () => {
  it('reads ISO 8601 with an offset as that instant and without one as site time', () => {
    expect(parseTime('2026-03-02T09:15:00Z', 'auto', MSK)).toBe(Date.parse('2026-03-02T09:15:00Z'));
    expect(parseTime('2026-03-02T09:15:00', 'auto', MSK)).toBe(Date.parse('2026-03-02T06:15:00Z'));
    expect(parseTime('2026-03-02 09:15:00', 'iso', MSK)).toBe(Date.parse('2026-03-02T06:15:00Z'));
  });

  it('reads ISO times as luxon does, in every shape and zone, DST nights and impossible dates included', () => {
    // luxon read every ISO time before the common shapes were read without it: it stays the reference.
    const byLuxon = (text: string, zone: string): number | null => {
      let time = DateTime.fromISO(text, { zone });
      if (!time.isValid) time = DateTime.fromSQL(text, { zone });
      return time.isValid ? time.toMillis() : null;
    };
    let seed = 11;
    const random = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return Math.floor((seed / 2_147_483_648) * n);
    };
    const two = (n: number): string => String(n).padStart(2, '0');
    const zones = [MSK, 'America/New_York', 'Australia/Lord_Howe', 'UTC', 'America/Santiago'];
    const offsets = ['', '', 'Z', '+03:00', '-0430', '+05', '+14:00', '-23:00'];
    const fractions = ['', '.5', '.123', '.9999', '.1234567'];
    const texts = ['2026-03-29 02:30:00', '2026-03-08T02:30:00', '2026-11-01T01:30:00', '2026-04-05T02:15:00', '2026-02-29 10:00:00', '2024-02-29 10:00:00',
      '2026-04-31T10:00:00', '2026-03-02T24:00:00', '2026-03-02T09:60:00', '2026-03-02T09:15', '0099-03-02T09:15:00Z', '2026-03-02T09:15:00.5+03:75'];
    for (let i = 0; i < 3_000; i++) {
      const date = `${2000 + random(40)}-${two(1 + random(12))}-${two(1 + random(31))}`;
      texts.push(`${date}${random(2) ? 'T' : ' '}${two(random(24))}:${two(random(60))}${random(4) ? `:${two(random(60))}${fractions[random(fractions.length)]}` : ''}${offsets[random(offsets.length)]}`);
    }
    for (const zone of zones) for (const text of texts) expect(parseTime(text, 'iso', zone), `${text} in ${zone}`).toBe(byLuxon(text, zone));
  });

  it('reads epoch seconds (with a fraction) and milliseconds', () => {
    expect(parseTime('1772431200', 'auto', MSK)).toBe(1772431200_000);
    expect(parseTime('1772431200.25', 'epoch', MSK)).toBe(1772431200_250);
    expect(parseTime('1772431200250', 'auto', MSK)).toBe(1772431200_250);
    expect(parseTime('1772431200250', 'epoch-ms', MSK)).toBe(1772431200_250);
  });

  it('refuses what does not match the format', () => {
    expect(parseTime('yesterday', 'auto', MSK)).toBeNull();
    expect(parseTime('2026-02-30T10:00:00', 'iso', MSK)).toBeNull();
    expect(parseTime('2026-03-02T09:15:00', 'epoch', MSK)).toBeNull();
    expect(parseTime('1772431200', 'epoch-ms', MSK)).toBeNull();
  });

  it('knows outcome names of other systems and of Asterisk', () => {
    expect(['Answered', 'ABANDON', 'timed_out', 'EXITWITHTIMEOUT', 'no idea'].map(parseOutcome)).toEqual(['answered', 'abandoned', 'timedOut', 'timedOut', null]);
  });
});

describe('importing call records from a CSV file', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  function csv(text: string): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'calls-csv-'));
    dirs.push(dir);
    const file = path.join(dir, 'calls.csv');
    writeFileSync(file, text);
    return file;
  }
  const mapping = parseMapping('queue=Queue,entered=Entered,answered=Answered,ended=Ended,agent=Agent,callid=Id');

  it('turns records into call rows with the board definitions, quoted fields and newlines in quotes included', async () => {
    const file = csv(
      [
        '\uFEFFId,Queue,Entered,Answered,Ended,Agent,Note',
        // answered after 15 s (within sales' 20 s), talked 2 min; wrap-up from queues.json (sales: 10 s)
        'c1,sales,2026-03-02T09:00:05,2026-03-02T09:00:20,2026-03-02T09:02:20,"Petrova, Anna","said ""thanks"""',
        // not answered: abandoned after 3 s, a short abandon
        'c2,support,2026-03-02T09:01:00,,2026-03-02T09:01:03,,"two\nlines"',
        // answered after 25 s: outside 20 s
        'c3,support,1772431325,1772431350,1772431410,PJSIP/1002,',
      ].join('\r\n'),
    );
    const sink = memorySink();
    const result = await importCallsCsv({ file, mapping, rules: serverRules(), sink });
    expect(result.records).toBe(3);
    expect(result.skipped).toEqual({});
    const [c1, c2, c3] = sink.calls();
    expect(c1).toEqual({
      queueId: 'sales',
      callId: 'c1',
      enteredAt: Date.parse('2026-03-02T06:00:05Z'),
      answeredAt: Date.parse('2026-03-02T06:00:20Z'),
      endedAt: Date.parse('2026-03-02T06:02:20Z'),
      outcome: 'answered',
      waitSec: 15,
      talkSec: 120,
      wrapSec: 10,
      agentId: 'Petrova, Anna',
      answeredWithinSl: true,
      shortAbandon: false,
      callerId: null,
      day: '2026-03-02',
      intervalStart: Date.parse('2026-03-02T06:00:00Z'),
    });
    expect(c2).toMatchObject({ callId: 'c2', outcome: 'abandoned', waitSec: 3, shortAbandon: true, answeredAt: null, agentId: null, talkSec: 0, wrapSec: 0 });
    expect(c3).toMatchObject({ callId: 'c3', outcome: 'answered', waitSec: 25, talkSec: 60, wrapSec: 30, answeredWithinSl: false, agentId: 'PJSIP/1002' });
    expect(result.tally.calls).toEqual({ answered: 2, abandoned: 1, timedOut: 0 });
  });

  it("keeps the caller's number when the file has one, normalised as the live board keeps it; withheld is null", async () => {
    const file = csv(
      [
        'Id,Queue,Entered,Ended,Caller',
        'k1,support,2026-03-02T09:00:00,2026-03-02T09:00:40,+7 916 123-45-67',
        'k2,support,2026-03-02T09:05:00,2026-03-02T09:05:40,anonymous',
        'k3,support,2026-03-02T09:06:00,2026-03-02T09:06:40,',
      ].join('\n'),
    );
    const sink = memorySink();
    await importCallsCsv({ file, mapping: parseMapping('queue=Queue,entered=Entered,ended=Ended,callid=Id,caller=Caller'), rules: serverRules(), sink });
    expect(sink.calls().map((c) => [c.callId, c.outcome, c.callerId])).toEqual([
      ['k1', 'abandoned', '79161234567'],
      ['k2', 'abandoned', null],
      ['k3', 'abandoned', null],
    ]);
  });

  it('skips bad records, counting them by reason with their line numbers, and keeps the good ones', async () => {
    const file = csv(
      [
        'Id,Queue,Entered,Answered,Ended,Agent',
        'ok1,sales,2026-03-02T09:00:00,,2026-03-02T09:00:30,',
        'b1,sales,not a time,,2026-03-02T09:00:30,',
        'b2,,2026-03-02T09:00:00,,2026-03-02T09:00:30,',
        'b3,sales,2026-03-02T09:00:00,,2026-03-02T08:00:00,',
        'b4,sales,2026-03-02T09:00:00,2026-03-02T09:05:00,2026-03-02T09:01:00,',
        'b5,sales,"2026-03-02T09:00:00,,2026-03-02T09:00:30,',
        'ok2,sales,2026-03-02T09:10:00,,2026-03-02T09:10:30,',
      ].join('\n'),
    );
    const sink = memorySink();
    const result = await importCallsCsv({ file, mapping, rules: serverRules(), sink });
    expect(sink.calls().map((c) => c.callId)).toEqual(['ok1', 'ok2']);
    expect(result.skipped).toEqual({ bad_time: 1, missing_value: 1, time_order: 2, csv_syntax: 1 });
    expect(result.problems).toEqual(
      expect.arrayContaining([
        'line 3: entered "not a time" is not an ISO 8601 or epoch time',
        'line 4: queue is empty',
        'line 5: ended is before entered',
        'line 6: answered is not between entered and ended',
        // An unclosed quote costs its record only: reading goes on at the next line.
        expect.stringMatching(/^line 7: Quote Not Closed/),
      ]),
    );
  });

  it('takes an outcome column, and without a call id column gives each row an id of its own values', async () => {
    const file = csv('q;in;out;how\nbilling;1772431200;1772431500;EXITWITHTIMEOUT\nbilling;1772431200;1772431260;abandon\n');
    const sink = memorySink();
    const noIds = parseMapping('queue=1,entered=2,ended=3,outcome=4');
    const first = await importCallsCsv({ file, mapping: noIds, rules: serverRules(), sink, header: false, delimiter: ';' });
    // Without a header the first line is a record too: its times are not times.
    expect(first.skipped).toEqual({ bad_time: 1 });
    const [timedOut, abandoned] = sink.calls();
    expect(timedOut).toMatchObject({ outcome: 'timedOut', waitSec: 300 });
    expect(abandoned).toMatchObject({ outcome: 'abandoned', waitSec: 60, shortAbandon: false });
    const again = memorySink();
    await importCallsCsv({ file, mapping: noIds, rules: serverRules(), sink: again, header: false, delimiter: ';' });
    expect(again.calls().map((c) => c.callId)).toEqual([timedOut!.callId, abandoned!.callId]);
    expect(timedOut!.callId).not.toBe(abandoned!.callId);
  });

  it('stops with the header when the mapping names a column it does not have', async () => {
    const file = csv('Id,Queue,Start,End\n1,sales,1772431200,1772431260\n');
    await expect(importCallsCsv({ file, mapping, rules: serverRules(), sink: memorySink() })).rejects.toThrow(
      /columns the header does not have: entered=Entered, answered=Answered, ended=Ended, agent=Agent \(header: "Id", "Queue", "Start", "End"\)/,
    );
  });
});
