import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { QueueRules } from '../domain/queue-reducer';
import {
  MAX_QUEUE_LOG_LINE_LENGTH,
  parseQueueLogLine,
  type QueueLogParseOptions,
  type QueueLogRejectReason,
} from '../ingest/queue-log/queue-log-line';
import type { QueueLogSkipReason } from '../ingest/queue-log/queue-log-mapper';
import { followFile, readFileChunks } from './follow-file';
import type { HistorySink } from './history-sink';
import type { HistoryTally } from './history-tally';
import { LineSplitter } from './line-splitter';
import type { MemberDirectory } from './member-directory';
import { QueueLogPipeline } from './queue-log-pipeline';
import { readInSlices } from './read-slices';
import { checkQueueLogFile } from './queue-log-sniff';

/**
 * `npm run import -- queue_log FILE [--follow]`: Asterisk's queue_log, read in
 * chunks (memory stays bounded by the chunk and the calls in progress), through
 * the queue_log pipeline into the history sink. Importing the same file again
 * writes the same rows: the history tables are keyed by call and span.
 */

export interface QueueLogImportOptions {
  file: string;
  rules: QueueRules;
  members: MemberDirectory;
  sink: HistorySink;
  /** follow the file as it grows (and across rotation) until the signal aborts; without: read to its end */
  follow?: boolean;
  /** stops the import: what was read is finished and written, and the result returned */
  signal?: AbortSignal;
  pollMs?: number;
  /** how long a rotated-away file must stay quiet before the new one is read */
  quietMs?: number;
  parse?: QueueLogParseOptions;
  /** after each chunk: bytes read so far, the file's size when not following */
  onProgress?: (progress: QueueLogImportProgress) => void;
}

export interface QueueLogImportProgress {
  bytes: number;
  totalBytes: number | null;
  lines: number;
}

export interface QueueLogImportResult {
  bytes: number;
  lines: number;
  /** normalized events that reached the reducer */
  events: number;
  tally: HistoryTally;
  rejected: Partial<Record<QueueLogRejectReason, number>>;
  skipped: Partial<Record<QueueLogSkipReason, number>>;
  rotations: number;
  truncations: number;
}

/** Lines up to the parser's limit in UTF-16 units may take up to 3 bytes per unit; longer ones are not held. */
const MAX_LINE_BYTES = 3 * MAX_QUEUE_LOG_LINE_LENGTH + 2;

export async function importQueueLog(options: QueueLogImportOptions): Promise<QueueLogImportResult> {
  // Refused before anything is written; a followed file that does not exist yet is checked by nobody.
  if (!options.follow || existsSync(options.file)) await checkQueueLogFile(options.file, options.parse);
  const pipeline = new QueueLogPipeline({ rules: options.rules, members: options.members, ...(options.parse ? { parse: options.parse } : {}) });
  const splitter = new LineSplitter({
    onLine: (line) => pipeline.line(line),
    onOverlong: () => pipeline.overlong(),
    maxLineBytes: MAX_LINE_BYTES,
  });
  let bytes = 0;
  let rotations = 0;
  let truncations = 0;
  const totalBytes = options.follow ? null : (await stat(options.file)).size;
  const onChunk = (chunk: Buffer): Promise<void> =>
    readInSlices(chunk, async (slice) => {
      bytes += slice.length;
      splitter.push(slice);
      options.onProgress?.({ bytes, totalBytes, lines: pipeline.lines });
      await options.sink.record(pipeline.run.takeHistory());
    });

  if (options.follow) {
    await followFile(
      options.file,
      {
        onChunk,
        onRestart: (reason) => {
          // A rotated-away file is complete: its last line counts. A truncated one was cut anywhere.
          if (reason === 'rotated') {
            splitter.end();
            rotations++;
          } else {
            splitter.reset();
            truncations++;
          }
        },
        // Caught up with the file: what was read is committed and rolled up before waiting for more.
        onCaughtUp: async () => {
          await options.sink.record(pipeline.run.takeHistory());
          await options.sink.flush();
        },
      },
      {
        signal: options.signal ?? new AbortController().signal,
        ...(options.pollMs ? { pollMs: options.pollMs } : {}),
        ...(options.quietMs ? { quietMs: options.quietMs } : {}),
      },
    );
    // A last line without its newline may still be being written: it is left for the next run.
  } else {
    await readFileChunks(options.file, onChunk, options.signal ? { signal: options.signal } : {});
    if (!options.signal?.aborted) splitter.end();
  }
  pipeline.finish();
  await options.sink.record(pipeline.run.takeHistory());
  await options.sink.flush();
  return {
    bytes,
    lines: pipeline.lines,
    events: pipeline.run.events,
    tally: pipeline.run.tally,
    rejected: Object.fromEntries(pipeline.rejected),
    skipped: Object.fromEntries(pipeline.skipped),
    rotations,
    truncations,
  };
}

/**
 * Reads the file once for member name / interface pairings (PAUSEALL lines
 * followed by PAUSE lines) before the import, so that calls taken before an
 * agent's first pause are already filed under the interface.
 */
export async function learnMembers(file: string, members: MemberDirectory, parse?: QueueLogParseOptions): Promise<void> {
  const splitter = new LineSplitter({
    onLine: (line) => {
      // Only pause lines pair names; skip the rest before parsing.
      if (!line.includes('PAUSE')) return;
      const parsed = parseQueueLogLine(line, parse);
      if (parsed.ok) members.learn(parsed.line);
    },
    onOverlong: () => undefined,
    maxLineBytes: MAX_LINE_BYTES,
  });
  await readFileChunks(file, (chunk) => splitter.push(chunk));
  splitter.end();
}
