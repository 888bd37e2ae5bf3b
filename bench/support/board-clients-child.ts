import { io, type Socket } from 'socket.io-client';
import { z } from 'zod';
import { SocketEvents, type ClientToServerEvents, type ServerToClientEvents } from '../../shared/socket-protocol';
import { serveCommands } from './child-rpc';
import { boardClientsStartSchema, type BoardClientsReport, type DeliveryTrace } from './board-clients-process';
import { spreadOf } from './stats';
import { newestSnapshotBytes, timingParser } from './timing-parser';

/** The board clients process of the fan-out benchmark (see board-clients-process.ts). */

type BoardSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The fields the measurement reads, as timingParser delivers them. */
const timingSchema = z.object({
  snapshot: z.object({
    at: z.string(),
    source: z.object({ lastEventAt: z.string().nullable() }),
  }),
});

const CONNECT_BATCH = 50;
const TRACED_CLIENTS = 20;

const sockets: BoardSocket[] = [];
let recording = false;
let windowStart = 0;
let cpuAtStart = process.cpuUsage();
let disconnects = 0;
/** per client: receive time, snapshot.at, lastEventAt (NaN when null) */
let deliveries: { received: number[]; builtAt: number[]; lastEventAt: number[] }[] = [];

function connectClient(url: string, board: string, index: number): Promise<BoardSocket> {
  return new Promise((resolve, reject) => {
    const socket: BoardSocket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, timeout: 30_000, parser: timingParser });
    let joined = false;
    socket.on(SocketEvents.snapshot, (message: unknown) => {
      const received = Date.now();
      if (!joined) {
        joined = true;
        resolve(socket);
      }
      if (!recording) return;
      const parsed = timingSchema.safeParse(message);
      if (!parsed.success) return;
      const { at, source } = parsed.data.snapshot;
      const trace = deliveries[index]!;
      trace.received.push(received);
      trace.builtAt.push(Date.parse(at));
      trace.lastEventAt.push(source.lastEventAt === null ? Number.NaN : Date.parse(source.lastEventAt));
    });
    socket.on('disconnect', () => {
      disconnects++;
    });
    socket.on('connect_error', (error) => reject(error));
    socket.on('connect', () => socket.emit(SocketEvents.join, { board }, () => undefined));
  });
}

serveCommands({
  async start(raw) {
    const { url, board, count } = boardClientsStartSchema.parse(raw);
    const started = performance.now();
    deliveries = Array.from({ length: count }, () => ({ received: [], builtAt: [], lastEventAt: [] }));
    for (let first = 0; first < count; first += CONNECT_BATCH) {
      const batch = Array.from({ length: Math.min(CONNECT_BATCH, count - first) }, (_, i) => connectClient(url, board, first + i));
      sockets.push(...(await Promise.all(batch)));
    }
    return { joinSeconds: (performance.now() - started) / 1000 };
  },

  measureStart() {
    for (const trace of deliveries) {
      trace.received.length = 0;
      trace.builtAt.length = 0;
      trace.lastEventAt.length = 0;
    }
    disconnects = 0;
    cpuAtStart = process.cpuUsage();
    windowStart = Date.now();
    recording = true;
  },

  measureStop(): BoardClientsReport {
    recording = false;
    const seconds = (Date.now() - windowStart) / 1000;
    const cpu = process.cpuUsage(cpuAtStart);
    const delays: number[] = [];
    const freshness: number[] = [];
    for (const trace of deliveries) {
      trace.received.forEach((received, i) => {
        delays.push(received - trace.builtAt[i]!);
        const last = trace.lastEventAt[i]!;
        if (!Number.isNaN(last)) freshness.push(received - last);
      });
    }
    const rates = deliveries.map((trace) => trace.received.length / seconds);
    const perClient = spreadOf(rates);
    const step = Math.max(1, Math.floor(deliveries.length / TRACED_CLIENTS));
    const traces: DeliveryTrace[] = [];
    for (let i = 0; i < deliveries.length && traces.length < TRACED_CLIENTS; i += step) {
      const trace = deliveries[i]!;
      traces.push(trace.received.map((received, j) => [received, trace.lastEventAt[j]!] as [number, number]).filter(([, last]) => !Number.isNaN(last)));
    }
    return {
      clients: sockets.filter((socket) => socket.connected).length,
      seconds,
      deliveries: delays.length,
      perClientPerSec: { min: rates.length > 0 ? Math.min(...rates) : null, p50: perClient.p50, max: perClient.max },
      delayMs: spreadOf(delays),
      freshnessMs: spreadOf(freshness),
      disconnects,
      snapshotBytes: newestSnapshotBytes(),
      cpuMs: (cpu.user + cpu.system) / 1000,
      traces,
    };
  },

  stop() {
    for (const socket of sockets) socket.disconnect();
  },
});

