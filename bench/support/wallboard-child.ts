import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import type { Counter } from 'prom-client';
import { DEFAULT_AUTH_CONFIG, loadConfig } from '../../server/config/env-config';
import { QueueSettingsBook } from '../../server/config/queue-settings';
import { createLogger } from '../../server/observability/logger';
import { RedisLiveStore } from '../../server/store/redis-live-store';
import { startWallboard, type RunningWallboard } from '../../server/wallboard';
import { serveCommands } from './child-rpc';
import { histogramQuantile } from './stats';
import { wallboardStartSchema, type WallboardReport } from './wallboard-process';

/** The wallboard server process of the benchmarks (see wallboard-process.ts). */

/** 10 ms is the default sampling; a blocked loop shows as one long delay either way. */
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
let wallboard: RunningWallboard | null = null;
let store: RedisLiveStore | null = null;
let site = '';
let baseline = { at: 0, cpu: process.cpuUsage(), runQueueWaitNs: runQueueWaitNs(), counters: new Map<string, number>() };
let gcPauses: number[] = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcPauses.push(entry.duration);
}).observe({ entryTypes: ['gc'] });

/**
 * Time the main thread spent runnable but waiting for a CPU (Linux schedstat,
 * ns), null elsewhere. It tells a slow server from a starved one.
 */
function runQueueWaitNs(): number | null {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[1]);
  } catch {
    return null;
  }
}

async function counterValue(counter: Counter<string>, labels: Record<string, string> = {}): Promise<number> {
  const { values } = await counter.get();
  return values
    .filter((v) => Object.entries(labels).every(([name, value]) => v.labels[name] === value))
    .reduce((sum, v) => sum + v.value, 0);
}

async function counters(board: RunningWallboard): Promise<Map<string, number>> {
  const m = board.metrics;
  return new Map([
    ['eventsApplied', await counterValue(m.eventsApplied)],
    ['mapped', await counterValue(m.amiEvents, { outcome: 'mapped' })],
    ['ignored', await counterValue(m.amiEvents, { outcome: 'ignored' })],
    ['invalid', await counterValue(m.amiEvents, { outcome: 'invalid' })],
    ['amiReconnects', await counterValue(m.amiReconnects)],
    ['ingestDropped', await counterValue(m.ingestDropped)],
    ['snapshotsPushed', await counterValue(m.snapshotsPushed)],
    ['slowClientSkips', await counterValue(m.slowClientSkips)],
  ]);
}

function running(): RunningWallboard {
  if (!wallboard) throw new Error('not started');
  return wallboard;
}

const nsToMs = (ns: number): number => ns / 1e6;

serveCommands({
  async start(raw) {
    const options = wallboardStartSchema.parse(raw);
    store = new RedisLiveStore(options.redisUrl, { keyPrefix: `bench-${options.site}` });
    site = options.site;
    const clockOption = options.clock;
    const clock =
      clockOption === 'wall' ? Date.now : () => Math.max(clockOption.eventsFrom, wallboard?.aggregator.newestEventAt ?? 0);
    wallboard = await startWallboard({
      config: {
        port: 0,
        host: '127.0.0.1',
        redis: { kind: 'standalone', url: options.redisUrl },
        databaseUrl: null,
        site: options.site,
        timeZone: options.timeZone,
        queuesFile: '',
        shortAbandonSec: 5,
        logLevel: 'silent',
        ami: null,
        simulator: false,
        ticketDesk: loadConfig({}).ticketDesk,
        // the board clients are another process without credentials; a socket's check is once per connection
        auth: { ...DEFAULT_AUTH_CONFIG, enabled: false },
      },
      ami: options.amiPort === null ? null : { host: '127.0.0.1', port: options.amiPort, username: 'bench', secret: 'bench', sourceKind: 'ami' },
      logger: createLogger('silent'),
      clock,
      store,
      queueSettings: QueueSettingsBook.parse({
        queues: Object.fromEntries(Object.entries(options.wrapupSecByQueue).map(([queue, wrapupSec]) => [queue, { wrapupSec }])),
      }),
      clientDir: '/nonexistent',
    });
    const deadline = Date.now() + 30_000;
    while (options.amiPort !== null && !wallboard.source?.connected) {
      if (Date.now() > deadline) throw new Error('not logged in to the AMI endpoint within 30 s');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    loopDelay.enable();
    return { url: wallboard.url };
  },

  async measureStart() {
    const board = running();
    loopDelay.reset();
    board.metrics.ingestLatency.reset();
    gcPauses = [];
    baseline = { at: performance.now(), cpu: process.cpuUsage(), runQueueWaitNs: runQueueWaitNs(), counters: await counters(board) };
  },

  async drain() {
    const board = running();
    if (!board.source) throw new Error('this node reads no PBX');
    await board.source.drained();
    await board.aggregator.settled();
    return { seq: await board.store.readSeq(site) };
  },

  async report(): Promise<WallboardReport> {
    const board = running();
    const cpu = process.cpuUsage(baseline.cpu);
    const now = await counters(board);
    const delta = (name: string): number => (now.get(name) ?? 0) - (baseline.counters.get(name) ?? 0);
    const { values } = await board.metrics.ingestLatency.get();
    const buckets = values
      .filter((v) => v.metricName?.endsWith('_bucket'))
      .map((v) => ({ le: v.labels.le === '+Inf' ? Infinity : Number(v.labels.le), count: v.value }));
    const quantileMs = (q: number): number | null => {
      const seconds = histogramQuantile(q, buckets);
      return seconds === null ? null : seconds * 1000;
    };
    const sampled = loopDelay.count > 0;
    const waitNow = runQueueWaitNs();
    const { values: clientValues } = await board.metrics.socketClients.get();
    return {
      elapsedMs: performance.now() - baseline.at,
      cpuMs: (cpu.user + cpu.system) / 1000,
      runQueueWaitMs: waitNow === null || baseline.runQueueWaitNs === null ? null : (waitNow - baseline.runQueueWaitNs) / 1e6,
      gcPauseMs: { count: gcPauses.length, total: gcPauses.reduce((sum, d) => sum + d, 0), max: gcPauses.reduce((max, d) => Math.max(max, d), 0) },
      eventsApplied: delta('eventsApplied'),
      amiEvents: { mapped: delta('mapped'), ignored: delta('ignored'), invalid: delta('invalid') },
      amiReconnects: delta('amiReconnects'),
      ingestDropped: delta('ingestDropped'),
      ingestLatencyMs: { p50: quantileMs(0.5), p99: quantileMs(0.99), count: buckets.at(-1)?.count ?? 0 },
      eventLoopLagMs: {
        count: loopDelay.count,
        p50: sampled ? nsToMs(loopDelay.percentile(50)) : null,
        p99: sampled ? nsToMs(loopDelay.percentile(99)) : null,
        max: sampled ? nsToMs(loopDelay.max) : null,
        mean: sampled ? nsToMs(loopDelay.mean) : null,
      },
      snapshotsPushed: delta('snapshotsPushed'),
      slowClientSkips: delta('slowClientSkips'),
      socketClients: clientValues[0]?.value ?? 0,
      rssMb: process.memoryUsage().rss / 1e6,
    };
  },

  async stop() {
    loopDelay.disable();
    await wallboard?.close();
    await store?.close();
    wallboard = null;
    store = null;
  },
});
