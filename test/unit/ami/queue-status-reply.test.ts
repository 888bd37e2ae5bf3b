import { describe, expect, it } from 'vitest';
import { queueStatusToResync } from '../../../server/ingest/ami/queue-status-reply';
import type { AmiFrame } from '../../../server/ingest/ami/ami-frame';
import { frameFromText, framesFromText } from '../../fixtures/ami/frame-text';
import { QUEUE_STATUS_REPLY, QUEUE_STATUS_REPLY_FRAMES } from '../../fixtures/ami/asterisk22-frames';

/** When the reply arrived. */
const AT = 1_718_091_000_000;

function replyFrames(): AmiFrame[] {
  return QUEUE_STATUS_REPLY_FRAMES.map(frameFromText);
}

describe('queueStatusToResync', () => {
  it('turns a full QueueStatus reply into one queue.resync event without problems', () => {
    const { event, problems } = queueStatusToResync(framesFromText(QUEUE_STATUS_REPLY), AT);

    expect(problems).toEqual([]);
    expect(event).toEqual({
      kind: 'queue.resync',
      at: AT,
      // The configured SL threshold and strategy, and the PBX's counters as they are (a link gap's evidence only).
      queues: [
        {
          queueId: 'support',
          serviceLevelSec: 20,
          strategy: 'rrmemory',
          pbx: { completed: 311, abandoned: 27, serviceLevelPerfPct: 87.5, holdtimeSec: 18, talktimeSec: 164 },
        },
        {
          queueId: 'sales',
          serviceLevelSec: 30,
          strategy: 'ringall',
          pbx: { completed: 0, abandoned: 0, serviceLevelPerfPct: 0, holdtimeSec: 0, talktimeSec: 0 },
        },
      ],
      members: [
        {
          queueId: 'support',
          agentId: 'PJSIP/1001',
          name: 'Anna Petrova',
          deviceStatus: 1,
          paused: true,
          pausedReason: 'Lunch',
          inCall: false,
          wrapupSec: 0,
          lastCallSec: 1718089500,
        },
        {
          queueId: 'support',
          agentId: 'PJSIP/1002',
          name: 'Boris Sokolov',
          deviceStatus: 2,
          paused: false,
          pausedReason: null,
          inCall: true,
          wrapupSec: 15,
          lastCallSec: 1718089950,
        },
        {
          queueId: 'sales',
          agentId: 'Local/1003@agents/n',
          name: 'Olga Ivanova',
          deviceStatus: 1,
          paused: false,
          pausedReason: null,
          inCall: false,
          wrapupSec: 0,
          lastCallSec: 0,
        },
      ],
      entries: [
        { queueId: 'support', callId: '1718090955.104', position: 1, callerId: '74951234567', joinedAt: AT - 45_000 },
        // QueueEntry prints `unknown` for a caller without a number.
        { queueId: 'support', callId: '1718090988.107', position: 2, callerId: null, joinedAt: AT - 12_000 },
      ],
    });
  });

  it('leaves out a malformed member, keeps the rest, and says why', () => {
    const frames = replyFrames();
    const boris = frames[3];
    if (!boris) throw new Error('fixture changed');
    frames[3] = { ...boris, fields: { ...boris.fields, status: 'busy' } };

    const { event, problems } = queueStatusToResync(frames, AT);

    expect(event.members.map((m) => m.agentId)).toEqual(['PJSIP/1001', 'Local/1003@agents/n']);
    expect(event.queues).toHaveLength(2);
    expect(event.entries).toHaveLength(2);
    expect(problems).toEqual(['QueueMember (Queue support): Status "busy" is not a whole number']);
  });

  it('says the reply is incomplete when QueueStatusComplete is missing', () => {
    const { event, problems } = queueStatusToResync(replyFrames().slice(0, -1), AT);

    expect(event.members).toHaveLength(3);
    expect(problems).toEqual(['no QueueStatusComplete: the reply is incomplete']);
  });

  it('says so when fewer items arrived than QueueStatusComplete announces', () => {
    const frames = replyFrames().filter((frame) => frame.fields.uniqueid !== '1718090988.107');

    const { event, problems } = queueStatusToResync(frames, AT);

    expect(event.entries).toHaveLength(1);
    expect(problems).toEqual(['QueueStatusComplete announces 7 items but 6 arrived']);
  });

  it('gives an empty resync for a PBX without queues', () => {
    const frames = [
      QUEUE_STATUS_REPLY_FRAMES[0] ?? '',
      'Event: QueueStatusComplete\r\nActionID: resync-1\r\nEventList: Complete\r\nListItems: 0\r\n\r\n',
    ].map(frameFromText);

    expect(queueStatusToResync(frames, AT)).toEqual({
      event: { kind: 'queue.resync', at: AT, queues: [], members: [], entries: [] },
      problems: [],
    });
  });
});
