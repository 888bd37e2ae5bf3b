import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { QueueSettingsBook } from '../../server/config/queue-settings';
import { queueRulesFor } from '../../server/config/queue-rules';
import type { CallRecord } from '../../server/domain/live-state';
import type { HistorySink } from '../../server/import/history-sink';
import { MemberDirectory } from '../../server/import/member-directory';
import { importQueueLog, learnMembers } from '../../server/import/queue-log-import';
import { CallCenterModel } from '../../server/simulator/call-center-model';
import { QueueLogWriter } from '../../server/simulator/queue-log-writer';
import { DEMO_CONFIG, parseSimulatorConfig } from '../../server/simulator/simulator-config';
import { utcOffsetMs } from '../../shared/site-time';

/**
 * The import bench's input files: the demo site's queue_log over some weeks,
 * and the same weeks' calls as a calls CSV.
 */

const WEEK_MS = 7 * 86_400_000;
/** Monday 2026-03-02 00:00 in Moscow */
const START = Date.parse('2026-03-01T21:00:00Z');

export const IMPORT_BENCH_RULES = queueRulesFor({ timeZone: 'Europe/Moscow', shortAbandonSec: 5 }, QueueSettingsBook.load('config/queues.json'));

export function queueLogFile(dir: string): string {
  return path.join(dir, 'queue_log');
}

export function callsCsvFile(dir: string): string {
  return path.join(dir, 'calls.csv');
}

/** The queue_log in `dir`, and with `csv` the calls CSV; the lines of the queue_log. */
export async function writeImportBenchFiles(dir: string, weeks: number, csv: boolean): Promise<number> {
  const lines = await generateQueueLog(queueLogFile(dir), weeks);
  if (csv) {
    const calls: CallRecord[] = [];
    const members = new MemberDirectory();
    await learnMembers(queueLogFile(dir), members);
    const collect: HistorySink = {
      record: async (ops) => {
        for (const op of ops) if (op.op === 'history.call') calls.push(op.call);
      },
      flush: async () => undefined,
    };
    await importQueueLog({ file: queueLogFile(dir), rules: IMPORT_BENCH_RULES, members, sink: collect });
    await writeCallsCsv(callsCsvFile(dir), calls, IMPORT_BENCH_RULES.timeZone);
  }
  return lines;
}

/** A simulated week of the demo site's queue_log, written `weeks` times with times and call ids shifted. */
async function generateQueueLog(file: string, weeks: number): Promise<number> {
  const config = parseSimulatorConfig(DEMO_CONFIG);
  const writer = new QueueLogWriter();
  const model = new CallCenterModel(config, START, writer);
  const week: string[] = [];
  for (let at = START; at < START + WEEK_MS; at += 3_600_000) {
    model.advanceTo(at + 3_600_000);
    model.takeEvents();
    week.push(...writer.takeLines());
  }
  const out = createWriteStream(file);
  for (let w = 0; w < weeks; w++) {
    const shiftSec = (w * WEEK_MS) / 1000;
    let text = '';
    for (const line of week) {
      const bar = line.indexOf('|');
      const second = line.indexOf('|', bar + 1);
      const callId = line.slice(bar + 1, second);
      // Uniqueids are `<epoch>.<n>`: shift the epoch part too, so each week's calls are new calls.
      const shifted = callId.includes('.') ? `${Number(callId.slice(0, callId.indexOf('.'))) + shiftSec}${callId.slice(callId.indexOf('.'))}` : callId;
      text += `${Number(line.slice(0, bar)) + shiftSec}|${shifted}${line.slice(second)}\n`;
    }
    if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return week.length * weeks;
}

/** The calls with every column the importer maps, times in site time without an offset as exports write them. */
async function writeCallsCsv(file: string, calls: readonly CallRecord[], timeZone: string): Promise<void> {
  const iso = (ms: number | null): string => (ms === null ? '' : new Date(ms + utcOffsetMs(timeZone, ms)).toISOString().slice(0, 23).replace('T', ' '));
  const out = createWriteStream(file);
  let text = 'callid,queue,entered,answered,ended,outcome,agent\n';
  for (const call of calls) {
    text += `${call.callId},${call.queueId},${iso(call.enteredAt)},${iso(call.answeredAt)},${iso(call.endedAt)},${call.outcome},${call.agentId ?? ''}\n`;
    if (text.length > 1 << 20) {
      if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      text = '';
    }
  }
  out.write(text);
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}
