import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AMI_EVENTS_WANTED, mapAmiEvent, type MapResult } from '../../../server/ingest/ami/ami-event-mapper';
import type { AmiFrame } from '../../../server/ingest/ami/ami-frame';
import type { QueueEvent } from '../../../server/domain/queue-events';
import { frameFromText } from '../../fixtures/ami/frame-text';
import * as ast22 from '../../fixtures/ami/asterisk22-frames';
import * as older from '../../fixtures/ami/older-asterisk-frames';

/** When the frames of the fixtures were received; differs from every Timestamp in them. */
const RECEIVED_AT = 1_718_099_999_000;

function map(text: string): MapResult {
  return mapAmiEvent(frameFromText(text), RECEIVED_AT);
}

function mapEvent(text: string): QueueEvent {
  const result = map(text);
  if (result.kind !== 'event') throw new Error(`expected an event, got ${JSON.stringify(result)}`);
  return result.event;
}

/** The fixture frame with some headers replaced (value) or removed (null). */
function withFields(text: string, changes: Record<string, string | null>): AmiFrame {
  const { fields, byteLength } = frameFromText(text);
  const changed: Record<string, string> = { ...fields };
  for (const [name, value] of Object.entries(changes)) {
    if (value === null) delete changed[name.toLowerCase()];
    else changed[name.toLowerCase()] = value;
  }
  return { fields: changed, byteLength };
}

describe('event time', () => {
  it('takes the time from the Timestamp header, epoch seconds with microseconds, as epoch ms', () => {
    expect(mapEvent(ast22.QUEUE_CALLER_JOIN).at).toBe(1_718_090_001_250);
  });

  it('uses the receive time when the PBX sends no Timestamp (timestampevents=no)', () => {
    expect(mapEvent(ast22.QUEUE_CALLER_JOIN_WITHOUT_TIMESTAMP).at).toBe(RECEIVED_AT);
  });

  it('uses the receive time when the Timestamp is malformed', () => {
    const result = mapAmiEvent(withFields(ast22.QUEUE_CALLER_JOIN, { Timestamp: 'yesterday' }), RECEIVED_AT);
    expect(result).toMatchObject({ kind: 'event', event: { at: RECEIVED_AT } });
  });

  it('reads a Timestamp without a fraction as whole seconds', () => {
    const result = mapAmiEvent(withFields(ast22.QUEUE_CALLER_JOIN, { Timestamp: '1718090001' }), RECEIVED_AT);
    expect(result).toMatchObject({ kind: 'event', event: { at: 1_718_090_001_000 } });
  });
});

describe('caller events', () => {
  it('maps QueueCallerJoin to caller.joined with the caller channel Uniqueid, position and number', () => {
    expect(mapEvent(ast22.QUEUE_CALLER_JOIN)).toEqual({
      kind: 'caller.joined',
      at: 1_718_090_001_250,
      queueId: 'support',
      callId: '1718090001.84',
      position: 1,
      callerId: '74951234567',
    });
  });

  it('gives a null caller id when the snapshot says <unknown>', () => {
    expect(mapEvent(ast22.QUEUE_CALLER_JOIN_ANONYMOUS)).toMatchObject({ kind: 'caller.joined', callerId: null });
  });

  it('maps QueueCallerLeave to caller.left', () => {
    expect(mapEvent(ast22.QUEUE_CALLER_LEAVE)).toEqual({
      kind: 'caller.left',
      at: 1_718_090_112_503,
      queueId: 'support',
      callId: '1718090100.90',
    });
  });

  it('maps QueueCallerAbandon to caller.abandonRaised with HoldTime in seconds', () => {
    expect(mapEvent(ast22.QUEUE_CALLER_ABANDON)).toEqual({
      kind: 'caller.abandonRaised',
      at: 1_718_090_112_503,
      queueId: 'support',
      callId: '1718090100.90',
      holdSec: 12,
    });
  });

  it('maps VarSet of QUEUESTATUS to caller.exitStatus on that channel', () => {
    expect(mapEvent(ast22.VARSET_QUEUESTATUS_TIMEOUT)).toEqual({
      kind: 'caller.exitStatus',
      at: 1_718_090_360_011,
      callId: '1718090300.95',
      status: 'TIMEOUT',
    });
  });

  it('ignores a VarSet of any other variable', () => {
    expect(map(ast22.VARSET_QUEUEPOSITION)).toEqual({ kind: 'ignored', eventName: 'VarSet' });
  });

  it('maps Hangup to channel.hungUp', () => {
    expect(mapEvent(ast22.HANGUP)).toEqual({ kind: 'channel.hungUp', at: 1_718_090_112_520, callId: '1718090100.90' });
  });
});

describe('agent events', () => {
  it('maps AgentCalled to agent.called for the caller Uniqueid (not the Dest channel) and the member interface', () => {
    expect(mapEvent(ast22.AGENT_CALLED)).toEqual({
      kind: 'agent.called',
      at: 1_718_090_003_004,
      queueId: 'support',
      callId: '1718090001.84',
      agentId: 'PJSIP/1001',
      name: 'Anna Petrova',
    });
  });

  it('keeps AgentRingNoAnswer RingTime in milliseconds', () => {
    expect(mapEvent(ast22.AGENT_RING_NO_ANSWER)).toEqual({
      kind: 'agent.ringNoAnswer',
      at: 1_718_090_018_007,
      queueId: 'support',
      callId: '1718090001.84',
      agentId: 'PJSIP/1001',
      ringMs: 15_000,
    });
  });

  it('maps AgentConnect with HoldTime and RingTime in seconds', () => {
    expect(mapEvent(ast22.AGENT_CONNECT)).toEqual({
      kind: 'agent.connected',
      at: 1_718_090_024_412,
      queueId: 'support',
      callId: '1718090001.84',
      agentId: 'PJSIP/1002',
      name: 'Boris Sokolov',
      holdSec: 23,
      ringSec: 4,
    });
  });

  it('maps AgentComplete with both channels to agent.completed', () => {
    expect(mapEvent(ast22.AGENT_COMPLETE)).toEqual({
      kind: 'agent.completed',
      at: 1_718_090_205_118,
      queueId: 'support',
      callId: '1718090001.84',
      agentId: 'PJSIP/1002',
      holdSec: 23,
      talkSec: 181,
      reason: 'agent',
    });
  });

  it('maps AgentComplete without the caller fields to a null callId, the agent still known by Interface', () => {
    expect(mapEvent(ast22.AGENT_COMPLETE_WITHOUT_CALLER)).toMatchObject({
      kind: 'agent.completed',
      queueId: 'support',
      callId: null,
      agentId: 'PJSIP/1002',
      reason: 'caller',
    });
  });

  it('maps AgentComplete without the Dest fields using the caller Uniqueid', () => {
    expect(mapEvent(ast22.AGENT_COMPLETE_WITHOUT_DEST)).toMatchObject({
      kind: 'agent.completed',
      callId: '1718090001.84',
      agentId: 'PJSIP/1002',
      talkSec: 181,
    });
  });

  it('maps AgentComplete without either channel', () => {
    expect(mapEvent(ast22.AGENT_COMPLETE_WITHOUT_CHANNELS)).toMatchObject({
      kind: 'agent.completed',
      callId: null,
      agentId: 'PJSIP/1002',
      holdSec: 23,
    });
  });

  it('maps AgentDump to agent.dumped with the Local interface as the agent', () => {
    expect(mapEvent(ast22.AGENT_DUMP)).toEqual({
      kind: 'agent.dumped',
      at: 1_718_090_410_660,
      queueId: 'sales',
      callId: '1718090400.99',
      agentId: 'Local/1003@agents/n',
    });
  });
});

describe('member events', () => {
  it('maps QueueMemberAdded to member.added, the agent being the Interface, not the StateInterface', () => {
    expect(mapEvent(ast22.QUEUE_MEMBER_ADDED)).toEqual({
      kind: 'member.added',
      at: 1_718_090_500_300,
      member: {
        queueId: 'sales',
        agentId: 'Local/1003@agents/n',
        name: 'Olga Ivanova',
        deviceStatus: 1,
        paused: false,
        pausedReason: null,
        inCall: false,
        wrapupSec: 0,
      },
    });
  });

  it('maps QueueMemberRemoved to member.removed', () => {
    expect(mapEvent(ast22.QUEUE_MEMBER_REMOVED)).toEqual({
      kind: 'member.removed',
      at: 1_718_097_700_812,
      queueId: 'sales',
      agentId: 'Local/1003@agents/n',
    });
  });

  it('maps QueueMemberStatus of a member in a call, with its own wrap-up time', () => {
    expect(mapEvent(ast22.QUEUE_MEMBER_STATUS_IN_CALL)).toEqual({
      kind: 'member.status',
      at: 1_718_090_024_415,
      member: {
        queueId: 'support',
        agentId: 'PJSIP/1002',
        name: 'Boris Sokolov',
        deviceStatus: 2,
        paused: false,
        pausedReason: null,
        inCall: true,
        wrapupSec: 15,
      },
    });
  });

  it('takes wrap-up 0 when QueueMemberStatus has no Wrapuptime', () => {
    const result = mapAmiEvent(withFields(ast22.QUEUE_MEMBER_STATUS_IN_CALL, { Wrapuptime: null }), RECEIVED_AT);
    expect(result).toMatchObject({ kind: 'event', event: { member: { wrapupSec: 0 } } });
  });

  it('falls back to Location, then StateInterface, for the agent; to Name, then the interface, for its name', () => {
    const byLocation = withFields(ast22.QUEUE_MEMBER_STATUS_IN_CALL, {
      Interface: null,
      Location: 'PJSIP/1009',
      MemberName: null,
      Name: 'Nina',
    });
    expect(mapAmiEvent(byLocation, RECEIVED_AT)).toMatchObject({
      event: { member: { agentId: 'PJSIP/1009', name: 'Nina' } },
    });

    const byStateInterface = withFields(ast22.QUEUE_MEMBER_STATUS_IN_CALL, { Interface: null, MemberName: null });
    expect(mapAmiEvent(byStateInterface, RECEIVED_AT)).toMatchObject({
      event: { member: { agentId: 'PJSIP/1002', name: 'PJSIP/1002' } },
    });
  });

  it('maps an Asterisk 22 pause with its PausedReason', () => {
    expect(mapEvent(ast22.QUEUE_MEMBER_PAUSE)).toEqual({
      kind: 'member.paused',
      at: 1_718_090_600_125,
      queueId: 'support',
      agentId: 'PJSIP/1001',
      paused: true,
      reason: 'Lunch',
    });
  });

  it('maps an unpause that keeps a reason (Paused: 0, PausedReason: Back) as not paused, reason passed on', () => {
    expect(mapEvent(ast22.QUEUE_MEMBER_UNPAUSE_WITH_REASON)).toMatchObject({
      kind: 'member.paused',
      paused: false,
      reason: 'Back',
    });
  });

  it('gives a null reason to an unpause without one', () => {
    const result = mapAmiEvent(
      withFields(ast22.QUEUE_MEMBER_UNPAUSE_WITH_REASON, { PausedReason: '' }),
      RECEIVED_AT,
    );
    expect(result).toMatchObject({ kind: 'event', event: { paused: false, reason: null } });
  });

  it('reads the reason of an Asterisk 16 pause, which sends PausedReason and the deprecated Reason', () => {
    expect(mapEvent(older.ASTERISK16_QUEUE_MEMBER_PAUSE)).toMatchObject({ paused: true, reason: 'Lunch' });
  });

  it('reads the reason of an Asterisk 16 unpause from Reason when PausedReason is empty', () => {
    const event = mapEvent(older.ASTERISK16_QUEUE_MEMBER_UNPAUSE_WITH_REASON);
    expect(event).toMatchObject({ paused: false, reason: 'Back' });
  });

  it('reads the reason of an older pause that only has Reason', () => {
    expect(mapEvent(older.ASTERISK13_QUEUE_MEMBER_PAUSE)).toEqual({
      kind: 'member.paused',
      at: 1_718_090_600_125,
      queueId: 'support',
      agentId: 'SIP/1001',
      paused: true,
      reason: 'Lunch',
    });
  });

  it('ignores QueueMemberRinginuse', () => {
    expect(map(ast22.QUEUE_MEMBER_RINGINUSE)).toEqual({ kind: 'ignored', eventName: 'QueueMemberRinginuse' });
  });
});

describe('frames it cannot use', () => {
  it('ignores events it does not model', () => {
    expect(map(ast22.NEWEXTEN)).toEqual({ kind: 'ignored', eventName: 'Newexten' });
  });

  it('ignores a frame without Event (an action response)', () => {
    expect(map(ast22.QUEUE_STATUS_REPLY_FRAMES[0] ?? '')).toEqual({ kind: 'ignored', eventName: '' });
  });

  it('reports a non-numeric number as invalid, naming the field', () => {
    const result = mapAmiEvent(withFields(ast22.QUEUE_CALLER_ABANDON, { HoldTime: '12s' }), RECEIVED_AT);
    expect(result).toEqual({
      kind: 'invalid',
      eventName: 'QueueCallerAbandon',
      problem: 'HoldTime "12s" is not a whole number',
    });
  });

  it('reports negative and fractional numbers as invalid', () => {
    for (const ringTime of ['-5', '4.5', '']) {
      const result = mapAmiEvent(withFields(ast22.AGENT_CONNECT, { RingTime: ringTime }), RECEIVED_AT);
      expect(result.kind, `RingTime ${JSON.stringify(ringTime)}`).toBe('invalid');
    }
  });

  it('reports a header holding NUL as invalid, so the value never reaches the store', () => {
    const result = mapAmiEvent(withFields(ast22.QUEUE_CALLER_JOIN, { CallerIDNum: '555\u00001234' }), RECEIVED_AT);
    expect(result).toEqual({ kind: 'invalid', eventName: 'QueueCallerJoin', problem: 'CallerIDNum holds a NUL character' });
  });

  it('reports every missing required field in one problem', () => {
    const result = mapAmiEvent(withFields(ast22.AGENT_CONNECT, { Uniqueid: null, Queue: '' }), RECEIVED_AT);
    expect(result).toEqual({ kind: 'invalid', eventName: 'AgentConnect', problem: 'missing Queue; missing Uniqueid' });
  });

  it('reports a member without any interface as invalid', () => {
    const frame = withFields(ast22.QUEUE_MEMBER_REMOVED, { Interface: null, StateInterface: null });
    expect(mapAmiEvent(frame, RECEIVED_AT)).toEqual({
      kind: 'invalid',
      eventName: 'QueueMemberRemoved',
      problem: 'missing Interface (and Location, StateInterface)',
    });
  });

  it('reports a device state outside 0..8 and a Paused flag other than 0/1 as invalid', () => {
    const frame = withFields(ast22.QUEUE_MEMBER_STATUS_IN_CALL, { Status: '9', Paused: 'yes' });
    expect(mapAmiEvent(frame, RECEIVED_AT)).toEqual({
      kind: 'invalid',
      eventName: 'QueueMemberStatus',
      problem: 'Status 9 is not a device state 0..8; Paused "yes" is not 0 or 1',
    });
  });

  it('shortens a long bad value in the problem it reports', () => {
    const result = mapAmiEvent(withFields(ast22.QUEUE_CALLER_JOIN, { Position: 'x'.repeat(10_000) }), RECEIVED_AT);
    expect(result.kind === 'invalid' && result.problem.length).toBeLessThan(100);
  });

  it('never throws, whatever the fields of a wanted event hold', () => {
    const eventName = fc.constantFrom(...AMI_EVENTS_WANTED, 'constructor', 'toString');
    const header = fc.constantFrom(
      ...['queue', 'uniqueid', 'position', 'holdtime', 'talktime', 'ringtime', 'interface', 'location'],
      ...['stateinterface', 'membername', 'name', 'status', 'paused', 'incall', 'wrapuptime', 'reason'],
      ...['pausedreason', 'variable', 'value', 'timestamp'],
    );
    const value = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('0', '1', '8', '9', 'QUEUESTATUS', '1.5'));
    fc.assert(
      fc.property(eventName, fc.dictionary(header, value), (name, fields) => {
        const result = mapAmiEvent({ fields: { ...fields, event: name }, byteLength: 0 }, RECEIVED_AT);
        expect(['event', 'ignored', 'invalid']).toContain(result.kind);
      }),
    );
  });
});

describe('AMI_EVENTS_WANTED', () => {
  it('lists exactly the events the mapper reads, so the parser may skip the rest', () => {
    expect([...AMI_EVENTS_WANTED].sort()).toEqual([
      'AgentCalled',
      'AgentComplete',
      'AgentConnect',
      'AgentDump',
      'AgentRingNoAnswer',
      'Hangup',
      'QueueCallerAbandon',
      'QueueCallerJoin',
      'QueueCallerLeave',
      'QueueMemberAdded',
      'QueueMemberPause',
      'QueueMemberRemoved',
      'QueueMemberStatus',
      'VarSet',
    ]);
  });

  it('ignores every event left out of the list', () => {
    expect(AMI_EVENTS_WANTED.has('Newexten')).toBe(false);
    expect(map(ast22.NEWEXTEN).kind).toBe('ignored');
    expect(AMI_EVENTS_WANTED.has('QueueMemberRinginuse')).toBe(false);
  });
});
