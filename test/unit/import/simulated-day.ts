import { serializeEvent } from '../../../server/simulator/ami-event';
import { queueStatusReply } from '../../../server/simulator/ami-replies';
import { CallCenterModel } from '../../../server/simulator/call-center-model';
import { QueueLogWriter } from '../../../server/simulator/queue-log-writer';
import { DEMO_CONFIG, parseSimulatorConfig, type SimulatorConfig, type SimulatorConfigInput } from '../../../server/simulator/simulator-config';

/** A small site where queues overflow and empty out: every way out of a queue happens within hours. */
export const BUSY_SITE: SimulatorConfigInput = {
  seed: 7,
  queues: [
    { name: 'front', extension: '700', wrapupSec: 15, maxWaitSec: 40, peakCallsPerHour: 120, talkSec: { median: 120, sigma: 0.5 }, patienceMeanSec: 90 },
    { name: 'back', extension: '701', wrapupSec: 45, maxWaitSec: 60, leaveWhenEmpty: true, peakCallsPerHour: 60, talkSec: { median: 150, sigma: 0.5 }, patienceMeanSec: 60 },
  ],
  agents: [
    { interface: 'PJSIP/201', name: 'Anna', queues: ['front'] },
    { interface: 'PJSIP/202', name: 'Boris', queues: ['front', 'back'] },
    { interface: 'PJSIP/203', name: 'Clara', queues: ['front', 'back'] },
    { interface: 'PJSIP/204', name: 'Denis', queues: ['back'] },
  ],
  chances: { transfer: 0.1, agentDump: 0.02, ringNoAnswer: 0.15 },
  behaviour: { pausesPerHour: 1.5, logoutsPerDay: 8, logoutMinSec: 300, logoutMaxSec: 900, deviceOfflinePerDay: 6 },
};

/**
 * One run of the simulator producing both outputs of the same PBX: the AMI
 * byte stream (after the QueueStatus answer a manager session starts with)
 * and the queue_log lines, for the same calls at the same instants.
 */
export interface SimulatedOutputs {
  config: SimulatorConfig;
  model: CallCenterModel;
  startAt: number;
  /** the QueueStatus answer at the start */
  queueStatus: string;
  ami: Buffer;
  queueLog: string[];
  /** member name -> interface, what an operator would put in --members */
  members: Map<string, string>;
}

/**
 * AgentDump is left out: the model hangs the caller up after it without a
 * QueueCallerAbandon (booked as timed out), while app_queue logs such a caller
 * as ABANDON; the two outputs would tell different stories for those calls.
 */
export function simulateOutputs(startAt: number, hours: number, site: SimulatorConfigInput = { ...DEMO_CONFIG, seed: 11 }): SimulatedOutputs {
  const config = parseSimulatorConfig({ ...site, chances: { ...site.chances, agentDump: 0 } });
  const queueLog = new QueueLogWriter();
  const model = new CallCenterModel(config, startAt, queueLog);
  const queueStatus = queueStatusReply(model.queueStatus(), null, { queue: null, member: null });
  const chunks: Buffer[] = [Buffer.from('Asterisk Call Manager/11.0.0\r\n')];
  const lines: string[] = [];
  const take = (): void => {
    chunks.push(Buffer.from(model.takeEvents().map(serializeEvent).join(''), 'utf8'));
    lines.push(...queueLog.takeLines());
  };
  for (let at = startAt; at < startAt + hours * 3_600_000; at += 900_000) {
    model.advanceTo(at + 900_000);
    take();
  }
  model.stopArrivals();
  while (!model.isIdle()) {
    model.advanceTo(model.now() + 10_000);
    take();
  }
  return {
    config,
    model,
    startAt,
    queueStatus,
    ami: Buffer.concat(chunks),
    queueLog: lines,
    members: new Map(config.agents.map((a) => [a.name, a.interface])),
  };
}
