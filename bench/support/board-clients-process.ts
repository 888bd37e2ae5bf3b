import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ChildProcessRpc } from './child-rpc';
import { spreadSchema } from './stats';

/**
 * Board clients (a websocket each, speaking the socket.io protocol; see
 * board-clients-child.ts) in a process of their own, so their work is not server time.
 */

export const boardClientsStartSchema = z.object({
  url: z.string(),
  board: z.string(),
  count: z.number().int().positive().max(10_000),
});
export type BoardClientsStart = z.infer<typeof boardClientsStartSchema>;

/** One client's deliveries: [receive time, the snapshot's lastEventAt (NaN: not carried), epoch ms; its seq (NaN: not carried)]. */
export const deliveryTraceSchema = z.array(z.tuple([z.number(), z.number(), z.number()]));
export type DeliveryTrace = z.infer<typeof deliveryTraceSchema>;

export const boardClientsReportSchema = z.object({
  clients: z.number(),
  seconds: z.number(),
  /** updates (board:patch and board:snapshot) received by all clients in the window */
  deliveries: z.number(),
  /** of which whole snapshots */
  wholes: z.number(),
  /** versions some client got neither a patch nor a snapshot for, summed over clients */
  missedUpdates: z.number(),
  clientsMissing: z.number(),
  newestVersion: z.number(),
  /** per client, updates a second */
  perClientPerSec: z.object({ min: z.number().nullable(), p50: z.number().nullable(), max: z.number().nullable() }),
  /** traced clients: receive time - snapshot.at (when the server built it), ms */
  delayMs: spreadSchema,
  /** traced clients: receive time - snapshot.source.lastEventAt, ms (updates that carry it) */
  freshnessMs: spreadSchema,
  disconnects: z.number(),
  /** size of the newest packet of each kind */
  packetBytes: z.object({ patch: z.number(), snapshot: z.number() }),
  cpuMs: z.number(),
  /** full delivery traces of a few clients, for per-event latency (NaN travels over IPC as null) */
  traces: z.array(z.array(z.tuple([z.number(), z.number().nullable(), z.number().nullable()])).transform((t) => t.map(([r, l, s]) => [r, l ?? Number.NaN, s ?? Number.NaN] as [number, number, number]))),
});
export type BoardClientsReport = z.infer<typeof boardClientsReportSchema>;

const CHILD_ENTRY = fileURLToPath(new URL('./board-clients-child.ts', import.meta.url));

export class BoardClientsProcess {
  private constructor(private readonly rpc: ChildProcessRpc) {}

  /** Resolves once every client has joined the board and received its first snapshot. `niceness`: see ChildProcessRpc.spawn. */
  static async start(options: BoardClientsStart, niceness = 0): Promise<{ clients: BoardClientsProcess; joinSeconds: number }> {
    const rpc = ChildProcessRpc.spawn('board-clients', CHILD_ENTRY, niceness);
    try {
      const { joinSeconds } = await rpc.call('start', options, z.object({ joinSeconds: z.number() }), 600_000);
      return { clients: new BoardClientsProcess(rpc), joinSeconds };
    } catch (error) {
      await rpc.stop();
      throw error;
    }
  }

  measureStart(): Promise<unknown> {
    return this.rpc.call('measureStart', null, z.unknown());
  }

  measureStop(): Promise<BoardClientsReport> {
    return this.rpc.call('measureStop', null, boardClientsReportSchema);
  }

  stop(): Promise<void> {
    return this.rpc.stop();
  }
}
