import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { GapExit } from '../../domain/gap-exits';
import { parseQueueLogLine, type QueueLogLine } from './queue-log-line';

/** The exit a queue_log line tells of, or null for any other line. */
export function exitOfLine(line: QueueLogLine): GapExit | null {
  if (line.callId === null || line.queue === null) return null;
  const base = { at: line.at, queueId: line.queue, callId: line.callId, agent: line.agent };
  switch (line.verb) {
    case 'COMPLETEAGENT':
    case 'COMPLETECALLER':
    case 'TRANSFER':
    case 'BLINDTRANSFER':
    case 'ATTENDEDTRANSFER':
      return { ...base, outcome: 'answered', holdSec: line.holdSec, talkSec: line.talkSec, waitSec: line.holdSec };
    case 'ABANDON':
      return { ...base, outcome: 'abandoned', holdSec: 0, talkSec: 0, waitSec: line.waitSec ?? 0 };
    case 'EXITWITHTIMEOUT':
    case 'EXITEMPTY':
      return { ...base, outcome: 'timedOut', holdSec: 0, talkSec: 0, waitSec: line.waitSec ?? 0 };
    default:
      return null;
  }
}

/**
 * The exits the PBX's queue_log holds from the second of `since` on, in the
 * file's order. The file is read whole at each resync after a gap: a day of
 * a busy site is a few MB, and reconnects are rare.
 */
export async function readGapExits(file: string, since: number): Promise<GapExit[]> {
  const from = Math.floor(since / 1000) * 1000;
  const exits: GapExit[] = [];
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const text of lines) {
    const parsed = parseQueueLogLine(text);
    if (!parsed.ok || parsed.line.at < from) continue;
    const exit = exitOfLine(parsed.line);
    if (exit) exits.push(exit);
  }
  return exits;
}
