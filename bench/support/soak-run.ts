import { LiveAggregator } from '../../server/aggregate/live-aggregator';
import { queueRulesFor } from '../../server/config/queue-rules';
import { QueueSettingsBook } from '../../server/config/queue-settings';
import type { Counters } from '../../server/domain/live-state';
import type { QueueRules } from '../../server/domain/queue-reducer';
import type { AmiFrame } from '../../server/ingest/ami/ami-frame';
import { AMI_EVENTS_WANTED, mapAmiEvent } from '../../server/ingest/ami/ami-event-mapper';
import { AmiFrameParser } from '../../server/ingest/ami/frame-parser';
import { queueStatusToResync } from '../../server/ingest/ami/queue-status-reply';
import { createLogger } from '../../server/observability/logger';
import { createMetrics } from '../../server/observability/metrics';
import { serializeEvent } from '../../server/simulator/ami-event';
import { queueStatusReply } from '../../server/simulator/ami-replies';
import { CallCenterModel } from '../../server/simulator/call-center-model';
import { parseSimulatorConfig, type SimulatorConfig } from '../../server/simulator/simulator-config';
import { SnapshotService } from '../../server/snapshot/snapshot-service';
import type { CallLiveStore } from '../../server/store/call-live-store';
import { MemoryLiveStore } from '../../server/store/memory-live-store';
import { siteDay } from '../../shared/site-time';
import { benchSiteConfig, benchStartAt } from './bench-site';

/**
 * The soak: the bench's overloaded site for many simulated hours with faults
 * that used to make the live state grow without end: AgentComplete and Hangup
 * frames lost on the wire, and agents leaving for good (a newcomer takes each
 * place). The live path is the server's (parser, mapper, aggregator with its
 * sweeps, in-process store); the simulated clock is the monotonic clock too,
 * so sweeps run on PBX time as in production. Every simulated hour it reads
 * the live state's size, builds a snapshot from a store that refuses to read
 * calls, and notes the process's memory.
 */

const SITE = 'soak';
const HOUR = 3_600_000;
/** events are handed over and swept every 10 simulated seconds (the server sweeps every real second) */
const STEP_MS = 10_000;

/** Short caps so a few simulated hours show the state flat; the defaults (4 h, 12 h) only move where it levels off. */
export const SOAK_CALL_MAX_AGE_SEC = 3600;
export const SOAK_AGENT_FORGET_AFTER_SEC = 3600;

export function soakSiteConfig(): SimulatorConfig {
  const site = benchSiteConfig(17);
  return parseSimulatorConfig({
    ...site,
    chances: { ...site.chances, lostAgentComplete: 0.02, lostHangup: 0.02 },
    behaviour: { ...site.behaviour, logoutsPerDay: 4, leaveForGood: 0.5 },
  });
}

export interface SoakHour {
  hour: number;
  /** the live state's size */
  calls: number;
  waiting: number;
  agents: number;
  agentsOnCall: number;
  /** since the start: AgentComplete frames lost, agents who left for good, AMI events delivered */
  lostAgentCompletes: number;
  departures: number;
  events: number;
  rssMb: number;
  heapUsedMb: number;
}

export interface SoakResult {
  hours: SoakHour[];
  rules: QueueRules;
  model: CallCenterModel;
  store: MemoryLiveStore;
  site: string;
  /** day counters of the soak's days once every call is over, per queue */
  finalDayCounters: Record<string, Record<string, Counters>>;
  /** calls still tracked once every call is over and the age cap has passed */
  finalCalls: number;
}

export async function runSoak(options: { hours: number; onHour?: (row: SoakHour) => void }): Promise<SoakResult> {
  const config = soakSiteConfig();
  const startAt = benchStartAt(config.timeZone, Date.parse('2026-03-03T12:00:00Z'));
  const model = new CallCenterModel(config, startAt);
  const settings = QueueSettingsBook.parse({
    queues: Object.fromEntries(config.queues.map((q) => [q.name, { wrapupSec: q.wrapupSec, slThresholdSec: q.serviceLevelSec }])),
  });
  const rules = queueRulesFor(
    {
      timeZone: config.timeZone,
      shortAbandonSec: config.shortAbandonSec,
      callMaxAgeSec: SOAK_CALL_MAX_AGE_SEC,
      agentForgetAfterSec: SOAK_AGENT_FORGET_AFTER_SEC,
    },
    settings,
  );
  const store = new MemoryLiveStore({ now: () => model.now() });
  const aggregator = new LiveAggregator({
    store,
    site: SITE,
    rules,
    logger: createLogger('silent'),
    metrics: createMetrics(),
    monotonicNow: () => model.now(),
  });
  await aggregator.init();
  const snapshots = new SnapshotService({
    store: withoutCalls(store),
    site: SITE,
    timeZone: config.timeZone,
    settings,
    clock: () => model.now(),
    source: () => ({ kind: 'simulator', connected: true, lastEventAt: null, since: null, failure: null }),
  });

  const statusFrames: AmiFrame[] = [];
  new AmiFrameParser({ onFrame: (frame) => statusFrames.push(frame) }).push(
    Buffer.from(queueStatusReply(model.queueStatus(), null, { queue: null, member: null }), 'utf8'),
  );
  aggregator.submit(queueStatusToResync(statusFrames, startAt).event);
  let events = 0;
  const parser = new AmiFrameParser({
    onFrame: (frame) => {
      const result = mapAmiEvent(frame, 0);
      if (result.kind === 'invalid') throw new Error(`simulator event the mapper refused: ${result.problem}`);
      if (result.kind === 'event') {
        events++;
        aggregator.submit(result.event);
      }
    },
    wantEvent: (name) => AMI_EVENTS_WANTED.has(name),
  });
  parser.push(Buffer.from('Asterisk Call Manager/11.0.0\r\n'));
  const step = async (target: number): Promise<void> => {
    model.advanceTo(target);
    parser.push(Buffer.from(model.takeEvents().map(serializeEvent).join(''), 'utf8'));
    aggregator.sweep();
    await aggregator.settled();
  };

  const hours: SoakHour[] = [];
  for (let hour = 1; hour <= options.hours; hour++) {
    for (let at = model.now(); at < startAt + hour * HOUR; ) await step((at = Math.min(at + STEP_MS, startAt + hour * HOUR)));
    await snapshots.current();
    const { state } = await store.readLive(SITE);
    const memory = process.memoryUsage();
    const row: SoakHour = {
      hour,
      calls: Object.keys(state.calls).length,
      waiting: Object.keys(state.waiting).length,
      agents: Object.keys(state.agents).length,
      agentsOnCall: Object.values(state.agents).filter((agent) => agent.onCall !== null).length,
      lostAgentCompletes: model.lostEventCounts().AgentComplete ?? 0,
      departures: model.departures,
      events,
      rssMb: Math.round(memory.rss / 2 ** 20),
      heapUsedMb: Math.round(memory.heapUsed / 2 ** 20),
    };
    hours.push(row);
    options.onHour?.(row);
  }

  // Every call over, then past the age cap: nothing may stay tracked.
  model.stopArrivals();
  while (!model.isIdle()) await step(model.now() + STEP_MS);
  await step(model.now() + rules.callMaxAgeMs + rules.outcomeGraceMs);
  const finalDayCounters: Record<string, Record<string, Counters>> = {};
  for (let day = siteDay(config.timeZone, startAt); day <= siteDay(config.timeZone, model.now()); ) {
    finalDayCounters[day] = await store.readDayCounters(SITE, day);
    day = siteDay(config.timeZone, Date.parse(`${day}T12:00:00Z`) + 24 * HOUR);
  }
  const finalCalls = Object.keys((await store.readLive(SITE)).state.calls).length;
  return { hours, rules, model, store, site: SITE, finalDayCounters, finalCalls };
}

/** The store as the snapshot service gets it: reading the calls is an error. */
function withoutCalls(store: CallLiveStore): CallLiveStore {
  return {
    apply: (site, ops) => store.apply(site, ops),
    readLive: () => Promise.reject(new Error('a snapshot read the calls')),
    readBoard: (site, day, intervalStart) => store.readBoard(site, day, intervalStart),
    readDayCounters: (site, day) => store.readDayCounters(site, day),
    readIntervalCounters: (site, intervalStart) => store.readIntervalCounters(site, intervalStart),
  };
}
