/**
 * `npm run bench`: (a) AMI parse throughput, (b) end-to-end ingest, (c) socket
 * fan-out, (d) queue_log import speed, (e) history query latency, one table with the targets, printed and written into
 * docs/PERFORMANCE.md. Bounded: it stops itself and every process it started.
 * `npm run bench -- soak`: only the soak (bench/soak.ts), into its own section of the doc.
 * `npm run bench -- fan-out` / `ingest` / `parse`: only that part, into a section of its own.
 */
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Row as ParseRow } from './ami-parse';
import { runFanOutBench } from './fan-out';
import { runHistoryQueriesBench } from './history-queries';
import { runIngestBench } from './ingest-e2e';
import { runQueueLogImportBench, type ImporterUnderTest } from './queue-log-import';
import { withBenchContext } from './support/bench-context';
import { writeResults } from './support/performance-doc';
import { count, errorRow, formatRows, ms, verdict, type BenchRow } from './support/result-table';

const NAME = process.argv[2];
const SOAK = NAME === 'soak';
/** a run that takes longer than this is stuck: give up rather than hang (the soak is 24 simulated hours) */
const WATCHDOG_MS = (SOAK ? 20 : 12) * 60_000;
const DOC_PATH = fileURLToPath(new URL('../docs/PERFORMANCE.md', import.meta.url));

/** ami-io's parse-only speed from the newest (a), for the side-by-side figure of (b) */
let amiIoParse: { parser: string; eventsPerSec: number } | undefined;

async function parseRows(): Promise<BenchRow[]> {
  try {
    const { runAmiParseBench } = await import('./ami-parse');
    const rows = await runAmiParseBench();
    const amiIo = rows.find((row) => row.parser.startsWith('ami-io'));
    if (amiIo?.eventsPerSec) amiIoParse = { parser: amiIo.parser, eventsPerSec: amiIo.eventsPerSec };
    return rows.map(fromParseRow);
  } catch (error) {
    return [errorRow('a', 'AMI parse throughput (bench/ami-parse.ts)', error)];
  }
}

function fromParseRow(row: ParseRow): BenchRow {
  const ours = row.parser.startsWith('ours');
  const measured = row.eventsPerSec !== null && row.oursOverThis !== null;
  const keeps = (value: boolean | null): string => (value === null ? 'n/a' : value ? 'yes' : 'no');
  return {
    part: 'a',
    measure: `AMI parse: ${row.parser}`,
    value: row.eventsPerSec === null ? 'n/a' : `${count(row.eventsPerSec)} ev/s, ${row.mbPerSec} MB/s${ours ? '' : `; ours ${row.oursOverThis}x`}`,
    target: ours ? '' : 'ours faster',
    verdict: ours ? '' : measured ? verdict((row.oursOverThis ?? 0) > 1) : 'ERROR',
    note: `${row.note}; keeps repeated ChanVariable: ${keeps(row.keepsRepeatedChanVariable)}, multi-line Output: ${keeps(row.keepsMultiLineOutput)}`,
  };
}

async function liveRows(): Promise<BenchRow[]> {
  return withBenchContext(async (context) => {
    const ingest = await runIngestBench(context, amiIoParse).catch((error: unknown) => [errorRow('b', 'end-to-end ingest (bench/ingest-e2e.ts)', error)]);
    const fanOut = await runFanOutBench(context).catch((error: unknown) => [errorRow('c', 'fan-out (bench/fan-out.ts)', error)]);
    return [...ingest, ...fanOut];
  }).catch((error: unknown) => [errorRow('b', 'bench setup (redis-server, simulator recording)', error)]);
}

/** 8 weeks of the demo site's queue_log: 337,000 lines; about 3 s of importing without a database, 6 to 40 s into Postgres on this machine */
const IMPORT_WEEKS = 8;
const IMPORT_TARGET_LINES_PER_SEC = 100_000;
const QUERY_TARGET_P95_MS = 50;

async function importRows(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  try {
    const result = await runQueueLogImportBench({ weeks: IMPORT_WEEKS });
    rows.push(
      {
        part: 'd',
        measure: 'queue_log import, no database (read, split, parse, map, reduce, facts)',
        value: `${count(result.linesPerSec)} lines/s`,
        target: `>= ${count(IMPORT_TARGET_LINES_PER_SEC)} lines/s`,
        verdict: verdict(result.linesPerSec >= IMPORT_TARGET_LINES_PER_SEC),
        note: `${count(result.lines)} lines (${result.megabytes} MB, ${count(result.calls)} calls, ${IMPORT_WEEKS} weeks) in ${result.seconds} s; facts ${result.sink}`,
      },
      {
        part: 'd',
        measure: 'queue_log import per CPU second',
        value: `${count(result.linesPerCpuSec)} lines/CPU-s`,
        target: '',
        verdict: '',
        note: 'CPU time of the bench process (user + system): steadier than wall time on a shared machine',
      },
    );
  } catch (error) {
    rows.push(errorRow('d', 'queue_log import (bench/queue-log-import.ts)', error));
  }
  const endToEnd: { importer: ImporterUnderTest; what: string }[] = [
    { importer: 'queue_log', what: 'queue_log import' },
    { importer: 'follow', what: 'queue_log --follow catch-up' },
    { importer: 'csv', what: 'calls CSV import' },
  ];
  for (const { importer, what } of endToEnd) {
    try {
      const result = await runQueueLogImportBench({ weeks: IMPORT_WEEKS, postgres: true, importer });
      const unit = importer === 'csv' ? 'records' : 'lines';
      rows.push(
        {
          part: 'd',
          measure: `${what} end to end: file to rows committed in Postgres, rollups included`,
          value: `${count(result.linesPerSec)} ${unit}/s`,
          target: `>= ${count(IMPORT_TARGET_LINES_PER_SEC)} ${unit}/s`,
          verdict: verdict(result.linesPerSec >= IMPORT_TARGET_LINES_PER_SEC),
          note:
            `${count(result.lines)} ${unit} in ${result.seconds} s into an embedded Postgres on the same machine: ` +
            `${count(result.callRows)} call rows, ${count(result.spanRows)} agent state spans, interval rollups`,
        },
        {
          part: 'd',
          measure: `${what} end to end per CPU second (importer + Postgres)`,
          value: result.linesPerTotalCpuSec === null ? 'n/a' : `${count(result.linesPerTotalCpuSec)} ${unit}/CPU-s`,
          target: '',
          verdict: '',
          note: `importer ${result.importerCpuSeconds} CPU-s (${count(result.linesPerCpuSec)} ${unit}/CPU-s); Postgres ${result.postgresCpuSeconds ?? 'n/a'} CPU-s (postmaster and backends, /proc)`,
        },
      );
    } catch (error) {
      rows.push(errorRow('d', `${what} into Postgres (bench/queue-log-import.ts --postgres --importer ${importer})`, error));
    }
  }
  return rows;
}

async function historyRows(): Promise<BenchRow[]> {
  try {
    const result = await runHistoryQueriesBench();
    return result.timings.map((timing) => ({
      part: 'e',
      measure: `history query: ${timing.name}`,
      value: `p50 ${ms(timing.p50Ms)}, p95 ${ms(timing.p95Ms)}`,
      target: `p95 < ${QUERY_TARGET_P95_MS} ms`,
      verdict: verdict(timing.p95Ms < QUERY_TARGET_P95_MS),
      note:
        `GET ${timing.path}, ${timing.requests} sequential requests after warm-up over HTTP on 127.0.0.1; ` +
        `interval_stats ${count(result.rows)} rows (a year, ${result.queues} queues + site row, filled in ${result.fillSeconds.toFixed(0)} s)`,
    }));
  } catch (error) {
    return [errorRow('e', 'history queries (bench/history-queries.ts)', error)];
  }
}

const watchdog = setTimeout(() => {
  console.error(`bench: still running after ${WATCHDOG_MS / 60_000} min, giving up`);
  process.exit(2);
}, WATCHDOG_MS);

if (SOAK) {
  const { runSoakBench } = await import('./soak');
  const results = await runSoakBench((line) => console.log(line));
  console.log(`\n${results}\n`);
  writeResults(DOC_PATH, results, { name: 'soak', heading: 'Soak: bounded memory' });
  console.log(`bench: soak results written to ${DOC_PATH}`);
  process.exit(0);
}

/** the parts one can run alone, each with its own section of the doc */
const PARTS: Record<string, { heading: string; rows: () => Promise<BenchRow[]> }> = {
  parse: { heading: 'AMI parse alone', rows: parseRows },
  ingest: { heading: 'Ingest alone', rows: async () => [...(await parseRows()), ...(await withBenchContext((context) => runIngestBench(context, amiIoParse)))] },
  'fan-out': { heading: 'Fan-out across nodes', rows: () => withBenchContext((context) => runFanOutBench(context)) },
};
const part = NAME === undefined ? undefined : PARTS[NAME];
if (NAME !== undefined && !part) {
  console.error(`bench: unknown part ${NAME}; one of soak, ${Object.keys(PARTS).join(', ')}`);
  process.exit(2);
}

const startedAt = new Date();
const loadBefore = loadavg();
console.log(
  part
    ? `bench: started ${startedAt.toISOString()}; ${NAME} only`
    : `bench: started ${startedAt.toISOString()}; (a) parse, then (b) ingest and (c) fan-out (about 4-5 minutes), (d) queue_log import, (e) history queries (about 1.5 minutes)`,
);
const rows = part ? await part.rows() : [...(await parseRows()), ...(await liveRows()), ...(await importRows()), ...(await historyRows())];
const seconds = (Date.now() - startedAt.getTime()) / 1000;

const cores = cpus();
const machine =
  `${cores.length} x ${cores[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}, ` +
  `load average ${loadBefore.map((l) => l.toFixed(1)).join(' / ')} (1/5/15 min) at the start`;
const busy = Math.max(loadBefore[0] ?? 0, loadavg()[0] ?? 0) > cores.length;
const misses = rows.filter((row) => row.verdict === 'MISS' || row.verdict === 'ERROR').length;
const results = [
  `Run of \`npm run bench${part ? ` -- ${NAME}` : ''}\` on ${startedAt.toISOString()} (${seconds.toFixed(0)} s).`,
  '',
  `Machine: ${machine}.`,
  ...(busy
    ? ['', `**The machine was busy** (load average above ${cores.length}, the core count): other processes took CPU from the bench, so rates are low and latencies high; the CPU-time rows are the steadier figures.`]
    : []),
  '',
  formatRows(rows),
  '',
  `${rows.filter((row) => row.verdict === 'PASS').length} PASS, ${misses} MISS or ERROR.`,
].join('\n');
console.log(`\n${results}\n`);
writeResults(DOC_PATH, results, part && NAME ? { name: NAME, heading: part.heading } : undefined);
console.log(`bench: results written to ${DOC_PATH}`);
clearTimeout(watchdog);
// socket and child handles of a failed run must not keep the bench alive
process.exit(0);
