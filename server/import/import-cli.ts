import { existsSync } from 'node:fs';
import { parseMapping, TIME_FORMATS, type TimeFormat } from './calls-csv-mapping';
import { importCallsCsv } from './calls-csv-import';
import { commandContext, openCommandHistory, parseCommandLine, runCommand, stopOnSignals, UsageError } from './cli-support';
import { historySink } from './history-sink';
import { callsRow, queueLogSummary, rate, reasons } from './import-summary';
import { loadMembersFile, MemberDirectory } from './member-directory';
import { formatCount, formatDuration, ProgressBar } from './progress-bar';
import { importQueueLog, learnMembers } from './queue-log-import';
import { checkQueueLogFile } from './queue-log-sniff';

const USAGE = `Usage:
  npm run import -- queue_log FILE [--follow] [--members FILE.json] [--site S] [--utc-datetimes]
  npm run import -- calls FILE.csv --map queue=COL,entered=COL,ended=COL[,answered=COL,outcome=COL,callid=COL,agent=COL,wait=COL,talk=COL,wrap=COL]
                   [--dates auto|iso|epoch|epoch-ms] [--no-header] [--delimiter ';'] [--site S]

queue_log: Asterisk's queue log, through the live board's reducer into the history database
  (DATABASE_URL, or the embedded Postgres under DATA_DIR). Importing a file again changes nothing.
  --follow        keep reading as the file grows, across rotation and truncation; Ctrl-C stops
  --members FILE  JSON {"member name": "PJSIP/1001", ...}: files calls under the interface, as AMI does
                  (without it, names are paired from PAUSEALL/PAUSE lines where the log has them)
  --utc-datetimes read "YYYY-MM-DD HH:MM:SS" times (realtime queue_log exports) as UTC
calls: call records from another system as history call rows; see server/import/calls-csv-mapping.ts.
  Times: ISO 8601 (no offset = site time, SITE_TZ) or epoch seconds / milliseconds.`;

async function main(): Promise<void> {
  const { values, positionals } = parseArguments();
  const [command, file] = positionals;
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (positionals.length !== 2 || file === undefined) throw new UsageError('expected a command (queue_log or calls) and a file');
  if (command === 'queue_log') await importQueueLogCommand(file, values);
  else if (command === 'calls') await importCallsCommand(file, values);
  else throw new UsageError(`unknown command "${command}"`);
}

type Values = ReturnType<typeof parseArguments>['values'];

function parseArguments() {
  return parseCommandLine({
    follow: { type: 'boolean', default: false },
    members: { type: 'string' },
    site: { type: 'string' },
    'utc-datetimes': { type: 'boolean', default: false },
    map: { type: 'string' },
    dates: { type: 'string', default: 'auto' },
    'no-header': { type: 'boolean', default: false },
    delimiter: { type: 'string', default: ',' },
    help: { type: 'boolean', short: 'h', default: false },
  });
}

async function importQueueLogCommand(file: string, values: Values): Promise<void> {
  if (!values.follow && !existsSync(file)) throw new UsageError(`${file}: no such file`);
  const context = commandContext(values.site);
  const members = new MemberDirectory(values.members !== undefined ? loadMembersFile(values.members) : undefined);
  const parse = { utcDateTimeStamps: values['utc-datetimes'] };
  if (existsSync(file)) {
    // A file that is not a queue_log is refused before the member pass reads all of it and before the database opens.
    await checkQueueLogFile(file, parse);
    await learnMembers(file, members, parse);
  }
  const signal = stopOnSignals();
  const open = await openCommandHistory(context);
  try {
    const progress = new ProgressBar({ unit: 'bytes', total: null });
    if (values.follow) console.error(`following ${file} (Ctrl-C to stop)`);
    const result = await importQueueLog({
      file,
      rules: context.rules,
      members,
      sink: historySink(open.history),
      follow: values.follow,
      signal,
      parse,
      onProgress: ({ bytes, totalBytes, lines }) => progress.update(bytes, `${formatCount(lines)} lines  ${rate(lines, progress.elapsedMs(), 'lines')}`, totalBytes),
    });
    progress.done();
    console.log(queueLogSummary({ file, site: context.config.site, target: open.target, result, members, elapsedMs: progress.elapsedMs() }));
  } finally {
    await open.close();
  }
}

async function importCallsCommand(file: string, values: Values): Promise<void> {
  if (values.map === undefined) throw new UsageError('calls needs --map');
  if (!existsSync(file)) throw new UsageError(`${file}: no such file`);
  let mapping;
  try {
    mapping = parseMapping(values.map);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (!(TIME_FORMATS as readonly string[]).includes(values.dates)) throw new UsageError(`--dates must be one of ${TIME_FORMATS.join(', ')}`);
  if (values.delimiter.length !== 1) throw new UsageError('--delimiter must be one character');
  const context = commandContext(values.site);
  const signal = stopOnSignals();
  const open = await openCommandHistory(context);
  try {
    const progress = new ProgressBar({ unit: 'bytes', total: null });
    const result = await importCallsCsv({
      file,
      mapping,
      rules: context.rules,
      sink: historySink(open.history),
      timeFormat: values.dates as TimeFormat,
      header: !values['no-header'],
      delimiter: values.delimiter,
      signal,
      onProgress: ({ bytes, totalBytes, records }) => progress.update(bytes, `${formatCount(records)} records`, totalBytes),
    });
    progress.done();
    const skippedTotal = Object.values(result.skipped).reduce<number>((sum, n) => sum + (n ?? 0), 0);
    console.log(
      [
        `calls import of ${file} into site "${context.config.site}" (${open.target})`,
        `  records read           ${result.records.toLocaleString('en-US')} in ${formatDuration(progress.elapsedMs())}`,
        callsRow(result.tally),
        `  records skipped        ${skippedTotal.toLocaleString('en-US')}: ${reasons(result.skipped)}`,
        ...result.problems.map((problem) => `    ${problem}`),
      ].join('\n'),
    );
  } finally {
    await open.close();
  }
}

runCommand(main, USAGE);
