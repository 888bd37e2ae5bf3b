import { BoardClientsProcess, type BoardClientsReport } from './board-clients-process';
import { behindReader, eventToSocketLatency } from './event-latency';
import type { RecordedStream } from './recorded-stream';
import { ReplayAmiServer, type PacedResult } from './replay-ami-server';
import type { Spread } from './stats';
import { WallboardProcess, type WallboardReport } from './wallboard-process';

export interface PacedRunOptions {
  recording: RecordedStream;
  redisUrl: string;
  timeZone: string;
  wrapupSecByQueue: Record<string, number>;
  /** names the run's Redis keys */
  site: string;
  eventsPerSec: number;
  seconds: number;
  /** board clients in all, spread evenly over the nodes */
  clients: number;
  /** server processes on the one Redis: the first reads the PBX, the others serve boards from the store (default 1) */
  nodes?: number;
  /** CPU priority of the clients' processes (0 to 19; default 0): see runFanOutBench */
  clientsNiceness?: number;
}

export interface PacedRunReport {
  paced: Omit<PacedResult, 'ticks'>;
  /** from the last send until every event was in Redis; null when that failed (see drainError) */
  drainMs: number | null;
  drainError: string | null;
  /** the reader first */
  servers: WallboardReport[];
  /** one per node, in the order of `servers` */
  clients: BoardClientsReport[];
  joinSeconds: number;
  /** per event until a board of the reader node shows it */
  eventToSocketMs: Spread & { undelivered: number };
  /** per other node: how long after the reader's boards its boards showed the same seq */
  behindReaderMs: Spread[];
}

/** after the last event is applied: a few coalescing gaps and a margin, so its update reaches the boards */
export const LAST_UPDATE_WAIT_MS = 750;

/**
 * The recorded stream replayed at a fixed rate into wallboard server processes
 * on one Redis, watched by `clients` board clients in one process per node.
 * Everything it starts is stopped before it returns.
 */
export async function runPacedReplay(options: PacedRunOptions): Promise<PacedRunReport> {
  const nodeCount = options.nodes ?? 1;
  const replay = new ReplayAmiServer(options.recording);
  const amiPort = await replay.listen();
  const servers: WallboardProcess[] = [];
  const clientProcesses: BoardClientsProcess[] = [];
  try {
    const node = (amiPort: number | null) =>
      WallboardProcess.start({
        redisUrl: options.redisUrl,
        site: options.site,
        timeZone: options.timeZone,
        amiPort,
        clock: 'wall',
        wrapupSecByQueue: options.wrapupSecByQueue,
      });
    servers.push(await node(amiPort));
    for (let i = 1; i < nodeCount; i++) servers.push(await node(null));
    await replay.whenResynced();
    const joinStarted = performance.now();
    for (const [i, server] of servers.entries()) {
      const count = Math.floor(options.clients / nodeCount) + (i < options.clients % nodeCount ? 1 : 0);
      const { clients } = await BoardClientsProcess.start({ url: server.url, board: 'main', count }, options.clientsNiceness);
      clientProcesses.push(clients);
    }
    const joinSeconds = (performance.now() - joinStarted) / 1000;
    await Promise.all(clientProcesses.map((clients) => clients.measureStart()));
    await Promise.all(servers.map((server) => server.measureStart()));
    const { ticks, ...paced } = await replay.streamPaced({ eventsPerSec: options.eventsPerSec, seconds: options.seconds });
    const lastSend = performance.now();
    const drainError = await servers[0]!.drain().then(
      () => null,
      (error: Error) => error.message,
    );
    const drainMs = drainError === null ? performance.now() - lastSend : null;
    await new Promise((resolve) => setTimeout(resolve, LAST_UPDATE_WAIT_MS));
    const serverReports = await Promise.all(servers.map((server) => server.report()));
    const clientReports = await Promise.all(clientProcesses.map((clients) => clients.measureStop()));
    return {
      paced,
      drainMs,
      drainError,
      servers: serverReports,
      clients: clientReports,
      joinSeconds,
      eventToSocketMs: eventToSocketLatency(ticks, clientReports[0]!.traces),
      behindReaderMs: clientReports.slice(1).map((report) => behindReader(clientReports[0]!.traces, report.traces)),
    };
  } finally {
    await Promise.all(clientProcesses.map((clients) => clients.stop()));
    await Promise.all(servers.map((server) => server.stop()));
    await replay.close();
  }
}

/** a backlog that drains within this after the last send was not growing */
export const KEPT_UP_DRAIN_MS = 1000;

/** The rate was held for the whole run and the board had caught up within KEPT_UP_DRAIN_MS of the last send. */
export function keptUp(report: PacedRunReport, eventsPerSec: number): boolean {
  const offered = report.paced.frames / report.paced.seconds;
  return report.paced.gaveUpAfterSec === null && offered >= 0.98 * eventsPerSec && report.drainMs !== null && report.drainMs < KEPT_UP_DRAIN_MS;
}

export function keptUpSummary(report: PacedRunReport): string {
  const offered = `${Math.round(report.paced.frames / report.paced.seconds).toLocaleString('en-US')} ev/s offered`;
  if (report.paced.gaveUpAfterSec !== null) {
    return `${offered}; FELL BEHIND: sending stopped after ${report.paced.gaveUpAfterSec.toFixed(1)} s (over 16 MB unread)`;
  }
  if (report.drainMs === null) return `${offered}; the board did not catch up: ${report.drainError}`;
  return `${offered}; caught up ${Math.round(report.drainMs)} ms after the last send`;
}
