import { describe, expect, it } from 'vitest';
import { applyLiveOps, emptyLiveState, type AgentStateSpan, type LiveOp, type RingNoAnswer } from '../../../server/domain/live-state';
import type { QueueEvent } from '../../../server/domain/queue-events';
import { reduceQueueEvent } from '../../../server/domain/queue-reducer';
import { mapAmiEvent } from '../../../server/ingest/ami/ami-event-mapper';
import { parseQueueLogLine } from '../../../server/ingest/queue-log/queue-log-line';
import { QueueLogMapper } from '../../../server/ingest/queue-log/queue-log-mapper';
import { frameFromText } from '../../fixtures/ami/frame-text';
import * as ast22 from '../../fixtures/ami/asterisk22-frames';
import * as older from '../../fixtures/ami/older-asterisk-frames';
import { testQueueRules } from '../../support/queue-rules';

/**
 * The agents' day's facts from what a PBX really sends, through the mapper
 * and the reducer: the reason of a pause from each AMI version's header, and
 * from queue_log; a ring not answered from AgentRingNoAnswer and RINGNOANSWER.
 */

const rules = testQueueRules({});

function factsOf(events: QueueEvent[]): { spans: AgentStateSpan[]; rings: RingNoAnswer[] } {
  const state = emptyLiveState();
  const ops: LiveOp[] = [];
  for (const event of events) {
    const reduced = reduceQueueEvent(state, event, rules);
    applyLiveOps(state, reduced);
    ops.push(...reduced);
  }
  return {
    spans: ops.flatMap((op) => (op.op === 'history.agentState' ? [op.span] : [])),
    rings: ops.flatMap((op) => (op.op === 'history.ringNoAnswer' ? [op.ring] : [])),
  };
}

function amiEvent(text: string): QueueEvent {
  const result = mapAmiEvent(frameFromText(text), 0);
  if (result.kind !== 'event') throw new Error(`not an event: ${JSON.stringify(result)}`);
  return result.event;
}

const PAUSED_AT = 1_718_090_600_125;

/** The member of the fixtures, logged in before the pause, then logged off an hour after it. */
function aroundPause(agentId: string, pause: QueueEvent): QueueEvent[] {
  const member = { queueId: 'support', agentId, name: 'Anna Petrova', deviceStatus: 1, paused: false, pausedReason: null, inCall: false, wrapupSec: 0 };
  return [
    { kind: 'member.added', at: PAUSED_AT - 60_000, member },
    pause,
    { kind: 'member.removed', at: PAUSED_AT + 3_600_000, queueId: 'support', agentId },
  ];
}

describe("agents' day facts from AMI", () => {
  it.each([
    ['Asterisk 22 (PausedReason)', ast22.QUEUE_MEMBER_PAUSE, 'PJSIP/1001'],
    ['Asterisk 16 (PausedReason and the deprecated Reason)', older.ASTERISK16_QUEUE_MEMBER_PAUSE, 'PJSIP/1001'],
    ['Asterisk 13 (Reason only)', older.ASTERISK13_QUEUE_MEMBER_PAUSE, 'SIP/1001'],
  ])('a QueueMemberPause of %s makes a paused span with its reason', (_version, frame, agentId) => {
    const { spans } = factsOf(aroundPause(agentId, amiEvent(frame)));
    expect(spans.map((s) => [s.state, s.from, s.to, s.pauseReason])).toEqual([
      ['available', PAUSED_AT - 60_000, PAUSED_AT, null],
      ['paused', PAUSED_AT, PAUSED_AT + 3_600_000, 'Lunch'],
    ]);
  });

  it('an AgentRingNoAnswer is a ring not answered, with its RingTime', () => {
    const { rings } = factsOf([amiEvent(ast22.AGENT_RING_NO_ANSWER)]);
    expect(rings).toEqual([{ agentId: 'PJSIP/1001', queueId: 'support', callId: '1718090001.84', at: 1_718_090_018_007, ringMs: 15_000 }]);
  });
});

describe("agents' day facts from queue_log", () => {
  function queueLogEvents(lines: string[]): QueueEvent[] {
    const mapper = new QueueLogMapper();
    return lines.flatMap((text) => {
      const parsed = parseQueueLogLine(text);
      if (!parsed.ok) throw new Error(`fixture line did not parse: ${text}`);
      const mapped = mapper.map(parsed.line);
      return mapped.ok ? mapped.events : [];
    });
  }

  it('PAUSEALL then PAUSE per queue with the reason (app_queue), a PAUSE without one, and RINGNOANSWER', () => {
    const { spans, rings } = factsOf(
      queueLogEvents([
        '1700000000|NONE|support|PJSIP/1002|ADDMEMBER|',
        '1700000000|NONE|sales|PJSIP/1002|ADDMEMBER|',
        '1700000100|1700000090.7|support|PJSIP/1002|RINGNOANSWER|15000',
        '1700000600|NONE|NONE|PJSIP/1002|PAUSEALL|',
        '1700000600|NONE|support|PJSIP/1002|PAUSE|Training',
        '1700000600|NONE|sales|PJSIP/1002|PAUSE|Training',
        '1700002400|NONE|NONE|PJSIP/1002|UNPAUSEALL|',
        '1700003000|NONE|support|PJSIP/1002|PAUSE|',
        '1700003000|NONE|sales|PJSIP/1002|PAUSE|',
        '1700003300|NONE|NONE|PJSIP/1002|UNPAUSEALL|',
      ]),
    );
    const sec = (s: number) => s * 1000;
    expect(spans.map((s) => [s.state, s.from, s.to, s.pauseReason])).toEqual([
      ['available', sec(1700000000), sec(1700000600), null],
      ['paused', sec(1700000600), sec(1700002400), 'Training'],
      ['available', sec(1700002400), sec(1700003000), null],
      ['paused', sec(1700003000), sec(1700003300), null],
    ]);
    expect(rings).toEqual([{ agentId: 'PJSIP/1002', queueId: 'support', callId: '1700000090.7', at: sec(1700000100), ringMs: 15000 }]);
  });
});
