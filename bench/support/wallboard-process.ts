import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ChildProcessRpc } from './child-rpc';
import { spreadSchema } from './stats';

/**
 * The wallboard server in a process of its own, as in production: started with
 * the RedisLiveStore against an AMI endpoint, measured from inside (its event
 * loop lag, its CPU time, its Prometheus metrics) and read out over IPC.
 */

export const wallboardStartSchema = z.object({
  redisUrl: z.string(),
  site: z.string(),
  timeZone: z.string(),
  /** null: a node that serves boards from the store and reads no PBX */
  amiPort: z.number().int().nullable(),
  /**
   * 'wall': the site's clock is the machine's (replays whose Timestamps are send times).
   * eventsFrom: the site's clock is the newest event's PBX time, starting at this
   * epoch ms (a stream from an accelerated simulator, whose hours pass in seconds).
   */
  clock: z.union([z.literal('wall'), z.object({ eventsFrom: z.number() })]),
  wrapupSecByQueue: z.record(z.string(), z.number()),
});
export type WallboardStart = z.infer<typeof wallboardStartSchema>;

export const wallboardReportSchema = z.object({
  /** wall time since measureStart */
  elapsedMs: z.number(),
  /** user + system CPU of the server process since measureStart */
  cpuMs: z.number(),
  /** time the server's main thread was runnable but had no CPU (Linux), ms */
  runQueueWaitMs: z.number().nullable(),
  /** garbage collection pauses (perf_hooks 'gc' entries), ms */
  gcPauseMs: z.object({ count: z.number(), total: z.number(), max: z.number() }),
  /** queue events applied to the live store */
  eventsApplied: z.number(),
  /** AMI events the source took, by outcome (events the parser filtered out are not here) */
  amiEvents: z.object({ mapped: z.number(), ignored: z.number(), invalid: z.number() }),
  /** logins during the window: each one is a reconnect */
  amiReconnects: z.number(),
  ingestDropped: z.number(),
  /** histogram_quantile of wallboard_ingest_latency_seconds, ms */
  ingestLatencyMs: z.object({ p50: z.number().nullable(), p99: z.number().nullable(), count: z.number() }),
  /** perf_hooks.monitorEventLoopDelay, ms */
  eventLoopLagMs: spreadSchema.extend({ mean: z.number().nullable() }),
  snapshotsPushed: z.number(),
  slowClientSkips: z.number(),
  socketClients: z.number(),
  rssMb: z.number(),
});
export type WallboardReport = z.infer<typeof wallboardReportSchema>;

const CHILD_ENTRY = fileURLToPath(new URL('./wallboard-child.ts', import.meta.url));

export class WallboardProcess {
  private constructor(
    private readonly rpc: ChildProcessRpc,
    readonly url: string,
  ) {}

  /** Resolves once the server listens and is logged in to the AMI endpoint. */
  static async start(options: WallboardStart): Promise<WallboardProcess> {
    const rpc = ChildProcessRpc.spawn('wallboard', CHILD_ENTRY);
    try {
      const { url } = await rpc.call('start', options, z.object({ url: z.string() }));
      return new WallboardProcess(rpc, url);
    } catch (error) {
      await rpc.stop();
      throw error;
    }
  }

  /** Starts the measuring window: counters, loop lag and latency histogram count from here. */
  measureStart(): Promise<unknown> {
    return this.rpc.call('measureStart', null, z.unknown());
  }

  /** Resolves once every event the endpoint sent so far is in the live store (AMI Ping, then the aggregator settled), with the store's seq then. */
  drain(timeoutMs = 120_000): Promise<{ seq: number }> {
    return this.rpc.call('drain', null, z.object({ seq: z.number() }), timeoutMs);
  }

  report(): Promise<WallboardReport> {
    return this.rpc.call('report', null, wallboardReportSchema);
  }

  stop(): Promise<void> {
    return this.rpc.stop();
  }
}
