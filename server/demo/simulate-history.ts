import type { QueueRules } from '../domain/queue-reducer';
import { addDays, dayStartMs, siteDay } from '../../shared/site-time';
import { serializeEvent, type AmiEvent } from '../simulator/ami-event';
import { queueStatusReply } from '../simulator/ami-replies';
import { CallCenterModel } from '../simulator/call-center-model';
import type { SimulatorConfig } from '../simulator/simulator-config';
import { AmiHistoryPipeline } from '../import/ami-history-pipeline';
import type { HistorySink } from '../import/history-sink';
import type { HistoryTally } from '../import/history-tally';

/**
 * Simulated history in seconds: the simulator's call-center model, its AMI
 * event bytes, and the live path's parser, mapper and reducer, into the
 * history sink; no TCP, no pacing. The run starts, as a manager session does,
 * with the QueueStatus answer, and ends by letting every call still in progress
 * at `endAt` run to its end (no new callers), so every call offered has its
 * row and the interval counters equal the model's ledger.
 */

export interface SimulateHistoryOptions {
  config: SimulatorConfig;
  startAt: number;
  endAt: number;
  rules: QueueRules;
  sink: HistorySink;
  signal?: AbortSignal;
  /** end each agent's state span still open when the last call has ended, then (default: left unwritten) */
  endAgentSpans?: boolean;
  /** simulated time reached, after each step */
  onProgress?: (simulatedAt: number, tally: HistoryTally) => void;
}

export interface SimulateHistoryResult {
  /** the model, whose ledger holds what truly happened */
  model: CallCenterModel;
  tally: HistoryTally;
  amiEvents: number;
  amiBytes: number;
  /** events the AMI mapper found malformed (none expected from the simulator) */
  invalidEvents: number;
  /** simulated time when the last call ended */
  endedAt: number;
}

/** simulated time per step: the events of one step are parsed as one chunk */
const STEP_MS = 15 * 60_000;
const DRAIN_STEP_MS = 10_000;
/** calls still running after this much draining mean a model that never idles */
const DRAIN_LIMIT_MS = 12 * 3_600_000;
const AMI_BANNER = 'Asterisk Call Manager/11.0.0\r\n';

export async function simulateHistory(options: SimulateHistoryOptions): Promise<SimulateHistoryResult> {
  if (!(options.endAt > options.startAt)) throw new Error('the simulated period must end after it starts');
  const model = new CallCenterModel(options.config, options.startAt);
  const pipeline = new AmiHistoryPipeline(options.rules);
  pipeline.push(Buffer.from(AMI_BANNER));
  pipeline.resync(queueStatusReply(model.queueStatus(), null, { queue: null, member: null }), options.startAt);
  let amiEvents = 0;
  let amiBytes = 0;

  const step = async (target: number): Promise<void> => {
    model.advanceTo(target);
    const events = model.takeEvents();
    amiEvents += events.length;
    const bytes = Buffer.from(serializeAll(events), 'utf8');
    amiBytes += bytes.length;
    pipeline.push(bytes);
    await options.sink.record(pipeline.run.takeHistory());
    options.onProgress?.(model.now(), pipeline.run.tally);
  };

  for (let at = options.startAt; at < options.endAt && !options.signal?.aborted; ) {
    at = Math.min(at + STEP_MS, options.endAt);
    await step(at);
  }
  model.stopArrivals();
  const limit = model.now() + DRAIN_LIMIT_MS;
  while (!model.isIdle()) {
    if (model.now() >= limit) throw new Error(`calls still running after ${DRAIN_LIMIT_MS / 3_600_000} h of draining`);
    await step(model.now() + DRAIN_STEP_MS);
  }
  pipeline.run.sweep(model.now() + options.rules.outcomeGraceMs);
  if (options.endAgentSpans) pipeline.run.endAgentSpans(model.now());
  await options.sink.record(pipeline.run.takeHistory());
  await options.sink.flush();
  return { model, tally: pipeline.run.tally, amiEvents, amiBytes, invalidEvents: pipeline.invalid, endedAt: model.now() };
}

/**
 * From the site's midnight `days` days before the day of `endAt`, to `endAt`:
 * whole days of history, plus the part of `endAt`'s day already gone.
 */
export function simulatedPeriod(timeZone: string, days: number, endAt: number): { startAt: number; endAt: number } {
  return { startAt: dayStartMs(timeZone, addDays(siteDay(timeZone, endAt), -days)), endAt };
}

function serializeAll(events: readonly AmiEvent[]): string {
  let text = '';
  for (const event of events) text += serializeEvent(event);
  return text;
}
