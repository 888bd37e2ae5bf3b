import type { QueueEvent } from '../../server/domain/queue-events';
import type { AmiFrame } from '../../server/ingest/ami/ami-frame';
import { AMI_EVENTS_WANTED, mapAmiEvent } from '../../server/ingest/ami/ami-event-mapper';
import { AmiFrameParser } from '../../server/ingest/ami/frame-parser';
import { queueStatusToResync } from '../../server/ingest/ami/queue-status-reply';
import { serializeEvent } from '../../server/simulator/ami-event';
import { queueStatusReply } from '../../server/simulator/ami-replies';
import { CallCenterModel } from '../../server/simulator/call-center-model';
import type { SimulatorConfig } from '../../server/simulator/simulator-config';

/**
 * The simulated call center from `startAt` to `endAt` as the live path's
 * QueueEvents: the QueueStatus answer first (as on connect), then the AMI
 * bytes through the real parser and mapper. Arrivals stop at `endAt` and the
 * calls in progress run to their end, so every call offered finishes.
 */
export function simulatedQueueEvents(config: SimulatorConfig, startAt: number, endAt: number): { events: QueueEvent[]; model: CallCenterModel } {
  const model = new CallCenterModel(config, startAt);
  const statusFrames: AmiFrame[] = [];
  new AmiFrameParser({ onFrame: (frame) => statusFrames.push(frame) }).push(
    Buffer.from(queueStatusReply(model.queueStatus(), null, { queue: null, member: null }), 'utf8'),
  );
  const events: QueueEvent[] = [queueStatusToResync(statusFrames, startAt).event];
  const parser = new AmiFrameParser({
    onFrame: (frame) => {
      const result = mapAmiEvent(frame, 0);
      if (result.kind === 'invalid') throw new Error(`simulator event the mapper refused: ${result.problem}`);
      if (result.kind === 'event') events.push(result.event);
    },
    wantEvent: (name) => AMI_EVENTS_WANTED.has(name),
  });
  parser.push(Buffer.from('Asterisk Call Manager/11.0.0\r\n'));
  const step = (target: number): void => {
    model.advanceTo(target);
    parser.push(Buffer.from(model.takeEvents().map(serializeEvent).join(''), 'utf8'));
  };
  for (let at = startAt; at < endAt; ) step((at = Math.min(at + 15 * 60_000, endAt)));
  model.stopArrivals();
  while (!model.isIdle()) step(model.now() + 10_000);
  return { events, model };
}
