import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AmiFrame } from '../../../server/ingest/ami/ami-frame';
import { AmiFrameParser, type AmiBanner, type AmiFrameParserCounters, type AmiFrameParserOptions } from '../../../server/ingest/ami/frame-parser';

const crlf = (lines: readonly string[]): string => lines.map((line) => `${line}\r\n`).join('') + '\r\n';

const BANNER = 'Asterisk Call Manager/11.0.0\r\n';

const QUEUE_CALLER_JOIN = crlf([
  'Event: QueueCallerJoin',
  'Privilege: agent,all',
  'Timestamp: 1718012345.123456',
  'Channel: PJSIP/trunk-mts-00000012',
  'ChannelState: 6',
  'ChannelStateDesc: Up',
  'CallerIDNum: 79161234567',
  'CallerIDName: Иван Петров',
  'ConnectedLineNum: <unknown>',
  'ConnectedLineName: <unknown>',
  'Language: ru',
  'AccountCode: ',
  'Context: from-trunk',
  'Exten: 84951234567',
  'Priority: 3',
  'Uniqueid: 1718012345.42',
  'Linkedid: 1718012345.42',
  'Queue: support',
  'Position: 1',
  'Count: 1',
]);

const AGENT_CONNECT = crlf([
  'Event: AgentConnect',
  'Privilege: agent,all',
  'Timestamp: 1718012360.000512',
  'Channel: PJSIP/trunk-mts-00000012',
  'ChannelState: 6',
  'ChannelStateDesc: Up',
  'CallerIDNum: 79161234567',
  'CallerIDName: Иван Петров',
  'ConnectedLineNum: 1001',
  'ConnectedLineName: Анна Смирнова',
  'Language: ru',
  'AccountCode: ',
  'Context: from-trunk',
  'Exten: 84951234567',
  'Priority: 3',
  'Uniqueid: 1718012345.42',
  'Linkedid: 1718012345.42',
  'ChanVariable: CDR(accountcode)=vip',
  'ChanVariable: QUEUE_PRIO=5',
  'DestChannel: PJSIP/1001-0000001a',
  'DestChannelState: 6',
  'DestChannelStateDesc: Up',
  'DestCallerIDNum: 1001',
  'DestCallerIDName: Анна Смирнова',
  'DestConnectedLineNum: 79161234567',
  'DestConnectedLineName: Иван Петров',
  'DestLanguage: ru',
  'DestAccountCode: ',
  'DestContext: from-queue',
  'DestExten: 1001',
  'DestPriority: 1',
  'DestUniqueid: 1718012347.43',
  'DestLinkedid: 1718012345.42',
  'Queue: support',
  'Interface: PJSIP/1001',
  'MemberName: Анна Смирнова',
  'HoldTime: 15',
  'RingTime: 3',
]);

const VARSET_QUEUESTATUS = crlf([
  'Event: VarSet',
  'Privilege: dialplan,all',
  'Timestamp: 1718012400.250000',
  'Channel: PJSIP/trunk-mts-00000013',
  'ChannelState: 6',
  'ChannelStateDesc: Up',
  'CallerIDNum: 79160000001',
  'CallerIDName: <unknown>',
  'ConnectedLineNum: <unknown>',
  'ConnectedLineName: <unknown>',
  'Language: ru',
  'AccountCode: ',
  'Context: from-trunk',
  'Exten: 84951234567',
  'Priority: 4',
  'Uniqueid: 1718012350.44',
  'Linkedid: 1718012350.44',
  'Variable: QUEUESTATUS',
  'Value: TIMEOUT',
]);

/** Asterisk >= 14 answers `Action: Command` with one `Output:` header per line */
const COMMAND_RESPONSE = crlf([
  'Response: Success',
  'ActionID: wb-7',
  'Message: Command output follows',
  'Output: Name/username             Host                                    Dyn Forcerport Comedia    ACL Port     Status      Description',
  'Output: 1001/1001                 10.0.0.11                                D  Auto (No)  No             5060     OK (12 ms)',
  'Output: 1 sip peers [Monitored: 1 online, 0 offline Unmonitored: 0 online, 0 offline]',
]);

/** a reply to `Action: Status` on a server with `channelvars = CDR(accountcode),QUEUE_PRIO` */
const STATUS_REPLY = crlf([
  'Event: Status',
  'ActionID: wb-8',
  'Channel: PJSIP/1001-0000001a',
  'ChannelState: 6',
  'ChannelStateDesc: Up',
  'CallerIDNum: 1001',
  'Uniqueid: 1718012347.43',
  'ChanVariable: CDR(accountcode)=',
  'ChanVariable: QUEUE_PRIO=5',
  'Seconds: 42',
]);

const REAL_STREAM = BANNER + QUEUE_CALLER_JOIN + AGENT_CONNECT + VARSET_QUEUESTATUS + COMMAND_RESPONSE + STATUS_REPLY;

interface Run {
  frames: AmiFrame[];
  banners: AmiBanner[];
  parser: AmiFrameParser;
}

function parser(options: Partial<AmiFrameParserOptions> = {}): Run {
  const frames: AmiFrame[] = [];
  const banners: AmiBanner[] = [];
  const created = new AmiFrameParser({ onFrame: (frame) => frames.push(frame), onBanner: (banner) => banners.push(banner), ...options });
  return { frames, banners, parser: created };
}

/** Feeds `bytes` cut at `cuts` (ascending offsets). */
function parseChunked(bytes: Buffer, cuts: readonly number[], options: Partial<AmiFrameParserOptions> = {}): Run {
  const run = parser(options);
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    run.parser.push(bytes.subarray(from, cut));
    from = cut;
  }
  return run;
}

const parseWhole = (text: string | Buffer, options: Partial<AmiFrameParserOptions> = {}): Run =>
  parseChunked(typeof text === 'string' ? Buffer.from(text) : text, [], options);

/** Frames as plain data, for deep comparison across parser runs. */
const plain = (frames: readonly AmiFrame[]): unknown[] => frames.map((frame) => JSON.parse(JSON.stringify(frame)));

const countersOf = (run: Run): AmiFrameParserCounters => run.parser.counters;

describe('AmiFrameParser on real Asterisk 22 frames', () => {
  it('surfaces the banner, not as a frame, with the AMI version', () => {
    const run = parseWhole(REAL_STREAM);
    expect(run.banners).toEqual([{ line: 'Asterisk Call Manager/11.0.0', version: '11.0.0' }]);
    expect(run.frames).toHaveLength(5);
  });

  it('lower-cases header names and keeps values exactly, UTF-8 included', () => {
    const [join] = parseWhole(REAL_STREAM).frames;
    expect(join?.fields).toMatchObject({
      event: 'QueueCallerJoin',
      privilege: 'agent,all',
      timestamp: '1718012345.123456',
      calleridname: 'Иван Петров',
      accountcode: '',
      uniqueid: '1718012345.42',
      queue: 'support',
      position: '1',
    });
    expect(Object.keys(join?.fields ?? {})).toHaveLength(20);
    expect(join?.repeated).toBeUndefined();
    expect(join?.byteLength).toBe(Buffer.byteLength(QUEUE_CALLER_JOIN));
  });

  it('keeps the agent Dest* snapshot apart and every ChanVariable in repeated', () => {
    const connect = parseWhole(REAL_STREAM).frames[1];
    expect(connect?.fields).toMatchObject({
      event: 'AgentConnect',
      channel: 'PJSIP/trunk-mts-00000012',
      destchannel: 'PJSIP/1001-0000001a',
      destcalleridname: 'Анна Смирнова',
      destuniqueid: '1718012347.43',
      interface: 'PJSIP/1001',
      membername: 'Анна Смирнова',
      holdtime: '15',
      chanvariable: 'CDR(accountcode)=vip',
    });
    expect(connect?.repeated).toEqual({ chanvariable: ['CDR(accountcode)=vip', 'QUEUE_PRIO=5'] });
  });

  it('delivers VarSet with its variable and value', () => {
    const varSet = parseWhole(REAL_STREAM).frames[2];
    expect(varSet?.fields).toMatchObject({ event: 'VarSet', variable: 'QUEUESTATUS', value: 'TIMEOUT', uniqueid: '1718012350.44' });
  });

  it('keeps every Output line of a Command response in order', () => {
    const response = parseWhole(REAL_STREAM).frames[3];
    expect(response?.fields).toMatchObject({ response: 'Success', actionid: 'wb-7', message: 'Command output follows' });
    expect(response?.repeated?.output).toEqual([
      'Name/username             Host                                    Dyn Forcerport Comedia    ACL Port     Status      Description',
      '1001/1001                 10.0.0.11                                D  Auto (No)  No             5060     OK (12 ms)',
      '1 sip peers [Monitored: 1 online, 0 offline Unmonitored: 0 online, 0 offline]',
    ]);
  });

  it('keeps repeated ChanVariable of an action reply, with its ActionID', () => {
    const status = parseWhole(REAL_STREAM).frames[4];
    expect(status?.fields).toMatchObject({ event: 'Status', actionid: 'wb-8', seconds: '42' });
    expect(status?.repeated).toEqual({ chanvariable: ['CDR(accountcode)=', 'QUEUE_PRIO=5'] });
  });

  it('gives identical frames for every split point of the stream, inside CRLF and inside UTF-8 characters', () => {
    const bytes = Buffer.from(REAL_STREAM);
    const expected = plain(parseWhole(bytes).frames);
    expect(expected).toHaveLength(5);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const run = parseChunked(bytes, [cut]);
      expect(plain(run.frames), `cut at byte ${cut}`).toEqual(expected);
      expect(run.banners).toHaveLength(1);
    }
  });

  it('gives identical frames when fed one byte at a time', () => {
    const bytes = Buffer.from(REAL_STREAM);
    const run = parseChunked(bytes, Array.from({ length: bytes.length - 1 }, (_, i) => i + 1));
    expect(plain(run.frames)).toEqual(plain(parseWhole(bytes).frames));
    expect(run.parser.bufferedBytes).toBe(0);
  });

  it('accepts bare \\n line endings', () => {
    const lf = REAL_STREAM.replaceAll('\r\n', '\n');
    const fromLf = parseWhole(lf);
    const fromCrlf = parseWhole(REAL_STREAM);
    expect(fromLf.frames.map((frame) => frame.fields)).toEqual(fromCrlf.frames.map((frame) => frame.fields));
    expect(fromLf.frames.map((frame) => frame.repeated)).toEqual(fromCrlf.frames.map((frame) => frame.repeated));
    expect(fromLf.frames[0]?.byteLength).toBe(Buffer.byteLength(QUEUE_CALLER_JOIN.replaceAll('\r\n', '\n')));
  });

  it('parses without a banner when the first line is already a header', () => {
    const run = parseWhole(QUEUE_CALLER_JOIN + VARSET_QUEUESTATUS);
    expect(run.banners).toEqual([]);
    expect(run.frames.map((frame) => frame.fields.event)).toEqual(['QueueCallerJoin', 'VarSet']);
  });

  it('reports a colon-less first line that is not Asterisk with a null version', () => {
    const run = parseWhole('SSH-2.0-OpenSSH_9.6\r\n');
    expect(run.banners).toEqual([{ line: 'SSH-2.0-OpenSSH_9.6', version: null }]);
  });

  it('ignores extra empty lines between frames', () => {
    const run = parseWhole(`${BANNER}\r\n\r\n${QUEUE_CALLER_JOIN}\r\n\n${VARSET_QUEUESTATUS}`);
    expect(run.frames.map((frame) => frame.fields.event)).toEqual(['QueueCallerJoin', 'VarSet']);
    expect(run.parser.counters.malformedLines).toBe(0);
  });

  it('builds the same frames once a frame shape is seen often (cached shapes)', () => {
    const stream = QUEUE_CALLER_JOIN + AGENT_CONNECT + STATUS_REPLY;
    const run = parseWhole(stream.repeat(40));
    const first = plain(run.frames.slice(0, 3));
    for (let i = 3; i < run.frames.length; i += 3) expect(plain(run.frames.slice(i, i + 3))).toEqual(first);
    expect(run.frames.at(-2)?.repeated).toEqual({ chanvariable: ['CDR(accountcode)=vip', 'QUEUE_PRIO=5'] });
  });

  it('keeps a header named __proto__ or constructor as plain data, also once the shape is cached', () => {
    const run = parseWhole(crlf(['Event: UserEvent', 'UserEvent: probe', '__proto__: polluted', 'Constructor: x']).repeat(20));
    expect(run.frames).toHaveLength(20);
    for (const frame of run.frames) {
      expect(Object.getOwnPropertyDescriptor(frame.fields, '__proto__')?.value).toBe('polluted');
      expect(frame.fields.constructor).toBe('x');
      expect(Object.keys(frame.fields)).toEqual(['event', 'userevent', '__proto__', 'constructor']);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('has no inherited properties in fields, before and after the shape is cached', () => {
    const run = parseWhole(VARSET_QUEUESTATUS.repeat(20));
    for (const frame of run.frames) {
      expect(frame.fields.constructor).toBeUndefined();
      expect(frame.fields.tostring).toBeUndefined();
      expect('hasOwnProperty' in frame.fields).toBe(false);
    }
  });

  it('keeps all lines of a long Command output', () => {
    const lines = Array.from({ length: 300 }, (_, i) => `Output: line ${i}: ${'#'.repeat(i % 50)}`);
    const run = parseWhole(crlf(['Response: Success', 'ActionID: wb-9', 'Message: Command output follows', ...lines]).repeat(10));
    expect(run.frames).toHaveLength(10);
    for (const frame of run.frames) {
      expect(frame.repeated?.output).toHaveLength(300);
      expect(frame.repeated?.output?.[299]).toBe(`line 299: ${'#'.repeat(49)}`);
    }
  });
});

describe('AmiFrameParser on Asterisk < 14 Command output (Response: Follows)', () => {
  const FOLLOWS =
    'Response: Follows\r\nPrivilege: Command\r\nActionID: wb-3\r\n' +
    'Uptime: 2 days, 3 hours\r\n' + // looks like a header, is output
    '\r\n' + // CLI output may hold empty lines
    'Channel              Location             State   Application(Data)\r\n' +
    '1 active channel--END COMMAND--\r\n\r\n';

  it('collects the raw lines as repeated output up to --END COMMAND--, and the next frame stays intact', () => {
    const run = parseWhole(FOLLOWS + VARSET_QUEUESTATUS);
    expect(run.frames).toHaveLength(2);
    const [response, varSet] = run.frames;
    expect(response?.fields).toMatchObject({ response: 'Follows', privilege: 'Command', actionid: 'wb-3', output: 'Uptime: 2 days, 3 hours' });
    expect(response?.repeated?.output).toEqual([
      'Uptime: 2 days, 3 hours',
      '',
      'Channel              Location             State   Application(Data)',
      '1 active channel',
    ]);
    expect(response?.byteLength).toBe(Buffer.byteLength(FOLLOWS));
    expect(varSet?.fields.event).toBe('VarSet');
    expect(run.parser.counters.malformedLines).toBe(0);
  });

  it('gives identical frames for every split point', () => {
    const bytes = Buffer.from(FOLLOWS + VARSET_QUEUESTATUS);
    const expected = plain(parseWhole(bytes).frames);
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(plain(parseChunked(bytes, [cut]).frames), `cut at byte ${cut}`).toEqual(expected);
    }
  });
});

describe('AmiFrameParser on bad input', () => {
  it('counts and skips lines without a colon, never throwing', () => {
    const run = parseWhole(`${BANNER}this is not a header\r\nEvent: Hangup\r\nnor this\r\nUniqueid: 1.2\r\n\r\n${VARSET_QUEUESTATUS}`);
    expect(run.frames.map((frame) => frame.fields)).toEqual([{ event: 'Hangup', uniqueid: '1.2' }, expect.objectContaining({ event: 'VarSet' })]);
    expect(run.parser.counters.malformedLines).toBe(2);
  });

  it('delivers nothing for a frame made only of garbage lines', () => {
    const run = parseWhole(`${BANNER}\u0000\u0001garbage\r\n:no key\r\n\r\n${VARSET_QUEUESTATUS}`);
    expect(run.frames.map((frame) => frame.fields.event)).toEqual(['VarSet']);
    expect(run.parser.counters.malformedLines).toBe(2);
  });

  it('drops a frame over maxFrameBytes, counts it, and parses the next frame intact, whatever the chunking', () => {
    const huge = crlf(['Event: UserEvent', 'UserEvent: big', `Data: ${'x'.repeat(3000)}`]);
    const bytes = Buffer.from(BANNER + QUEUE_CALLER_JOIN + huge + VARSET_QUEUESTATUS);
    const maxFrameBytes = 1024;
    for (const size of [1, 5, 64, 700, 1023, 1024, 1025, 4096, bytes.length]) {
      const cuts = Array.from({ length: Math.ceil(bytes.length / size) - 1 }, (_, i) => (i + 1) * size);
      const run = parseChunked(bytes, cuts, { maxFrameBytes });
      expect(run.frames.map((frame) => frame.fields.event), `chunks of ${size}`).toEqual(['QueueCallerJoin', 'VarSet']);
      expect(run.parser.counters.oversizeDropped).toBe(1);
      expect(run.parser.counters.malformedLines).toBe(0);
    }
  });

  it('holds a truncated frame without delivering it, within maxFrameBytes', () => {
    const run = parser({ maxFrameBytes: 4096 });
    run.parser.push(Buffer.from(BANNER + QUEUE_CALLER_JOIN.slice(0, -2)));
    expect(run.frames).toEqual([]);
    expect(run.parser.bufferedBytes).toBe(Buffer.byteLength(QUEUE_CALLER_JOIN) - 2);
    for (let i = 0; i < 1000; i++) run.parser.push(Buffer.from('Data: no end in sight\r\n'));
    expect(run.frames).toEqual([]);
    expect(run.parser.bufferedBytes).toBeLessThanOrEqual(4096);
    expect(run.parser.counters.oversizeDropped).toBe(1);
  });

  it('bounds a single endless line', () => {
    const run = parser({ maxFrameBytes: 1024 });
    for (let i = 0; i < 100; i++) {
      run.parser.push(Buffer.alloc(999, 'a'));
      expect(run.parser.bufferedBytes).toBeLessThanOrEqual(1024);
    }
    run.parser.push(Buffer.from(`\r\n\r\n${VARSET_QUEUESTATUS}`));
    expect(run.frames.map((frame) => frame.fields.event)).toEqual(['VarSet']);
    expect(run.parser.counters.oversizeDropped).toBe(1);
  });

  it('keeps parsing after an onFrame callback throws', () => {
    let calls = 0;
    const events: string[] = [];
    const throwing = new AmiFrameParser({
      onFrame: (frame) => {
        calls++;
        if (calls === 1) throw new Error('consumer bug');
        events.push(frame.fields.event ?? '');
      },
    });
    expect(() => throwing.push(Buffer.from(QUEUE_CALLER_JOIN + VARSET_QUEUESTATUS))).toThrow('consumer bug');
    throwing.push(Buffer.from(AGENT_CONNECT));
    expect(events).toEqual(['VarSet', 'AgentConnect']);
  });
});

describe('AmiFrameParser event filter', () => {
  it('skips unwanted events without delivering them, and counts them', () => {
    const asked: string[] = [];
    const run = parseWhole(REAL_STREAM + crlf(['Event: Newexten', 'Privilege: dialplan,all', 'Application: Queue']), {
      wantEvent: (name) => {
        asked.push(name);
        return name !== 'Newexten' && name !== 'QueueCallerJoin';
      },
    });
    expect(asked).toEqual(['QueueCallerJoin', 'AgentConnect', 'VarSet', 'Status', 'Newexten']);
    expect(run.frames.map((frame) => frame.fields.event ?? frame.fields.response)).toEqual(['AgentConnect', 'VarSet', 'Success', 'Status']);
    expect(countersOf(run)).toMatchObject({ frames: 4, skipped: 2 });
  });

  it('skips identically whatever the chunking', () => {
    const bytes = Buffer.from(REAL_STREAM);
    const wantEvent = (name: string): boolean => name === 'VarSet';
    const expected = plain(parseWhole(bytes, { wantEvent }).frames);
    expect(expected).toHaveLength(2);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const run = parseChunked(bytes, [cut], { wantEvent });
      expect(plain(run.frames), `cut at byte ${cut}`).toEqual(expected);
      expect(run.parser.counters.skipped).toBe(3);
    }
  });

  it('decodes an event wanted with a marker only if the frame holds it, whatever the chunking, even when a later frame does', () => {
    const otherVarSet = VARSET_QUEUESTATUS.replace('Variable: QUEUESTATUS', 'Variable: DIALSTATUS').replace('Value: TIMEOUT', 'Value: ANSWER');
    const bytes = Buffer.from(BANNER + otherVarSet + otherVarSet + QUEUE_CALLER_JOIN + VARSET_QUEUESTATUS + otherVarSet);
    const wantEvent = (name: string): boolean | Uint8Array => (name === 'VarSet' ? Buffer.from('QUEUESTATUS') : true);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const run = parseChunked(bytes, [cut], { wantEvent });
      const seen = run.frames.map((frame) => `${frame.fields.event}:${frame.fields.variable ?? ''}`);
      expect(seen, `cut at byte ${cut}`).toEqual(['QueueCallerJoin:', 'VarSet:QUEUESTATUS']);
      expect(run.parser.counters.skipped).toBe(3);
    }
  });
});

describe('AmiFrameParser counters', () => {
  it('counts frames and bytes', () => {
    const run = parseWhole(REAL_STREAM);
    expect(countersOf(run)).toEqual({ frames: 5, bytes: Buffer.byteLength(REAL_STREAM), oversizeDropped: 0, malformedLines: 0, skipped: 0 });
  });
});

describe('AmiFrameParser under fuzzing', () => {
  const maxFrameBytes = 512;
  const realFrames = [QUEUE_CALLER_JOIN, AGENT_CONNECT, VARSET_QUEUESTATUS, COMMAND_RESPONSE, STATUS_REPLY].map((frame) => Buffer.from(frame));

  /** a real stream with random byte edits: the input a broken or hostile peer sends */
  const mutatedStream = fc
    .tuple(
      fc.array(fc.constantFrom(...realFrames), { minLength: 1, maxLength: 6 }),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('replace', 'insert', 'delete')), { maxLength: 20 }),
    )
    .map(([frames, edits]) => {
      const bytes = [...Buffer.concat([Buffer.from(BANNER), ...frames])];
      for (const [at, byte, kind] of edits) {
        const index = at % (bytes.length + 1);
        if (kind === 'replace' && index < bytes.length) bytes[index] = byte;
        else if (kind === 'insert') bytes.splice(index, 0, byte);
        else bytes.splice(index, 1);
      }
      return Buffer.from(bytes);
    });

  const anyStream = fc.oneof(
    fc.uint8Array({ maxLength: 3000 }).map((array) => Buffer.from(array)),
    // bytes from AMI's own alphabet make frames, blank lines and markers far more likely
    fc
      .array(fc.constantFrom('\r\n', '\n', '\r', ':', ' ', 'Event: VarSet', 'Response: Follows', '--END COMMAND--', 'Key', 'Ж', 'x'.repeat(200)), { maxLength: 120 })
      .map((parts) => Buffer.from(parts.join(''))),
    mutatedStream,
  );

  const cutsOf = (length: number) => fc.uniqueArray(fc.integer({ min: 0, max: length }), { maxLength: 30 }).map((cuts) => cuts.sort((a, b) => a - b));

  it('never throws, and holds at most maxFrameBytes between pushes', () => {
    fc.assert(
      fc.property(
        anyStream.chain((bytes) => fc.tuple(fc.constant(bytes), cutsOf(bytes.length))),
        ([bytes, cuts]) => {
          const run = parser({ maxFrameBytes, wantEvent: (name) => name.length % 2 === 0 });
          let from = 0;
          for (const cut of [...cuts, bytes.length]) {
            run.parser.push(bytes.subarray(from, cut));
            from = cut;
            expect(run.parser.bufferedBytes).toBeLessThanOrEqual(maxFrameBytes);
          }
          for (const frame of run.frames) expect(frame.byteLength).toBeLessThanOrEqual(maxFrameBytes);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('gives the same frames and counters however the bytes are chunked', () => {
    fc.assert(
      fc.property(
        anyStream.chain((bytes) => fc.tuple(fc.constant(bytes), cutsOf(bytes.length))),
        ([bytes, cuts]) => {
          const whole = parseWhole(bytes, { maxFrameBytes });
          const chunked = parseChunked(bytes, cuts, { maxFrameBytes });
          expect(plain(chunked.frames)).toEqual(plain(whole.frames));
          expect(chunked.banners).toEqual(whole.banners);
          expect(countersOf(chunked)).toEqual(countersOf(whole));
        },
      ),
      { numRuns: 400 },
    );
  });
});
