import type { AmiFrame } from './ami-frame';
import type { MemberInfo, QueueEvent } from '../../domain/queue-events';

/**
 * Turns one parsed AMI event into a normalized queue event.
 *
 * Field names follow app_queue.c's manager event documentation for Asterisk 16
 * to 22. Queue events carry the caller's channel snapshot unprefixed (`Uniqueid`
 * is the caller's) and the member's channel as `Dest*`; the agent is always taken
 * from the member interface, never from the Dest channel, because the Dest
 * fields are missing whenever the member's channel is already gone.
 */

export type MapResult =
  | { kind: 'event'; event: QueueEvent }
  /** not an event we model (or a VarSet of another variable) */
  | { kind: 'ignored'; eventName: string }
  /** an event we model, but with missing or malformed fields: counted, never thrown */
  | { kind: 'invalid'; eventName: string; problem: string };

/** The channel variable app_queue sets when a caller leaves unanswered (see the VarSet mapper). */
const QUEUESTATUS = 'QUEUESTATUS';
/** Longest bad value quoted back in a problem string (frames come from outside). */
const QUOTE_LIMIT = 40;
/** At most 15 digits, so the number stays exact in a double. */
const WHOLE_NUMBER = /^\d{1,15}$/;
const DEVICE_STATE_MAX = 8;
/** Asterisk prints these when a caller id is not set: `<unknown>` in channel snapshots, `unknown` in QueueEntry. */
const NO_CALLER_ID = new Set(['<unknown>', 'unknown']);

/**
 * Typed reads of one frame's headers. Each read records what is wrong with the
 * header instead of throwing, so a mapper reads every field it needs and the
 * caller decides afterwards whether the frame is usable.
 */
export class FrameFields {
  readonly problems: string[] = [];

  constructor(private readonly frame: AmiFrame) {}

  /**
   * The value, or null when the header is absent or empty (Asterisk prints
   * empty fields as `Name: `). A NUL makes the frame unusable: Asterisk's C
   * strings cannot hold one, so it is damage on the way, and Postgres refuses it
   * in history text.
   */
  optional(name: string): string | null {
    const value = this.frame.fields[name.toLowerCase()];
    if (value?.includes('\u0000')) this.problems.push(`${name} holds a NUL character`);
    return value === undefined || value === '' ? null : value;
  }

  text(name: string): string {
    const value = this.optional(name);
    if (value === null) this.problems.push(`missing ${name}`);
    return value ?? '';
  }

  /** A non-negative whole number (counts, seconds, milliseconds, positions). */
  count(name: string): number {
    const value = this.optional(name);
    if (value === null) {
      this.problems.push(`missing ${name}`);
      return 0;
    }
    return this.parseCount(name, value);
  }

  optionalCount(name: string): number | null {
    const value = this.optional(name);
    return value === null ? null : this.parseCount(name, value);
  }

  /** Asterisk's 0/1 booleans (Paused, InCall). */
  flag(name: string): boolean {
    const value = this.text(name);
    if (value !== '' && value !== '0' && value !== '1') this.problems.push(`${name} ${quote(value)} is not 0 or 1`);
    return value === '1';
  }

  /** AST_DEVICE_* from include/asterisk/devicestate.h: 0 (unknown) .. 8 (on hold). */
  deviceState(name: string): number {
    const state = this.count(name);
    if (state > DEVICE_STATE_MAX) this.problems.push(`${name} ${state} is not a device state 0..${DEVICE_STATE_MAX}`);
    return state;
  }

  private parseCount(name: string, value: string): number {
    if (WHOLE_NUMBER.test(value)) return Number(value);
    this.problems.push(`${name} ${quote(value)} is not a whole number`);
    return 0;
  }
}

function quote(value: string): string {
  return JSON.stringify(value.length > QUOTE_LIMIT ? `${value.slice(0, QUOTE_LIMIT)}...` : value);
}

/** `Timestamp: <epoch>.<usec>` (manager.conf timestampevents=yes), truncated to ms; null when absent or malformed. */
function timestampMs(fields: FrameFields): number | null {
  const stamp = fields.optional('Timestamp');
  const parts = stamp === null ? null : /^(\d{1,12})(?:\.(\d{1,6}))?$/.exec(stamp);
  if (!parts?.[1]) return null;
  const micros = Number((parts[2] ?? '').padEnd(6, '0'));
  // Split on the dot instead of parseFloat: 16 significant digits are at the edge of a double.
  return Number(parts[1]) * 1000 + Math.floor(micros / 1000);
}

/** The PBX's own time of a frame (events, and the Ping reply), when it carries one. */
export function frameTimestampMs(frame: AmiFrame): number | null {
  return timestampMs(new FrameFields(frame));
}

export function callerNumber(value: string | null): string | null {
  return value === null || NO_CALLER_ID.has(value) ? null : value;
}

/**
 * The member's interface, which identifies the agent. Events call it `Interface`;
 * the QueueStatus reply calls it `Location`. `StateInterface` is the last resort
 * (it names the device whose state is watched, usually the same phone).
 */
export function memberInterface(fields: FrameFields): string {
  const id = fields.optional('Interface') ?? fields.optional('Location') ?? fields.optional('StateInterface');
  if (id === null) fields.problems.push('missing Interface (and Location, StateInterface)');
  return id ?? '';
}

function memberName(fields: FrameFields, agentId: string): string {
  return fields.optional('MemberName') ?? fields.optional('Name') ?? agentId;
}

/**
 * `PausedReason` since Asterisk 16; 16 also sends the deprecated `Reason` on
 * QueueMemberPause, and older versions send only `Reason`. An unpause may carry a
 * reason too (`Paused: 0`, `PausedReason: Back`); it is passed on as sent, next
 * to `paused: false`.
 */
function pauseReason(fields: FrameFields): string | null {
  return fields.optional('PausedReason') ?? fields.optional('Reason');
}

/** The member blob of QueueMember* events and of the QueueStatus reply's QueueMember. */
export function readMemberInfo(fields: FrameFields): MemberInfo {
  const agentId = memberInterface(fields);
  return {
    queueId: fields.text('Queue'),
    agentId,
    name: memberName(fields, agentId),
    deviceStatus: fields.deviceState('Status'),
    paused: fields.flag('Paused'),
    pausedReason: pauseReason(fields),
    inCall: fields.flag('InCall'),
    wrapupSec: fields.optionalCount('Wrapuptime') ?? 0,
  };
}

/** Returns null for an event of a wanted type that still carries nothing for us (a VarSet of another variable). */
type EventMapper = (fields: FrameFields, at: number) => QueueEvent | null;

const MAPPERS = new Map<string, EventMapper>([
  [
    'QueueCallerJoin',
    (f, at) => ({
      kind: 'caller.joined',
      at,
      queueId: f.text('Queue'),
      callId: f.text('Uniqueid'),
      position: f.count('Position'),
      callerId: callerNumber(f.optional('CallerIDNum')),
    }),
  ],
  ['QueueCallerLeave', (f, at) => ({ kind: 'caller.left', at, queueId: f.text('Queue'), callId: f.text('Uniqueid') })],
  [
    'QueueCallerAbandon',
    // HoldTime is seconds in the queue (the docs' "seconds since 1970" wording is a copy-paste slip in app_queue.c).
    (f, at) => ({
      kind: 'caller.abandonRaised',
      at,
      queueId: f.text('Queue'),
      callId: f.text('Uniqueid'),
      holdSec: f.count('HoldTime'),
    }),
  ],
  [
    'AgentCalled',
    (f, at) => {
      const agentId = memberInterface(f);
      const name = memberName(f, agentId);
      return { kind: 'agent.called', at, queueId: f.text('Queue'), callId: f.text('Uniqueid'), agentId, name };
    },
  ],
  [
    'AgentRingNoAnswer',
    // RingTime here is MILLISECONDS (app_queue's rna() passes the dial timeout in ms), unlike AgentConnect's.
    (f, at) => ({
      kind: 'agent.ringNoAnswer',
      at,
      queueId: f.text('Queue'),
      callId: f.text('Uniqueid'),
      agentId: memberInterface(f),
      ringMs: f.count('RingTime'),
    }),
  ],
  [
    'AgentConnect',
    // HoldTime and RingTime are whole SECONDS here.
    (f, at) => {
      const agentId = memberInterface(f);
      return {
        kind: 'agent.connected',
        at,
        queueId: f.text('Queue'),
        callId: f.text('Uniqueid'),
        agentId,
        name: memberName(f, agentId),
        holdSec: f.count('HoldTime'),
        ringSec: f.count('RingTime'),
      };
    },
  ],
  [
    'AgentComplete',
    // Sent from the hangup of either side: the channel already gone has no snapshot,
    // so the caller's fields (Uniqueid) and/or the Dest* fields may be missing.
    (f, at) => ({
      kind: 'agent.completed',
      at,
      queueId: f.text('Queue'),
      callId: f.optional('Uniqueid'),
      agentId: memberInterface(f),
      holdSec: f.count('HoldTime'),
      talkSec: f.count('TalkTime'),
      reason: f.text('Reason'),
    }),
  ],
  [
    'AgentDump',
    (f, at) => ({
      kind: 'agent.dumped',
      at,
      queueId: f.text('Queue'),
      callId: f.optional('Uniqueid'),
      agentId: memberInterface(f),
    }),
  ],
  ['QueueMemberAdded', (f, at) => ({ kind: 'member.added', at, member: readMemberInfo(f) })],
  [
    'QueueMemberRemoved',
    (f, at) => ({ kind: 'member.removed', at, queueId: f.text('Queue'), agentId: memberInterface(f) }),
  ],
  [
    'QueueMemberPause',
    // A pause without a queue name sends one of these per queue the member is in.
    (f, at) => ({
      kind: 'member.paused',
      at,
      queueId: f.text('Queue'),
      agentId: memberInterface(f),
      paused: f.flag('Paused'),
      reason: pauseReason(f),
    }),
  ],
  ['QueueMemberStatus', (f, at) => ({ kind: 'member.status', at, member: readMemberInfo(f) })],
  // QueueMemberRinginuse (and QueueMemberPenalty) are left out on purpose: whether a
  // busy member may be rung, and in which order members are tried, change nothing
  // the board shows; the member's state still arrives through QueueMemberStatus.
  [
    'VarSet',
    // app_queue sets QUEUESTATUS on the caller's channel when it leaves unanswered:
    // TIMEOUT tells a timeout apart from a hang-up that also raised QueueCallerAbandon.
    (f, at) =>
      f.optional('Variable') === QUEUESTATUS
        ? { kind: 'caller.exitStatus', at, callId: f.text('Uniqueid'), status: f.text('Value') }
        : null,
  ],
  ['Hangup', (f, at) => ({ kind: 'channel.hungUp', at, callId: f.text('Uniqueid') })],
]);

/** Event names the mapper reads; the parser may skip every other event before building a frame. */
export const AMI_EVENTS_WANTED: ReadonlySet<string> = new Set(MAPPERS.keys());

/**
 * Events of these names carry something for the mapper only if their bytes
 * hold the text: the parser may skip the others undecoded (a busy PBX sends a
 * VarSet for every variable a dialplan sets, a quarter of its events).
 */
export const AMI_EVENT_MARKERS: ReadonlyMap<string, string> = new Map([['VarSet', QUEUESTATUS]]);

/** Never throws: a frame it cannot use comes back as 'ignored' or 'invalid'. */
export function mapAmiEvent(frame: AmiFrame, receivedAt: number): MapResult {
  // A frame without `Event:` (an action's Response) is not an event: nothing to map.
  const eventName = frame.fields.event ?? '';
  const mapper = MAPPERS.get(eventName);
  if (!mapper) return { kind: 'ignored', eventName };
  const fields = new FrameFields(frame);
  const event = mapper(fields, timestampMs(fields) ?? receivedAt);
  if (fields.problems.length > 0) return { kind: 'invalid', eventName, problem: fields.problems.join('; ') };
  return event ? { kind: 'event', event } : { kind: 'ignored', eventName };
}
