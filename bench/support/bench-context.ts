import { parseSimulatorConfig, type SimulatorConfigInput } from '../../server/simulator/simulator-config';
import { startRedis } from '../../test/support/redis-server';
import { benchSiteConfig, benchStartAt } from './bench-site';
import { recordSimulatorStream, type RecordedStream } from './recorded-stream';

/** What the ingest and fan-out benchmarks share: a throwaway Redis and one recording of the simulator. */
export interface BenchContext {
  redisUrl: string;
  siteConfig: SimulatorConfigInput;
  timeZone: string;
  /** simulated start of the recording (and of the live simulator run) */
  startAt: number;
  wrapupSecByQueue: Record<string, number>;
  recording: RecordedStream;
}

/** enough for the paced runs (20,000 events/s for 10 s) */
const RECORDED_EVENTS = 220_000;

/** Starts redis-server on loopback, records the stream, runs `body`, and stops Redis whatever happens. */
export async function withBenchContext<T>(body: (context: BenchContext) => Promise<T>): Promise<T> {
  const siteConfig = benchSiteConfig();
  const parsed = parseSimulatorConfig(siteConfig);
  const startAt = benchStartAt(parsed.timeZone);
  const redis = await startRedis();
  try {
    const recording = await recordSimulatorStream({ config: siteConfig, startAt, minEvents: RECORDED_EVENTS });
    return await body({
      redisUrl: redis.url,
      siteConfig,
      timeZone: parsed.timeZone,
      startAt,
      wrapupSecByQueue: Object.fromEntries(parsed.queues.map((queue) => [queue.name, queue.wrapupSec])),
      recording,
    });
  } finally {
    await redis.stop();
  }
}
