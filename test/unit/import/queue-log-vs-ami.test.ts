import { describe, expect, it } from 'vitest';
import type { CallRecord } from '../../../server/domain/live-state';
import { AmiHistoryPipeline } from '../../../server/import/ami-history-pipeline';
import { MemberDirectory } from '../../../server/import/member-directory';
import { QueueLogPipeline } from '../../../server/import/queue-log-pipeline';
import { DEMO_CONFIG } from '../../../server/simulator/simulator-config';
import { rulesOf } from './import-test-kit';
import { BUSY_SITE, simulateOutputs } from './simulated-day';

/** Monday 2026-03-02 06:00 in Moscow: the morning ramp-up and the peak. */
const MORNING = Date.parse('2026-03-02T03:00:00Z');

/** queue_log records whole seconds (time(NULL)); AMI timestamps carry microseconds. */
const toSecond = (ms: number | null): number | null => (ms === null ? null : Math.floor(ms / 1000) * 1000);
const bySecond = (c: CallRecord): CallRecord => ({ ...c, enteredAt: toSecond(c.enteredAt)!, answeredAt: toSecond(c.answeredAt), endedAt: toSecond(c.endedAt)! });
const order = (a: CallRecord, b: CallRecord): number => a.enteredAt - b.enteredAt || a.queueId.localeCompare(b.queueId) || a.callId.localeCompare(b.callId);

describe("the simulator's queue_log through the importer's pipeline", () => {
  it.each([
    // a seed whose morning has every outcome (a timeout is rare on the demo site: an AgentDump or the queue's limit)
    ['the demo site', { ...DEMO_CONFIG, seed: 18 }],
    ['a site whose queues overflow and empty out', BUSY_SITE],
  ])('gives the same call rows as its AMI stream through the live path (times to the second): %s', (_name, site) => {
    const run = simulateOutputs(MORNING, 5, site);
    const rules = rulesOf(run.config);

    const ami = new AmiHistoryPipeline(rules);
    ami.resync(run.queueStatus, run.startAt);
    ami.push(run.ami);
    const amiCalls = ami.run.takeHistory().flatMap((op) => (op.op === 'history.call' ? [bySecond(op.call)] : []));

    const queueLog = new QueueLogPipeline({ rules, members: new MemberDirectory(run.members) });
    for (const line of run.queueLog) queueLog.line(line);
    queueLog.finish();
    const logCalls = queueLog.run.takeHistory().flatMap((op) => (op.op === 'history.call' ? [op.call] : []));

    expect(amiCalls.length).toBeGreaterThan(200);
    expect(new Set(amiCalls.map((c) => c.outcome))).toEqual(new Set(['answered', 'abandoned', 'timedOut']));
    expect(amiCalls.some((c) => run.queueLog.some((l) => l.includes(`|${c.callId}|`) && l.includes('BLINDTRANSFER')))).toBe(true);
    expect([...logCalls].sort(order)).toEqual([...amiCalls].sort(order));
    expect(queueLog.rejected.size).toBe(0);
    expect([...queueLog.skipped.keys()]).toEqual(['no_live_equivalent']);
  });

  it('pairs member names with interfaces from the PAUSEALL lines when no members file is given', () => {
    const run = simulateOutputs(MORNING, 5);
    const members = new MemberDirectory();
    const pipeline = new QueueLogPipeline({ rules: rulesOf(run.config), members });
    for (const line of run.queueLog) pipeline.line(line);
    const learnt = members.report().learnt;
    expect(Object.keys(learnt).length).toBeGreaterThan(5);
    for (const [name, iface] of Object.entries(learnt)) expect(run.members.get(name)).toBe(iface);
  });
});
