import { serializeEvent } from '../../../server/simulator/ami-event';
import { queueStatusReply } from '../../../server/simulator/ami-replies';
import { CallCenterModel } from '../../../server/simulator/call-center-model';
import { QueueLogWriter } from '../../../server/simulator/queue-log-writer';
import { DEMO_CONFIG, parseSimulatorConfig, type SimulatorConfig } from '../../../server/simulator/simulator-config';

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
export function simulateOutputs(startAt: number, hours: number, seed = 11): SimulatedOutputs {
  const config = parseSimulatorConfig({ ...DEMO_CONFIG, seed, chances: { agentDump: 0 } });
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
