import { describe, expect, it } from 'vitest';
import { amiTimestamp, serializeEvent } from '../../../server/simulator/ami-event';
import { agentComplete, queueCallerJoin, queueMemberEvent } from '../../../server/simulator/ami-events';
import { ChannelState, type Channel } from '../../../server/simulator/channel';

const caller: Channel = {
  name: 'PJSIP/provider-0000000a',
  uniqueid: '1741586400.10',
  linkedid: '1741586400.10',
  state: ChannelState.up,
  callerNum: '79161234567',
  callerName: '',
  connectedNum: '',
  connectedName: '',
  language: 'en',
  accountCode: '',
  context: 'from-pstn',
  exten: '5001',
  priority: 4,
};

describe('AMI events on the wire', () => {
  it('writes Event, Privilege, Timestamp, the channel snapshot in Asterisk order, then the queue fields', () => {
    const at = Date.parse('2025-03-10T06:00:00.042Z');
    expect(serializeEvent(queueCallerJoin(at, caller, 'sales', 1, 1))).toBe(
      [
        'Event: QueueCallerJoin',
        'Privilege: agent,all',
        'Timestamp: 1741586400.042000',
        'Channel: PJSIP/provider-0000000a',
        'ChannelState: 6',
        'ChannelStateDesc: Up',
        'CallerIDNum: 79161234567',
        'CallerIDName: <unknown>',
        'ConnectedLineNum: <unknown>',
        'ConnectedLineName: <unknown>',
        'Language: en',
        'AccountCode: ',
        'Context: from-pstn',
        'Exten: 5001',
        'Priority: 4',
        'Uniqueid: 1741586400.10',
        'Linkedid: 1741586400.10',
        'Queue: sales',
        'Position: 1',
        'Count: 1',
        '',
        '',
      ].join('\r\n'),
    );
  });

  it('prints the timestamp as seconds and six digits of microseconds', () => {
    expect(amiTimestamp(1_741_586_400_007)).toBe('1741586400.007000');
    expect(amiTimestamp(1_741_586_400_999)).toBe('1741586400.999000');
  });

  it('leaves out the caller or the Dest block of AgentComplete when that channel is gone', () => {
    const text = serializeEvent(
      agentComplete(0, { caller: null, agentChannel: null, queue: 'sales', interface: 'PJSIP/1001', memberName: 'Anna' }, 12, 140, 'caller'),
    );
    expect(text).toBe(
      'Event: AgentComplete\r\nPrivilege: agent,all\r\nTimestamp: 0.000000\r\n' +
        'Queue: sales\r\nInterface: PJSIP/1001\r\nMemberName: Anna\r\nHoldTime: 12\r\nTalkTime: 140\r\nReason: caller\r\n\r\n',
    );
  });

  it('prints queue members with the fields of queue_member_blob_create', () => {
    const event = queueMemberEvent('QueueMemberPause', 0, {
      queue: 'support',
      memberName: 'Ivan',
      interface: 'PJSIP/1002',
      callsTaken: 3,
      lastCall: 1741586000,
      lastPause: 1741586300,
      loginTime: 1741580000,
      inCall: false,
      status: 1,
      paused: false,
      pausedReason: 'Lunch',
    });
    expect(event.fields.map(([name]) => name)).toEqual([
      'Queue',
      'MemberName',
      'Interface',
      'StateInterface',
      'Membership',
      'Penalty',
      'CallsTaken',
      'LastCall',
      'LastPause',
      'LoginTime',
      'InCall',
      'Status',
      'Paused',
      'PausedReason',
      'Ringinuse',
      'Wrapuptime',
    ]);
    expect(serializeEvent(event)).toContain('Paused: 0\r\nPausedReason: Lunch\r\n');
  });
});
