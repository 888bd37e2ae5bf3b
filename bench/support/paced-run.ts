import { BoardClientsProcess, type BoardClientsReport } from './board-clients-process';
import { eventToSocketLatency } from './event-latency';
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
  clients: number;
}

export interface PacedRunReport {
  paced: Omit<PacedResult, 'ticks'>;
  /** from the last send until every event was in Redis; null when that failed (see drainError) */
  drainMs: number | null;
  drainError: string | null;
  server: WallboardReport;
  clients: BoardClientsReport;
  joinSeconds: number;
  eventToSocketMs: Spread & { undelivered: number };
}

/** after the last event is applied: one coalescing gap (250 ms) and a margin, so its update reaches the boards */
const LAST_UPDATE_WAIT_MS = 750;

/**
 * The recorded stream replayed at a fixed rate into a wallboard server process,
 * watched by `clients` board clients in another process. Everything it starts
 * is stopped before it returns.
 */
export async function runPacedReplay(options: PacedRunOptions): Promise<PacedRunReport> {
  const replay = new ReplayAmiServer(options.recording);
  const amiPort = await replay.listen();
  try {
    const server = await WallboardProcess.start({
      redisUrl: options.redisUrl,
      site: options.site,
      timeZone: options.timeZone,
      amiPort,
      clock: 'wall',
      wrapupSecByQueue: options.wrapupSecByQueue,
    });
    try {
      await replay.whenResynced();
      const { clients, joinSeconds } = await BoardClientsProcess.start({ url: server.url, board: 'bench', count: options.clients });
      try {
        await clients.measureStart();
        await server.measureStart();
        const { ticks, ...paced } = await replay.streamPaced({ eventsPerSec: options.eventsPerSec, seconds: options.seconds });
        const lastSend = performance.now();
        const drainError = await server.drain().then(
          () => null,
          (error: Error) => error.message,
        );
        const drainMs = drainError === null ? performance.now() - lastSend : null;
        await new Promise((resolve) => setTimeout(resolve, LAST_UPDATE_WAIT_MS));
        const serverReport = await server.report();
        const clientsReport = await clients.measureStop();
        return {
          paced,
          drainMs,
          drainError,
          server: serverReport,
          clients: clientsReport,
          joinSeconds,
          eventToSocketMs: eventToSocketLatency(ticks, clientsReport.traces),
        };
      } finally {
        await clients.stop();
      }
    } finally {
      await server.stop();
    }
  } finally {
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
