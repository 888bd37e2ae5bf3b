import { Privilege, type AmiEvent, type AmiField } from './ami-event';
import { channelFields, type Channel } from './channel';

/**
 * Builders for the events app_queue.c and the core emit, with Asterisk 22's
 * field lists and order. Queue events are stasis blobs turned into AMI by
 * queue_channel_to_ami / queue_multi_channel_to_ami / queue_member_to_ami: the
 * caller's snapshot unprefixed, the member's channel prefixed `Dest`, then the
 * JSON blob in the order app_queue.c packs it (jansson keeps insertion order).
 */

export interface QueueMemberView {
  queue: string;
  memberName: string;
  interface: string;
  callsTaken: number;
  /** epoch seconds of the last completed call, 0 = never */
  lastCall: number;
  /** epoch seconds of the last pause, 0 = never */
  lastPause: number;
  /** epoch seconds of the login to this queue */
  loginTime: number;
  inCall: boolean;
  /** AST_DEVICE_* */
  status: number;
  paused: boolean;
  pausedReason: string;
}

export type QueueMemberEventName = 'QueueMemberAdded' | 'QueueMemberRemoved' | 'QueueMemberPause' | 'QueueMemberStatus';

const agentEvent = (name: string, at: number, fields: AmiField[]): AmiEvent => ({
  name,
  privilege: Privilege.agent,
  at,
  fields,
});

const member = (queue: string, iface: string, memberName: string): AmiField[] => [
  ['Queue', queue],
  ['Interface', iface],
  ['MemberName', memberName],
];

export function queueCallerJoin(at: number, caller: Channel, queue: string, position: number, count: number): AmiEvent {
  return agentEvent('QueueCallerJoin', at, [
    ...channelFields(caller),
    ['Queue', queue],
    ['Position', String(position)],
    ['Count', String(count)],
  ]);
}

export function queueCallerLeave(at: number, caller: Channel, queue: string, count: number, position: number): AmiEvent {
  return agentEvent('QueueCallerLeave', at, [
    ...channelFields(caller),
    ['Queue', queue],
    ['Count', String(count)],
    ['Position', String(position)],
  ]);
}

export function queueCallerAbandon(
  at: number,
  caller: Channel,
  queue: string,
  position: number,
  originalPosition: number,
  holdSec: number,
): AmiEvent {
  return agentEvent('QueueCallerAbandon', at, [
    ...channelFields(caller),
    ['Queue', queue],
    ['Position', String(position)],
    ['OriginalPosition', String(originalPosition)],
    ['HoldTime', String(holdSec)],
  ]);
}

export interface MemberCall {
  caller: Channel | null;
  agentChannel: Channel | null;
  queue: string;
  interface: string;
  memberName: string;
}

const memberCallFields = (call: MemberCall): AmiField[] => [
  ...(call.caller ? channelFields(call.caller) : []),
  ...(call.agentChannel ? channelFields(call.agentChannel, 'Dest') : []),
  ...member(call.queue, call.interface, call.memberName),
];

export function agentCalled(at: number, call: MemberCall): AmiEvent {
  return agentEvent('AgentCalled', at, memberCallFields(call));
}

/** RingTime in milliseconds here (rna() passes the elapsed ms), unlike AgentConnect's seconds. */
export function agentRingNoAnswer(at: number, call: MemberCall, ringMs: number): AmiEvent {
  return agentEvent('AgentRingNoAnswer', at, [...memberCallFields(call), ['RingTime', String(ringMs)]]);
}

export function agentConnect(at: number, call: MemberCall, holdSec: number, ringSec: number): AmiEvent {
  return agentEvent('AgentConnect', at, [
    ...memberCallFields(call),
    ['HoldTime', String(holdSec)],
    ['RingTime', String(ringSec)],
  ]);
}

export type CompleteReason = 'caller' | 'agent' | 'transfer';

export function agentComplete(at: number, call: MemberCall, holdSec: number, talkSec: number, reason: CompleteReason): AmiEvent {
  return agentEvent('AgentComplete', at, [
    ...memberCallFields(call),
    ['HoldTime', String(holdSec)],
    ['TalkTime', String(talkSec)],
    ['Reason', reason],
  ]);
}

export function agentDump(at: number, call: MemberCall): AmiEvent {
  return agentEvent('AgentDump', at, memberCallFields(call));
}

/**
 * The member's state from StateInterface to PausedReason, in the order both
 * QueueMember* events and the QueueStatus answer's QueueMember frames print it
 * (they differ only in how they name the member before it, and in what follows).
 */
export function memberStateFields(view: QueueMemberView): AmiField[] {
  return [
    ['StateInterface', view.interface],
    ['Membership', 'dynamic'],
    ['Penalty', '0'],
    ['CallsTaken', String(view.callsTaken)],
    ['LastCall', String(view.lastCall)],
    ['LastPause', String(view.lastPause)],
    ['LoginTime', String(view.loginTime)],
    ['InCall', view.inCall ? '1' : '0'],
    ['Status', String(view.status)],
    ['Paused', view.paused ? '1' : '0'],
    ['PausedReason', view.pausedReason],
  ];
}

/** queue_member_blob_create: the member as every QueueMember* event prints it. */
export function queueMemberEvent(name: QueueMemberEventName, at: number, view: QueueMemberView): AmiEvent {
  return agentEvent(name, at, [
    ['Queue', view.queue],
    ['MemberName', view.memberName],
    ['Interface', view.interface],
    ...memberStateFields(view),
    ['Ringinuse', '0'],
    ['Wrapuptime', '0'],
  ]);
}

export function varSet(at: number, channel: Channel, variable: string, value: string): AmiEvent {
  return {
    name: 'VarSet',
    privilege: Privilege.dialplan,
    at,
    fields: [...channelFields(channel), ['Variable', variable], ['Value', value]],
  };
}

/** `Extension` repeats `Exten` (kept by Asterisk for old clients). */
export function newexten(at: number, channel: Channel, application: string, appData: string): AmiEvent {
  return {
    name: 'Newexten',
    privilege: Privilege.dialplan,
    at,
    fields: [
      ...channelFields(channel),
      ['Extension', channel.exten],
      ['Application', application],
      ['AppData', appData],
    ],
  };
}

export function hangup(at: number, channel: Channel): AmiEvent {
  return {
    name: 'Hangup',
    privilege: Privilege.call,
    at,
    fields: [...channelFields(channel), ['Cause', '16'], ['Cause-txt', 'Normal Clearing']],
  };
}

export function fullyBooted(at: number, uptimeSec: number, lastReloadSec: number): AmiEvent {
  return {
    name: 'FullyBooted',
    privilege: Privilege.system,
    at,
    fields: [
      ['Status', 'Fully Booted'],
      ['Uptime', String(uptimeSec)],
      ['LastReload', String(lastReloadSec)],
    ],
  };
}
