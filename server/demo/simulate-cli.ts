import { parseArgs } from 'node:util';
import { z } from 'zod';
import { DEMO_CONFIG, parseSimulatorConfig } from '../simulator/simulator-config';
import { commandContext, openCommandHistory, runCommand, stopOnSignals, UsageError } from '../import/cli-support';
import { historySink } from '../import/history-sink';
import { callsRow, rate } from '../import/import-summary';
import { formatCount, formatDuration, ProgressBar } from '../import/progress-bar';
import { simulatedPeriod, simulateHistory } from './simulate-history';

const USAGE = `Usage: npm run simulate -- [--days 28] [--scale 1] [--seed N] [--until now|ISO-TIME] [--site S]

Writes simulated call-center history (the demo site of the built-in simulator, in SITE_TZ) into the
history database (DATABASE_URL, or the embedded Postgres under DATA_DIR): from the site's midnight
--days days before the day of --until, to --until; calls in progress then run to their end.
The simulator's AMI bytes go through the live board's parser, mapper and reducer. Running it again
with the same arguments writes the same rows.`;

const argsSchema = z.object({
  days: z.coerce.number().int().min(1).max(366),
  scale: z.coerce.number().positive().max(1000),
  seed: z.coerce.number().int().optional(),
  until: z
    .string()
    .transform((text, ctx) => {
      const at = text === 'now' ? Date.now() : Date.parse(text);
      if (Number.isNaN(at)) {
        ctx.addIssue({ code: 'custom', message: `"${text}" is not now or an ISO time` });
        return z.NEVER;
      }
      return at;
    }),
  site: z.string().optional(),
});

async function main(): Promise<void> {
  let parsed;
  try {
    const { values } = parseArgs({
      args: process.argv.slice(2),
      options: {
        days: { type: 'string', default: '28' },
        scale: { type: 'string', default: '1' },
        seed: { type: 'string' },
        until: { type: 'string', default: 'now' },
        site: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help) {
      console.log(USAGE);
      return;
    }
    parsed = argsSchema.safeParse(values);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n'));
  const args = parsed.data;
  const context = commandContext(args.site);
  const config = parseSimulatorConfig({
    ...DEMO_CONFIG,
    timeZone: context.config.timeZone,
    scale: args.scale,
    ...(args.seed !== undefined ? { seed: args.seed } : {}),
  });
  const period = simulatedPeriod(config.timeZone, args.days, args.until);
  const signal = stopOnSignals();
  const open = await openCommandHistory(context);
  try {
    const progress = new ProgressBar({ unit: 'simulated hours', total: (period.endAt - period.startAt) / 3_600_000 });
    const result = await simulateHistory({
      config,
      ...period,
      rules: context.rules,
      sink: historySink(open.history),
      signal,
      onProgress: (at, tally) => progress.update((at - period.startAt) / 3_600_000, `${formatCount(tally.totalCalls)} calls`),
    });
    progress.done();
    const elapsedMs = progress.elapsedMs();
    console.log(
      [
        `simulated ${new Date(period.startAt).toISOString()} .. ${new Date(result.endedAt).toISOString()} into site "${context.config.site}" (${open.target})`,
        `  AMI events             ${result.amiEvents.toLocaleString('en-US')} (${(result.amiBytes / 1e6).toFixed(1)} MB) in ${formatDuration(elapsedMs)}, ${rate(result.amiEvents, elapsedMs, 'events')}`,
        callsRow(result.tally),
        `  agent state spans      ${result.tally.agentSpans.toLocaleString('en-US')}`,
        ...(result.invalidEvents > 0 ? [`  malformed AMI events   ${result.invalidEvents.toLocaleString('en-US')}`] : []),
      ].join('\n'),
    );
  } finally {
    await open.close();
  }
}

runCommand(main, USAGE);
