/**
 * (c) Fan-out: board clients spread over three wallboard server processes on
 * one Redis while the recorded stream is replayed at the (b) target rate into
 * the first (the reader; the others read no PBX and serve boards from the
 * store, each building its own updates). Each server measures its own
 * event-loop lag; the clients measure what reached them. (The socket.io Redis
 * adapter was measured against this at commit 7b9b0d0: docs/PERFORMANCE.md.)
 */
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { withBenchContext, type BenchContext } from './support/bench-context';
import { keptUp, keptUpSummary, runPacedReplay, type PacedRunReport } from './support/paced-run';
import { count, cpuShare, cpuWaitNote, formatRows, ms, reconnectNote, verdict, type BenchRow } from './support/result-table';
import { PACED_SECONDS, TARGET_EVENTS_PER_SEC, TARGET_LATENCY_P99_MS } from './ingest-e2e';

export const FAN_OUT_CLIENTS = 10_000;
export const FAN_OUT_NODES = 3;
export const TARGET_LOOP_LAG_P99_MS = 50;
/**
 * The clients' processes run at this CPU priority (BENCH_CLIENTS_NICE=0 for
 * the same as the servers'). Real boards are TVs elsewhere; here 10,000 of
 * them take about half a core of the two, and at equal priority the servers
 * wait for a CPU behind them: their loop lag then measures the harness.
 * Niced, the clients still get every cycle the servers leave.
 */
const CLIENTS_NICENESS = z.coerce.number().int().min(0).max(19).parse(process.env.BENCH_CLIENTS_NICE ?? 10);

export async function runFanOutBench(context: BenchContext, clients = FAN_OUT_CLIENTS): Promise<BenchRow[]> {
  const run = await runPacedReplay({
    recording: context.recording,
    redisUrl: context.redisUrl,
    timeZone: context.timeZone,
    wrapupSecByQueue: context.wrapupSecByQueue,
    site: 'bench-c-fan-out',
    eventsPerSec: TARGET_EVENTS_PER_SEC,
    seconds: PACED_SECONDS,
    clients,
    nodes: FAN_OUT_NODES,
    clientsNiceness: CLIENTS_NICENESS,
  });
  return fanOutRows(run, clients);
}

function fanOutRows(run: PacedRunReport, clients: number): BenchRow[] {
  const label = `${count(clients)} clients on ${FAN_OUT_NODES} nodes`;
  const seconds = run.clients[0]?.seconds ?? 1;
  const sum = (pick: (c: PacedRunReport['clients'][number]) => number): number => run.clients.reduce((total, c) => total + pick(c), 0);
  const delivered = sum((c) => c.deliveries);
  const missed = sum((c) => c.missedUpdates);
  const connected = sum((c) => c.clients);
  const minRate = Math.min(...run.clients.map((c) => c.perClientPerSec.min ?? 0));
  const lags = run.servers.map((s) => s.eventLoopLagMs.p99 ?? Number.POSITIVE_INFINITY);
  const bytes = run.clients[0]?.packetBytes;
  return [
    {
      part: 'c',
      measure: `${label}: every client receives every update`,
      value: `${count(delivered / seconds)} updates/s delivered; ${count(missed)} missed by ${count(sum((c) => c.clientsMissing))} clients; per client min ${minRate.toFixed(1)}/s`,
      target: 'none missed',
      verdict: verdict(missed === 0 && connected === clients),
      note: `${connected} connected at the end, ${sum((c) => c.disconnects)} disconnects, ${count(sum((c) => c.wholes))} whole snapshots among them; ${count(run.servers.reduce((t, s) => t + s.slowClientSkips, 0))} slow-client skips; patches ${bytes?.patch ?? 0} B, whole ${bytes?.snapshot ?? 0} B; joined in ${run.joinSeconds.toFixed(1)} s; clients' processes CPU ${cpuShare(sum((c) => c.cpuMs), seconds)} at nice ${CLIENTS_NICENESS}`,
    },
    {
      part: 'c',
      measure: `${label}: server event-loop lag p99 per node (reader first)`,
      value: lags.map((lag) => ms(lag)).join(' / '),
      target: `p99 < ${TARGET_LOOP_LAG_P99_MS} ms on each`,
      verdict: verdict(lags.every((lag) => lag < TARGET_LOOP_LAG_P99_MS)),
      note: run.servers
        .map((s, i) => {
          // CPU per update written is steadier than lag on a machine others load
          const perThousand = (1000 * s.cpuMs) / Math.max(1, run.clients[i]?.deliveries ?? 0);
          return `node ${i + 1}: CPU ${cpuShare(s.cpuMs, s.elapsedMs / 1000)} (${perThousand.toFixed(1)} ms per 1,000 updates written), ${cpuWaitNote(s.runQueueWaitMs, s.elapsedMs)}, max lag ${ms(s.eventLoopLagMs.max)}, GC max ${ms(s.gcPauseMs.max)}, RSS ${Math.round(s.rssMb)} MB`;
        })
        .join('; '),
    },
    {
      part: 'c',
      measure: `${label}: per event until a board shows it (p50 / p99), reader's boards; other nodes' boards behind them (p50 / p99)`,
      value: `${ms(run.eventToSocketMs.p50)} / ${ms(run.eventToSocketMs.p99)}; ${run.behindReaderMs.map((b) => `${ms(b.p50)} / ${ms(b.p99)}`).join('; ')}`,
      target: `p99 < ${TARGET_LATENCY_P99_MS} ms`,
      verdict: verdict(run.eventToSocketMs.p99 !== null && run.eventToSocketMs.p99 < TARGET_LATENCY_P99_MS),
      note: `traced clients; "behind": the first receipt of the same seq on another node's board minus the reader's board's; delay built -> received p99 per node ${run.clients.map((c) => ms(c.delayMs.p99)).join(' / ')}; freshness p99 (reader) ${ms(run.clients[0]?.freshnessMs.p99 ?? null)}`,
    },
    {
      part: 'c',
      measure: `${label}: ingest at ${count(TARGET_EVENTS_PER_SEC)} ev/s during the fan-out: kept up`,
      value: keptUpSummary(run),
      target: `${count(TARGET_EVENTS_PER_SEC)} ev/s sustained`,
      verdict: verdict(keptUp(run, TARGET_EVENTS_PER_SEC)),
      note: reconnectNote(run.servers[0]?.amiReconnects ?? 0),
    },
  ];
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const clients = Number(process.argv[2] ?? FAN_OUT_CLIENTS);
  const rows = await withBenchContext((context) => runFanOutBench(context, clients));
  console.log(formatRows(rows));
  process.exit(0);
}
