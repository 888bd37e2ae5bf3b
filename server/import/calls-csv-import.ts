import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { HistoryOp } from '../domain/live-state';
import type { QueueRules } from '../domain/queue-reducer';
import { callRecordFromCsv } from './call-record-from-csv';
import { MAPPING_KEYS, type CallsMapping, type MappingKey, type TimeFormat } from './calls-csv-mapping';
import { CsvRecordReader } from './csv-records';
import { readInSlices } from './read-slices';
import { csvRowReader, type CsvSkipReason } from './calls-csv-row';
import type { HistorySink } from './history-sink';
import { HistoryTally } from './history-tally';

/**
 * `npm run import -- calls FILE.csv --map ...`: call records from another
 * system as history call rows, so the day and plan views cover the time before
 * the wallboard. The file is streamed through the CSV record reader (quoted
 * fields, delimiters and newlines inside quotes, a BOM); each record is checked
 * on its own, and a bad one is skipped, counted by reason and reported with its
 * line.
 */

export interface CallsCsvImportOptions {
  file: string;
  mapping: CallsMapping;
  rules: QueueRules;
  sink: HistorySink;
  timeFormat?: TimeFormat;
  /** false: no header row, the mapping names 1-based column numbers */
  header?: boolean;
  delimiter?: string;
  signal?: AbortSignal;
  onProgress?: (progress: { bytes: number; totalBytes: number; records: number }) => void;
}

export interface CallsCsvImportResult {
  records: number;
  tally: HistoryTally;
  skipped: Partial<Record<CsvSkipReason, number>>;
  /** the first problems, with their line numbers */
  problems: string[];
}

const MAX_PROBLEMS_KEPT = 20;
/** one record (all its fields) may not exceed this; bounds memory on a broken quote */
const MAX_RECORD_CHARS = 64 * 1024;
const BATCH = 2_000;

export async function importCallsCsv(options: CallsCsvImportOptions): Promise<CallsCsvImportResult> {
  const header = options.header ?? true;
  const readRow = csvRowReader(options.timeFormat ?? 'auto', options.rules.timeZone);
  const totalBytes = (await stat(options.file)).size;
  const input = createReadStream(options.file, { highWaterMark: 1 << 20 });
  const tally = new HistoryTally();
  const skipped = new Map<CsvSkipReason, number>();
  const problems: string[] = [];
  const skip = (reason: CsvSkipReason, line: number, message: string): void => {
    skipped.set(reason, (skipped.get(reason) ?? 0) + 1);
    if (problems.length < MAX_PROBLEMS_KEPT) problems.push(`line ${line}: ${message}`);
  };

  let columns: Map<MappingKey, number> | null = header ? null : columnsByNumber(options.mapping);
  let records = 0;
  let batch: HistoryOp[] = [];
  const reader = new CsvRecordReader({
    delimiter: options.delimiter ?? ',',
    maxRecordChars: MAX_RECORD_CHARS,
    onError: (message, line) => skip('csv_syntax', line, message),
    onRecord: (record, line) => {
      if (columns === null) {
        columns = columnsByHeader(options.mapping, record);
        return;
      }
      records++;
      const cells: Partial<Record<MappingKey, string>> = {};
      for (const [key, index] of columns) cells[key] = record[index];
      const row = readRow(cells);
      if (!row.ok) return skip(row.reason, line, row.message);
      const op: HistoryOp = { op: 'history.call', call: callRecordFromCsv(row.call, options.rules) };
      tally.count(op);
      batch.push(op);
    },
  });
  const abort = (): void => void input.destroy();
  options.signal?.addEventListener('abort', abort);
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      await readInSlices(chunk, async (slice) => {
        reader.push(slice);
        if (batch.length < BATCH) return;
        await options.sink.record(batch);
        batch = [];
        options.onProgress?.({ bytes: input.bytesRead, totalBytes, records });
      });
    }
    // Stopped: the last record read may be cut anywhere, so it is not one.
    if (!options.signal?.aborted) reader.end();
  } catch (error) {
    if (!options.signal?.aborted) throw error;
  } finally {
    options.signal?.removeEventListener('abort', abort);
    input.destroy();
  }
  if (columns === null) throw new Error(`${options.file} is empty: no header row`);
  await options.sink.record(batch);
  await options.sink.flush();
  return { records, tally, skipped: Object.fromEntries(skipped), problems };
}

function mappedKeys(mapping: CallsMapping): [MappingKey, string][] {
  return MAPPING_KEYS.flatMap((key) => (mapping[key] === undefined ? [] : [[key, mapping[key]!] as [MappingKey, string]]));
}

/** Header names to column indexes; an unknown name is an error that lists the header. */
function columnsByHeader(mapping: CallsMapping, headerRow: readonly string[]): Map<MappingKey, number> {
  const names = headerRow.map((name) => name.trim());
  const columns = new Map<MappingKey, number>();
  const missing: string[] = [];
  for (const [key, name] of mappedKeys(mapping)) {
    const index = names.indexOf(name.trim());
    if (index === -1) missing.push(`${key}=${name}`);
    else columns.set(key, index);
  }
  if (missing.length > 0) {
    throw new Error(`--map names columns the header does not have: ${missing.join(', ')} (header: ${names.map((n) => JSON.stringify(n)).join(', ')})`);
  }
  return columns;
}

function columnsByNumber(mapping: CallsMapping): Map<MappingKey, number> {
  const columns = new Map<MappingKey, number>();
  for (const [key, text] of mappedKeys(mapping)) {
    const number = Number(text);
    if (!Number.isInteger(number) || number < 1) throw new Error(`--map ${key}=${text}: without a header row columns are numbers from 1`);
    columns.set(key, number - 1);
  }
  return columns;
}
