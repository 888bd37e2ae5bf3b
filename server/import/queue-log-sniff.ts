import { open } from 'node:fs/promises';
import { parseQueueLogLine, type QueueLogParseOptions, type QueueLogRejectReason } from '../ingest/queue-log/queue-log-line';

/**
 * Whether a file is an Asterisk queue_log, from its first lines, before the
 * import reads the rest or writes anything: a CSV, a full log or a binary
 * given by mistake is refused at once, with what its first line says.
 */

/** The start of the file that is looked at, and at most this many of its lines. */
const SNIFF_BYTES = 64 * 1024;
const SNIFF_LINES = 50;

/** A line with these faults still has queue_log's shape (time|callid|queue|agent|verb|...): a verb or field this parser does not know. */
const SHAPED: ReadonlySet<QueueLogRejectReason> = new Set(['unknown_verb', 'missing_field', 'bad_field']);

export class NotAQueueLogError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotAQueueLogError';
  }
}

/**
 * Throws NotAQueueLogError unless at least half of the file's first lines
 * (up to 50, within its first 64 kB) have queue_log's shape. An empty file passes.
 */
export async function checkQueueLogFile(file: string, parse?: QueueLogParseOptions): Promise<void> {
  const handle = await open(file, 'r');
  let head: string;
  let whole: boolean;
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    head = buffer.toString('utf8', 0, bytesRead);
    whole = bytesRead < SNIFF_BYTES;
  } finally {
    await handle.close();
  }
  const lines = head.split('\n');
  // A line cut by the end of the sample is not judged, unless it is all there is.
  if (!whole && lines.length > 1) lines.pop();
  const sample = lines.map((line) => line.replace(/\r$/, '')).filter((line) => line.trim() !== '').slice(0, SNIFF_LINES);
  if (sample.length === 0) return;
  const shaped = sample.filter((line) => {
    const parsed = parseQueueLogLine(line, parse);
    return parsed.ok || SHAPED.has(parsed.reason);
  }).length;
  if (2 * shaped >= sample.length) return;
  const first = sample[0] as string;
  const preview = first.length > 80 ? `${first.slice(0, 80)}...` : first;
  throw new NotAQueueLogError(
    `${file} does not look like an Asterisk queue_log: ${shaped} of its first ${sample.length} lines have the queue_log shape ` +
      `(epoch|callid|queue|agent|verb|data...); its first line reads ${JSON.stringify(preview)}. Nothing was imported.`,
  );
}
