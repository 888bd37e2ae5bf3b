import type { QueueRules } from '../domain/queue-reducer';
import type { AmiFrame } from '../ingest/ami/ami-frame';
import { AMI_EVENTS_WANTED, mapAmiEvent } from '../ingest/ami/ami-event-mapper';
import { AmiFrameParser } from '../ingest/ami/frame-parser';
import { queueStatusToResync } from '../ingest/ami/queue-status-reply';
import { ReducerRun } from './reducer-run';

/**
 * AMI bytes to history facts without a socket: the live path's frame parser,
 * event mapper and reducer, fed the bytes a PBX would send. Used to write weeks
 * of simulated history in seconds, and as the AMI side when a queue_log import
 * is checked against it.
 */
export class AmiHistoryPipeline {
  readonly run: ReducerRun;
  /** events the mapper found malformed */
  invalid = 0;
  private readonly parser: AmiFrameParser;

  constructor(rules: QueueRules) {
    this.run = new ReducerRun(rules);
    this.parser = new AmiFrameParser({ onFrame: (frame) => this.take(frame), wantEvent: (name) => AMI_EVENTS_WANTED.has(name) });
  }

  /** The answer to `Action: QueueStatus` (its bytes) at `at`: replaces queues, members and waiting callers, as on connect. */
  resync(reply: string, at: number): void {
    const frames: AmiFrame[] = [];
    new AmiFrameParser({ onFrame: (frame) => frames.push(frame) }).push(Buffer.from(reply, 'utf8'));
    const { event, problems } = queueStatusToResync(frames, at);
    if (problems.length > 0) throw new Error(`QueueStatus reply with problems: ${problems.join('; ')}`);
    this.run.reduce(event);
  }

  /** Bytes of the event stream, in any chunks. */
  push(bytes: Buffer): void {
    this.parser.push(bytes);
  }

  private take(frame: AmiFrame): void {
    const result = mapAmiEvent(frame, 0);
    if (result.kind === 'invalid') this.invalid++;
    else if (result.kind === 'event') this.run.reduce(result.event);
  }
}
