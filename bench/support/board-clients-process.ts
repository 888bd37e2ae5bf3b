import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ChildProcessRpc } from './child-rpc';
import { spreadSchema } from './stats';

/**
 * Board clients (socket.io-client over websocket, each its own connection)
 * in a process of their own, so their JSON decoding is not server time.
 */

export const boardClientsStartSchema = z.object({
  url: z.string(),
  board: z.string(),
  count: z.number().int().positive().max(5000),
});
export type BoardClientsStart = z.infer<typeof boardClientsStartSchema>;

/** One client's deliveries: [receive time, the snapshot's lastEventAt], epoch ms. */
export const deliveryTraceSchema = z.array(z.tuple([z.number(), z.number()]));
export type DeliveryTrace = z.infer<typeof deliveryTraceSchema>;

export const boardClientsReportSchema = z.object({
  clients: z.number(),
  seconds: z.number(),
  /** board:snapshot messages received by all clients in the window */
  deliveries: z.number(),
  /** per client, updates a second */
  perClientPerSec: z.object({ min: z.number().nullable(), p50: z.number().nullable(), max: z.number().nullable() }),
  /** receive time - snapshot.at (when the server built it), ms */
  delayMs: spreadSchema,
  /** receive time - snapshot.source.lastEventAt, ms */
  freshnessMs: spreadSchema,
  disconnects: z.number(),
  /** JSON size of one board:snapshot message */
  snapshotBytes: z.number(),
  cpuMs: z.number(),
  /** full delivery traces of a few clients, for per-event latency */
  traces: z.array(deliveryTraceSchema),
});
export type BoardClientsReport = z.infer<typeof boardClientsReportSchema>;

const CHILD_ENTRY = fileURLToPath(new URL('./board-clients-child.ts', import.meta.url));

export class BoardClientsProcess {
  private constructor(private readonly rpc: ChildProcessRpc) {}

  /** Resolves once every client has joined the board and received its first snapshot. */
  static async start(options: BoardClientsStart): Promise<{ clients: BoardClientsProcess; joinSeconds: number }> {
    const rpc = ChildProcessRpc.spawn('board-clients', CHILD_ENTRY);
    try {
      const { joinSeconds } = await rpc.call('start', options, z.object({ joinSeconds: z.number() }), 120_000);
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
