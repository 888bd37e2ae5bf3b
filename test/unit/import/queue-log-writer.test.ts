import { describe, expect, it } from 'vitest';
import { parseQueueLogLine } from '../../../server/ingest/queue-log/queue-log-line';
import { CallCenterModel } from '../../../server/simulator/call-center-model';
import { QueueLogWriter } from '../../../server/simulator/queue-log-writer';
import { parseSimulatorConfig } from '../../../server/simulator/simulator-config';
import { BUSY_SITE } from './simulated-day';

/** Monday 2026-03-02 08:00 in Moscow */
const EIGHT = Date.parse('2026-03-02T05:00:00Z');

function run(hours: number) {
  const config = parseSimulatorConfig(BUSY_SITE);
  const writer = new QueueLogWriter();
  const model = new CallCenterModel(config, EIGHT, writer);
  model.advanceTo(EIGHT + hours * 3_600_000);
  return { lines: writer.takeLines(), events: model.takeEvents() };
}

describe("the simulator's queue_log", () => {
  it('writes every app_queue verb the model has a counterpart for, each line parseable', () => {
    const { lines } = run(6);
    const parsed = lines.map((line) => parseQueueLogLine(line));
    expect(parsed.filter((p) => !p.ok)).toEqual([]);
    const verbs = new Set(parsed.map((p) => (p.ok ? p.line.verb : '')));
    expect([...verbs].sort()).toEqual(
      [
        'QUEUESTART',
        'ADDMEMBER',
        'REMOVEMEMBER',
        'PAUSEALL',
        'PAUSE',
        'UNPAUSEALL',
        'UNPAUSE',
        'ENTERQUEUE',
        'CONNECT',
        'COMPLETECALLER',
        'COMPLETEAGENT',
        'BLINDTRANSFER',
        'ABANDON',
        'EXITWITHTIMEOUT',
        'EXITEMPTY',
        'RINGNOANSWER',
        'RINGCANCELED',
        'AGENTDUMP',
      ].sort(),
    );
  });

  it('writes the same call ids at the same seconds as the AMI events', () => {
    const { lines, events } = run(3);
    const field = (event: (typeof events)[number], name: string) => event.fields.find(([n]) => n === name)?.[1];
    const joins = events.filter((e) => e.name === 'QueueCallerJoin').map((e) => `${Math.floor(e.at / 1000)}|${field(e, 'Uniqueid')}|${field(e, 'Queue')}`);
    const enters = lines.filter((l) => l.includes('|ENTERQUEUE|')).map((l) => l.split('|').slice(0, 3).join('|'));
    expect(enters).toEqual(joins);
    const connects = events.filter((e) => e.name === 'AgentConnect').map((e) => `${Math.floor(e.at / 1000)}|${field(e, 'Uniqueid')}|${field(e, 'Queue')}|${field(e, 'MemberName')}|CONNECT|${field(e, 'HoldTime')}|${field(e, 'DestUniqueid')}|${field(e, 'RingTime')}`);
    expect(lines.filter((l) => l.includes('|CONNECT|'))).toEqual(connects);
  });

  it('names members as Asterisk does by default: the interface on membership lines, the name on call and per-queue pause lines', () => {
    const { lines } = run(6);
    const agentOf = (verb: string) => new Set(lines.filter((l) => l.split('|')[4] === verb).map((l) => l.split('|')[3]!));
    for (const verb of ['ADDMEMBER', 'REMOVEMEMBER', 'PAUSEALL']) for (const agent of agentOf(verb)) expect(agent).toMatch(/^PJSIP\/\d+$/);
    for (const verb of ['CONNECT', 'PAUSE', 'RINGNOANSWER']) for (const agent of agentOf(verb)) expect(agent).not.toMatch(/\//);
  });
});
