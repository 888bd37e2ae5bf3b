import { amiTimestamp, serializeFields, type AmiField } from './ami-event';
import { memberStateFields } from './ami-events';
import type { QueueStatusView } from './model-views';

/**
 * Replies to actions, as manager.c and app_queue.c write them: `Response:`
 * first, `ActionID:` echoed when the action had one, no Privilege and no
 * Timestamp (those belong to events).
 */

const actionIdField = (actionId: string | null): AmiField[] => (actionId ? [['ActionID', actionId]] : []);

/** astman_send_response_full */
export function response(kind: 'Success' | 'Error' | 'Goodbye', actionId: string | null, message: string | null): string {
  return serializeFields([
    ['Response', kind],
    ...actionIdField(actionId),
    ...(message === null ? [] : ([['Message', message]] as AmiField[])),
  ]);
}

/** action_ping: the PBX's clock (here: simulated time) as `Timestamp`. */
export function pingReply(actionId: string | null, now: number): string {
  return serializeFields([
    ['Response', 'Success'],
    ...actionIdField(actionId),
    ['Ping', 'Pong'],
    ['Timestamp', amiTimestamp(now)],
  ]);
}

/** app_queue's S_COR(..., "unknown") for QueueEntry caller ids (not the `<unknown>` of channel snapshots). */
const orUnknown = (value: string): string => value || 'unknown';
const percent = (part: number, whole: number): string => (whole > 0 ? ((100 * part) / whole).toFixed(1) : '0.0');

/**
 * manager_queues_status: a list ack, per queue one QueueParams, its QueueMember
 * and QueueEntry frames, then QueueStatusComplete counting the frames between.
 */
export function queueStatusReply(
  view: QueueStatusView,
  actionId: string | null,
  filter: { queue: string | null; member: string | null },
): string {
  const id = actionIdField(actionId);
  const frames: string[] = [
    serializeFields([
      ['Response', 'Success'],
      ...id,
      ['EventList', 'start'],
      ['Message', 'Queue status will follow'],
    ]),
  ];
  const nowSec = Math.floor(view.at / 1000);
  let items = 0;
  for (const queue of view.queues) {
    if (filter.queue !== null && queue.name.toLowerCase() !== filter.queue.toLowerCase()) continue;
    const stats = queue.stats;
    frames.push(
      serializeFields([
        ['Event', 'QueueParams'],
        ['Queue', queue.name],
        ['Max', '0'],
        ['Strategy', queue.strategy],
        ['Calls', String(queue.waitingCount)],
        ['Holdtime', String(stats.holdtime)],
        ['TalkTime', String(stats.talktime)],
        ['Completed', String(stats.completed)],
        ['Abandoned', String(stats.abandoned)],
        ['ServiceLevel', String(queue.serviceLevelSec)],
        ['ServicelevelPerf', percent(stats.completedInSl, stats.completed)],
        ['ServicelevelPerf2', percent(stats.completedInSl + stats.abandonedInSl, stats.completed + stats.abandoned)],
        ['Weight', '0'],
        ...id,
      ]),
    );
    items++;
    for (const member of queue.members) {
      if (filter.member !== null && member.interface !== filter.member && member.memberName !== filter.member) continue;
      frames.push(
        serializeFields([
          ['Event', 'QueueMember'],
          ['Queue', queue.name],
          ['Name', member.memberName],
          ['Location', member.interface],
          ...memberStateFields(member),
          ['Wrapuptime', '0'],
          ...id,
        ]),
      );
      items++;
    }
    queue.entries.forEach(({ channel, joinedAt }, index) => {
      frames.push(
        serializeFields([
          ['Event', 'QueueEntry'],
          ['Queue', queue.name],
          ['Position', String(index + 1)],
          ['Channel', channel.name],
          ['Uniqueid', channel.uniqueid],
          ['CallerIDNum', orUnknown(channel.callerNum)],
          ['CallerIDName', orUnknown(channel.callerName)],
          ['ConnectedLineNum', orUnknown(channel.connectedNum)],
          ['ConnectedLineName', orUnknown(channel.connectedName)],
          // (now - qe->start) with both in whole seconds
          ['Wait', String(nowSec - Math.floor(joinedAt / 1000))],
          ['Priority', '0'],
          ...id,
        ]),
      );
      items++;
    });
  }
  frames.push(
    serializeFields([['Event', 'QueueStatusComplete'], ...id, ['EventList', 'Complete'], ['ListItems', String(items)]]),
  );
  return frames.join('');
}
