import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { QueueEvent } from '../../../server/domain/queue-events';
import { parseQueueLogLine } from '../../../server/ingest/queue-log/queue-log-line';
import { EXIT_WITH_KEY_STATUS, QueueLogMapper, type QueueLogMapping } from '../../../server/ingest/queue-log/queue-log-mapper';

/** Parses and maps lines in order through one mapper, as an import of one file does. */
function mapLines(lines: string[], mapper = new QueueLogMapper()): QueueLogMapping[] {
  return lines.map((text) => {
    const result = parseQueueLogLine(text);
    if (!result.ok) throw new Error(`fixture line did not parse: ${text} (${result.reason})`);
    return mapper.map(result.line);
  });
}

function eventsOf(lines: string[], mapper = new QueueLogMapper()): QueueEvent[] {
  return mapLines(lines, mapper).flatMap((m) => (m.ok ? m.events : []));
}

const S = 1000;

describe('call stories become the events the live AMI path produces', () => {
  it('answered: joined, a missed ring, left the queue and connected with hold and ring time, completed by the caller', () => {
    const events = eventsOf([
      '1700000000|1700000000.101|support|NONE|ENTERQUEUE||+79161234567|1',
      '1700000015|1700000000.101|support|boris|RINGNOANSWER|15000',
      '1700000022|1700000000.101|support|anna|CONNECT|22|1700000017.102|5',
      '1700000202|1700000000.101|support|anna|COMPLETECALLER|22|180|1',
    ]);
    expect(events).toEqual<QueueEvent[]>([
      {
        kind: 'caller.joined',
        at: 1_700_000_000 * S,
        queueId: 'support',
        callId: '1700000000.101',
        position: 1,
        callerId: '+79161234567',
      },
      {
        kind: 'agent.ringNoAnswer',
        at: 1_700_000_015 * S,
        queueId: 'support',
        callId: '1700000000.101',
        agentId: 'boris',
        ringMs: 15000,
      },
      { kind: 'caller.left', at: 1_700_000_022 * S, queueId: 'support', callId: '1700000000.101' },
      {
        kind: 'agent.connected',
        at: 1_700_000_022 * S,
        queueId: 'support',
        callId: '1700000000.101',
        agentId: 'anna',
        name: 'anna',
        holdSec: 22,
        ringSec: 5,
      },
      {
        kind: 'agent.completed',
        at: 1_700_000_202 * S,
        queueId: 'support',
        callId: '1700000000.101',
        agentId: 'anna',
        holdSec: 22,
        talkSec: 180,
        reason: 'caller',
      },
    ]);
  });

  it('completed by the agent carries reason agent', () => {
    const [completed] = eventsOf(['1700001055|1700000950.117|sales|anna|COMPLETEAGENT|5|100|1']);
    expect(completed).toMatchObject({ kind: 'agent.completed', reason: 'agent', holdSec: 5, talkSec: 100 });
  });

  it('abandoned: abandon raised with the wait, left, then the caller hung up', () => {
    const events = eventsOf([
      '1700000100|1700000100.103|support|NONE|ENTERQUEUE||+79031112233|2',
      '1700000130|1700000100.103|support|NONE|ABANDON|1|2|30',
    ]);
    const at = 1_700_000_130 * S;
    expect(events.slice(1)).toEqual<QueueEvent[]>([
      { kind: 'caller.abandonRaised', at, queueId: 'support', callId: '1700000100.103', holdSec: 30 },
      { kind: 'caller.left', at, queueId: 'support', callId: '1700000100.103' },
      { kind: 'channel.hungUp', at, callId: '1700000100.103' },
    ]);
  });

  it('timed out: abandon raised (as Asterisk does), left, and QUEUESTATUS TIMEOUT instead of a hang-up', () => {
    const events = eventsOf([
      '1700000200|1700000200.104|support|NONE|ENTERQUEUE||+79269998877|1',
      '1700000500|1700000200.104|support|NONE|EXITWITHTIMEOUT|1|1|300',
    ]);
    const at = 1_700_000_500 * S;
    expect(events.slice(1)).toEqual<QueueEvent[]>([
      { kind: 'caller.abandonRaised', at, queueId: 'support', callId: '1700000200.104', holdSec: 300 },
      { kind: 'caller.left', at, queueId: 'support', callId: '1700000200.104' },
      { kind: 'caller.exitStatus', at, callId: '1700000200.104', status: 'TIMEOUT' },
    ]);
  });

  it('left an emptied queue: exit status LEAVEEMPTY', () => {
    const events = eventsOf(['1700000840|1700000810.115|support|NONE|EXITEMPTY|1|1|30']);
    expect(events.map((e) => e.kind)).toEqual(['caller.abandonRaised', 'caller.left', 'caller.exitStatus']);
    expect(events[2]).toMatchObject({ status: 'LEAVEEMPTY' });
  });

  it('exited with a key: left with an exit status and no abandon raised', () => {
    const events = eventsOf([
      '1700000300|1700000300.105|support|NONE|ENTERQUEUE||+74957770000|1',
      '1700000312|1700000300.105|support|NONE|EXITWITHKEY|0|1|1|12',
    ]);
    const at = 1_700_000_312 * S;
    expect(events.slice(1)).toEqual<QueueEvent[]>([
      { kind: 'caller.left', at, queueId: 'support', callId: '1700000300.105' },
      { kind: 'caller.exitStatus', at, callId: '1700000300.105', status: EXIT_WITH_KEY_STATUS },
    ]);
  });

  it('transferred (blind, attended, and the pre-12 TRANSFER): completed with reason transfer and its times', () => {
    const events = eventsOf([
      '1700000464|1700000400.106|support|boris|BLINDTRANSFER|2000|from-internal|4|60|1',
      '1700000700|1700000600.108|sales|anna|ATTENDEDTRANSFER|BRIDGE|7f6c1d2e|5|95|1',
      '1700000753|1700000710.110|sales|anna|ATTENDEDTRANSFER|LINK|Local/2000@x-1;1|Local/2000@x-1;2|3|40|1',
      '1262304072|1262304000.7|support|SIP/2001|TRANSFER|2001|from-internal|7|65',
    ]);
    expect(events.map((e) => e.kind === 'agent.completed' && [e.agentId, e.reason, e.holdSec, e.talkSec])).toEqual([
      ['boris', 'transfer', 4, 60],
      ['anna', 'transfer', 5, 95],
      ['anna', 'transfer', 3, 40],
      ['SIP/2001', 'transfer', 7, 65],
    ]);
  });
});

describe('what older Asterisk versions leave out is filled in from the file', () => {
  it('a join without a position is placed behind the callers still waiting', () => {
    const events = eventsOf([
      '1262304000|1262304000.7|support|NONE|ENTERQUEUE||4951112233',
      '1262304001|1262304001.8|support|NONE|ENTERQUEUE||4951112234',
      '1262304002|1262304002.9|sales|NONE|ENTERQUEUE||4951112235',
      '1262304007|1262304000.7|support|SIP/2001|CONNECT|7|1262304005.8',
      '1262304010|1262304010.10|support|NONE|ENTERQUEUE||4951112236',
    ]);
    const joins = events.filter((e) => e.kind === 'caller.joined');
    expect(joins.map((e) => e.kind === 'caller.joined' && e.position)).toEqual([1, 2, 1, 2]);
  });

  it('a connect without ring time has ring 0', () => {
    const [, connected] = eventsOf(['1262304007|1262304000.7|support|SIP/2001|CONNECT|7|1262304005.8']);
    expect(connected).toMatchObject({ kind: 'agent.connected', holdSec: 7, ringSec: 0 });
  });

  it('a timeout without the wait takes it from the join seen earlier', () => {
    const events = eventsOf([
      '1262304100|1262304100.9|support|NONE|ENTERQUEUE||4953334455',
      '1262304400|1262304100.9|support|NONE|EXITWITHTIMEOUT|3',
    ]);
    expect(events[1]).toMatchObject({ kind: 'caller.abandonRaised', holdSec: 300 });
  });
});

describe('members', () => {
  it('added (paused or not) and removed', () => {
    const events = eventsOf([
      '1699999991|NONE|support|anna|ADDMEMBER|',
      '1699999992|NONE|support|boris|ADDMEMBER|PAUSED',
      '1700000807|NONE|support|anna|REMOVEMEMBER|',
    ]);
    expect(events[0]).toEqual<QueueEvent>({
      kind: 'member.added',
      at: 1_699_999_991 * S,
      member: {
        queueId: 'support',
        agentId: 'anna',
        name: 'anna',
        deviceStatus: 0,
        paused: false,
        pausedReason: null,
        inCall: false,
        wrapupSec: 0,
      },
    });
    expect(events[1]).toMatchObject({ kind: 'member.added', member: { agentId: 'boris', paused: true } });
    expect(events[2]).toEqual<QueueEvent>({ kind: 'member.removed', at: 1_700_000_807 * S, queueId: 'support', agentId: 'anna' });
  });

  it('paused and unpaused with the reason', () => {
    const events = eventsOf(['1700000805|NONE|support|boris|PAUSE|Lunch', '1700001160|NONE|support|boris|UNPAUSE|Back']);
    expect(events).toEqual<QueueEvent[]>([
      { kind: 'member.paused', at: 1_700_000_805 * S, queueId: 'support', agentId: 'boris', paused: true, reason: 'Lunch' },
      { kind: 'member.paused', at: 1_700_001_160 * S, queueId: 'support', agentId: 'boris', paused: false, reason: 'Back' },
    ]);
  });

  it('PAUSEALL pauses the agent in every queue it is still a member of', () => {
    const mapper = new QueueLogMapper();
    eventsOf(
      [
        '1700000000|NONE|support|PJSIP/1002|ADDMEMBER|',
        '1700000001|NONE|sales|PJSIP/1002|ADDMEMBER|',
        '1700000002|NONE|vip|PJSIP/1002|ADDMEMBER|',
        '1700000003|NONE|vip|PJSIP/1002|REMOVEMEMBER|',
      ],
      mapper,
    );
    const events = eventsOf(['1700001100|NONE|NONE|PJSIP/1002|PAUSEALL|'], mapper);
    expect(events.map((e) => e.kind === 'member.paused' && [e.queueId, e.paused])).toEqual([
      ['support', true],
      ['sales', true],
    ]);
    const unpaused = eventsOf(['1700001160|NONE|NONE|PJSIP/1002|UNPAUSEALL|'], mapper);
    expect(unpaused.every((e) => e.kind === 'member.paused' && !e.paused)).toBe(true);
  });

  it('PAUSEALL for an agent seen in no queue is skipped with the reason', () => {
    const [mapping] = mapLines(['1700001100|NONE|NONE|PJSIP/1009|PAUSEALL|']);
    expect(mapping).toMatchObject({ ok: false, skipped: 'agent_in_no_known_queue' });
  });

  it('an agent login without a queue rejoins the queues the agent was seen in; its logoff leaves them', () => {
    const mapper = new QueueLogMapper();
    const first = mapLines(['1700001200|1700001200.120|NONE|Agent/1001|AGENTLOGIN|PJSIP/1001-00000031'], mapper);
    expect(first[0]).toMatchObject({ ok: false, skipped: 'agent_in_no_known_queue' });
    const events = eventsOf(
      [
        '1700001300|1700001300.1|support|Agent/1001|CONNECT|3|1700001301.2|1',
        '1700004800|NONE|NONE|Agent/1001|AGENTLOGOFF|PJSIP/1001-00000031|3600',
        '1700005000|NONE|NONE|Agent/1001|AGENTLOGIN|PJSIP/1001-00000040',
      ],
      mapper,
    );
    expect(events.slice(2).map((e) => [e.kind, 'queueId' in e ? e.queueId : e.kind === 'member.added' && e.member.queueId])).toEqual([
      ['member.removed', 'support'],
      ['member.added', 'support'],
    ]);
  });

  it('an agent dump names the call when there is one', () => {
    const [dumped] = eventsOf(['1700000903|1700000900.116|sales|anna|AGENTDUMP|']);
    expect(dumped).toEqual<QueueEvent>({
      kind: 'agent.dumped',
      at: 1_700_000_903 * S,
      queueId: 'sales',
      callId: '1700000900.116',
      agentId: 'anna',
    });
  });
});

describe('lines without a live counterpart are skipped with a reason', () => {
  it.each([
    ['1699999990|NONE|NONE|NONE|QUEUESTART|', 'no_live_equivalent'],
    ['1700004900|NONE|NONE|NONE|CONFIGRELOAD|', 'no_live_equivalent'],
    ['1700000000|1700000000.101|support|NONE|DID|4957550101', 'no_live_equivalent'],
    ['1700005000|1700005000.121|support|NONE|INFO|callback requested', 'no_live_equivalent'],
    ['1700000902|1700000900.116|sales|anna|SYSCOMPAT|', 'no_live_equivalent'],
    ['1700000803|1700000800.114|support|boris|RINGCANCELED|3200', 'no_live_equivalent'],
    ['1700000000|NONE|support|NONE|ENTERQUEUE||+79161234567|1', 'no_call_id'],
    ['1700000000|1700000000.1|NONE|NONE|ABANDON|1|1|3', 'no_queue'],
    ['1700000022|1700000000.101|support|NONE|CONNECT|22|1700000017.102|5', 'no_agent'],
  ])('%s -> %s', (line, reason) => {
    expect(mapLines([line])[0]).toMatchObject({ ok: false, skipped: reason });
  });

  it('QUEUESTART forgets the callers who were waiting when Asterisk went down', () => {
    const events = eventsOf([
      '1700000000|1700000000.1|support|NONE|ENTERQUEUE||100',
      '1700000100|NONE|NONE|NONE|QUEUESTART|',
      '1700000200|1700000200.1|support|NONE|ENTERQUEUE||101',
    ]);
    expect(events[1]).toMatchObject({ kind: 'caller.joined', position: 1 });
  });
});

describe('the whole sample file', () => {
  it('maps every line to events or a named skip, offering each call once and taking it out of the queue once', () => {
    const lines = readFileSync(new URL('../../fixtures/queue-log/asterisk-sample.queue_log', import.meta.url), 'utf8')
      .split('\n')
      .filter((line) => line !== '');
    const mappings = mapLines(lines);
    expect(mappings).toHaveLength(lines.length);
    const events = mappings.flatMap((m) => (m.ok ? m.events : []));
    const joins = events.filter((e) => e.kind === 'caller.joined');
    const enterLines = lines.filter((l) => l.includes('|ENTERQUEUE|'));
    expect(joins).toHaveLength(enterLines.length);
    const key = (e: QueueEvent) => ('queueId' in e && 'callId' in e ? `${e.queueId}|${e.callId}` : '');
    const lefts = events.filter((e) => e.kind === 'caller.left').map(key);
    expect(lefts.sort()).toEqual(joins.map(key).sort());
    const answered = events.filter((e) => e.kind === 'agent.connected').length;
    const handled = events.filter((e) => e.kind === 'agent.completed').length;
    expect(answered).toBe(handled);
  });
});
