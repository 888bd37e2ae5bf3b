/**
 * `npm run bench`: (a) AMI parse throughput, (b) end-to-end ingest, (c) socket
 * fan-out, one table with the targets, printed and written into
 * docs/PERFORMANCE.md. Bounded: it stops itself and every process it started.
 */
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Row as ParseRow } from './ami-parse';
import { runFanOutBench } from './fan-out';
import { runIngestBench } from './ingest-e2e';
import { withBenchContext } from './support/bench-context';
import { writeResults } from './support/performance-doc';
import { count, errorRow, formatRows, verdict, type BenchRow } from './support/result-table';

/** a run that takes longer than this is stuck: give up rather than hang */
const WATCHDOG_MS = 8 * 60_000;
const DOC_PATH = fileURLToPath(new URL('../docs/PERFORMANCE.md', import.meta.url));

async function parseRows(): Promise<BenchRow[]> {
  try {
    const { runAmiParseBench } = await import('./ami-parse');
    return (await runAmiParseBench()).map(fromParseRow);
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
    const ingest = await runIngestBench(context).catch((error: unknown) => [errorRow('b', 'end-to-end ingest (bench/ingest-e2e.ts)', error)]);
    const fanOut = await runFanOutBench(context).catch((error: unknown) => [errorRow('c', 'fan-out (bench/fan-out.ts)', error)]);
    return [...ingest, ...fanOut];
  }).catch((error: unknown) => [errorRow('b', 'bench setup (redis-server, simulator recording)', error)]);
}

const watchdog = setTimeout(() => {
  console.error(`bench: still running after ${WATCHDOG_MS / 60_000} min, giving up`);
  process.exit(2);
}, WATCHDOG_MS);

const startedAt = new Date();
const loadBefore = loadavg();
console.log(`bench: started ${startedAt.toISOString()}; (a) parse, then (b) ingest and (c) fan-out (about 2-3 minutes)`);
const rows = [...(await parseRows()), ...(await liveRows())];
const seconds = (Date.now() - startedAt.getTime()) / 1000;

const cores = cpus();
const machine =
  `${cores.length} x ${cores[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}, ` +
  `load average ${loadBefore.map((l) => l.toFixed(1)).join(' / ')} (1/5/15 min) at the start`;
const busy = Math.max(loadBefore[0] ?? 0, loadavg()[0] ?? 0) > cores.length;
const misses = rows.filter((row) => row.verdict === 'MISS' || row.verdict === 'ERROR').length;
const results = [
  `Run of \`npm run bench\` on ${startedAt.toISOString()} (${seconds.toFixed(0)} s).`,
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
writeResults(DOC_PATH, results);
console.log(`bench: results written to ${DOC_PATH}`);
clearTimeout(watchdog);
// socket and child handles of a failed run must not keep the bench alive
process.exit(0);
