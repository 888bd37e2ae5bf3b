/**
 * (c) Fan-out: 1,000 board clients (socket.io-client over websocket, in a
 * process of their own) on one board while the recorded stream is replayed at
 * the (b) target rate into the wallboard server process. The server measures
 * its own event-loop lag; the clients measure what reached them.
 */
import { pathToFileURL } from 'node:url';
import { MAX_UPDATES_PER_SECOND } from '../shared/socket-protocol';
import { withBenchContext, type BenchContext } from './support/bench-context';
import { keptUp, keptUpSummary, runPacedReplay } from './support/paced-run';
import { count, cpuShare, cpuWaitNote, formatRows, ms, reconnectNote, verdict, type BenchRow } from './support/result-table';
import { PACED_SECONDS, TARGET_EVENTS_PER_SEC, TARGET_LATENCY_P99_MS } from './ingest-e2e';

export const FAN_OUT_CLIENTS = 1000;
export const TARGET_LOOP_LAG_P99_MS = 50;
/** a client that got this share of the updates the rate limit allows is counted as served */
const SERVED_SHARE = 0.9;

export async function runFanOutBench(context: BenchContext): Promise<BenchRow[]> {
  const run = await runPacedReplay({
    recording: context.recording,
    redisUrl: context.redisUrl,
    timeZone: context.timeZone,
    wrapupSecByQueue: context.wrapupSecByQueue,
    site: 'bench-c-fan-out',
    eventsPerSec: TARGET_EVENTS_PER_SEC,
    seconds: PACED_SECONDS,
    clients: FAN_OUT_CLIENTS,
  });
  const { server, clients } = run;
  const ceiling = MAX_UPDATES_PER_SECOND * FAN_OUT_CLIENTS;
  const delivered = clients.deliveries / clients.seconds;
  const serverSeconds = server.elapsedMs / 1000;
  return [
    {
      part: 'c',
      measure: `${count(FAN_OUT_CLIENTS)} clients on one board: updates delivered/s (all clients)`,
      value: `${count(delivered)} /s; per client min ${rate(clients.perClientPerSec.min)}, median ${rate(clients.perClientPerSec.p50)}`,
      target: `~${count(ceiling)} /s (${MAX_UPDATES_PER_SECOND} per client, the rate limit)`,
      verdict: verdict(delivered >= SERVED_SHARE * ceiling),
      note: `${clients.clients} connected at the end, ${clients.disconnects} disconnects, ${count(server.slowClientSkips)} slow-client skips; clients joined in ${run.joinSeconds.toFixed(1)} s`,
    },
    {
      part: 'c',
      measure: 'delay, snapshot built -> client received (p50 / p99 / max)',
      value: `${ms(clients.delayMs.p50)} / ${ms(clients.delayMs.p99)} / ${ms(clients.delayMs.max)}`,
      target: '',
      verdict: '',
      note: `receive time - snapshot.at, one clock; snapshots of ${(clients.snapshotBytes / 1024).toFixed(1)} kB; clients' process CPU ${cpuShare(clients.cpuMs, clients.seconds)} (they decode only the timing fields)`,
    },
    {
      part: 'c',
      measure: 'server event-loop lag with the clients (p50 / p99 / max)',
      value: `${ms(server.eventLoopLagMs.p50)} / ${ms(server.eventLoopLagMs.p99)} / ${ms(server.eventLoopLagMs.max)}`,
      target: `p99 < ${TARGET_LOOP_LAG_P99_MS} ms`,
      verdict: verdict(server.eventLoopLagMs.p99 !== null && server.eventLoopLagMs.p99 < TARGET_LOOP_LAG_P99_MS),
      note: `monitorEventLoopDelay in the server process; server CPU ${cpuShare(server.cpuMs, serverSeconds)}, ${cpuWaitNote(server.runQueueWaitMs, server.elapsedMs)}; GC pauses max ${ms(server.gcPauseMs.max)}; RSS ${Math.round(server.rssMb)} MB`,
    },
    {
      part: 'c',
      measure: `ingest at ${count(TARGET_EVENTS_PER_SEC)} ev/s during the fan-out: kept up`,
      value: keptUpSummary(run),
      target: `${count(TARGET_EVENTS_PER_SEC)} ev/s sustained`,
      verdict: verdict(keptUp(run, TARGET_EVENTS_PER_SEC)),
      note: reconnectNote(server.amiReconnects),
    },
    {
      part: 'c',
      measure: 'event-to-socket during the fan-out: freshness p50 / p99 (per event p50 / p99)',
      value: `${ms(clients.freshnessMs.p50)} / ${ms(clients.freshnessMs.p99)} (${ms(run.eventToSocketMs.p50)} / ${ms(run.eventToSocketMs.p99)})`,
      target: `p99 < ${TARGET_LATENCY_P99_MS} ms`,
      verdict: verdict(clients.freshnessMs.p99 !== null && clients.freshnessMs.p99 < TARGET_LATENCY_P99_MS),
      note: 'freshness judged against the target, as in (b); per event includes the wait for the next update',
    },
  ];
}

function rate(value: number | null): string {
  return value === null ? 'n/a' : value.toFixed(1);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await withBenchContext(runFanOutBench);
  console.log(formatRows(rows));
  process.exit(0);
}
