import type { AmiFrame } from './ami-frame';
import { FrameFields, callerNumber, readMemberInfo } from './ami-event-mapper';
import type { PbxQueueParams } from '../../domain/link-gap';
import type { MemberInfo, QueueEvent, QueueParamsInfo, WaitingEntry } from '../../domain/queue-events';

export type QueueResync = Extract<QueueEvent, { kind: 'queue.resync' }>;

/**
 * Turns the answer to `Action: QueueStatus` into one 'queue.resync' event.
 *
 * The answer is a list: a `Response: Success` with `EventList: start`, then per
 * queue one QueueParams, its QueueMember frames and its QueueEntry frames, and a
 * closing QueueStatusComplete whose `ListItems` counts the frames in between.
 * These frames carry `ActionID` but no `Timestamp`, so `at` (when the reply
 * arrived) is the time of the whole snapshot.
 *
 * A malformed frame is left out and described in `problems`; the caller decides
 * whether a reply with problems may still replace the live state.
 */
export function queueStatusToResync(
  frames: readonly AmiFrame[],
  at: number,
): { event: QueueResync; problems: string[] } {
  const queues: QueueParamsInfo[] = [];
  const members: MemberInfo[] = [];
  const entries: WaitingEntry[] = [];
  const problems: string[] = [];
  let listedItems = 0;
  let complete: { listItems: number | null } | null = null;

  const collect = <T>(eventName: string, fields: FrameFields, item: T, into: T[]): void => {
    listedItems += 1;
    if (fields.problems.length === 0) into.push(item);
    else problems.push(`${eventName} (Queue ${fields.optional('Queue') ?? 'missing'}): ${fields.problems.join('; ')}`);
  };

  for (const frame of frames) {
    const eventName = frame.fields.event;
    const fields = new FrameFields(frame);
    switch (eventName) {
      case 'QueueParams':
        collect(eventName, fields, readQueueParams(fields), queues);
        break;
      case 'QueueMember':
        collect(eventName, fields, readQueueMember(fields), members);
        break;
      case 'QueueEntry':
        collect(eventName, fields, readQueueEntry(fields, at), entries);
        break;
      case 'QueueStatusComplete':
        complete = { listItems: fields.optionalCount('ListItems') };
        problems.push(...fields.problems.map((problem) => `QueueStatusComplete: ${problem}`));
        break;
    }
  }

  if (complete === null) {
    problems.push('no QueueStatusComplete: the reply is incomplete');
  } else if (complete.listItems !== null && complete.listItems !== listedItems) {
    problems.push(`QueueStatusComplete announces ${complete.listItems} items but ${listedItems} arrived`);
  }

  return { event: { kind: 'queue.resync', at, queues, members, entries }, problems };
}

/**
 * The queue's configuration, and the PBX's counters as they are. Completed,
 * Abandoned and ServicelevelPerf are Asterisk's counters since its last restart
 * or reload, not today's figures, so they never seed the board's counters: only
 * their change across a link gap is used (domain/link-gap.ts). A reply without
 * them (or with one unreadable) gives no evidence, and no problem either.
 */
function readQueueParams(fields: FrameFields): QueueParamsInfo {
  const strategy = fields.optional('Strategy');
  const pbx = readPbxCounters(fields);
  return {
    queueId: fields.text('Queue'),
    // The queue's configured service level threshold in seconds; 0 when unset.
    serviceLevelSec: fields.count('ServiceLevel'),
    ...(strategy === null ? {} : { strategy }),
    ...(pbx === null ? {} : { pbx }),
  };
}

function readPbxCounters(fields: FrameFields): PbxQueueParams | null {
  const value = (name: string): number | null => {
    const text = fields.optional(name);
    const number = text === null || text.trim() === '' ? NaN : Number(text);
    return Number.isFinite(number) && number >= 0 ? number : null;
  };
  const [completed, abandoned, perf, holdtime, talktime] = ['Completed', 'Abandoned', 'ServicelevelPerf', 'Holdtime', 'TalkTime'].map(value);
  if (completed == null || abandoned == null || !Number.isInteger(completed) || !Number.isInteger(abandoned)) return null;
  return { completed, abandoned, serviceLevelPerfPct: perf ?? 0, holdtimeSec: holdtime ?? 0, talktimeSec: talktime ?? 0 };
}

/** A member as QueueStatus lists it; `LastCall` says whether a call it had connected has ended since. */
function readQueueMember(fields: FrameFields): MemberInfo {
  const lastCallSec = fields.optionalCount('LastCall');
  return { ...readMemberInfo(fields), ...(lastCallSec === null ? {} : { lastCallSec }) };
}

function readQueueEntry(fields: FrameFields, at: number): WaitingEntry {
  return {
    queueId: fields.text('Queue'),
    callId: fields.text('Uniqueid'),
    position: fields.count('Position'),
    callerId: callerNumber(fields.optional('CallerIDNum')),
    // Wait is whole seconds since the caller joined, so joinedAt is exact to a second.
    joinedAt: at - fields.count('Wait') * 1000,
  };
}
