import { parseArgs, type ParseArgsConfig } from 'node:util';
import { loadConfig, type WallboardConfig } from '../config/env-config';
import { QueueSettingsBook } from '../config/queue-settings';
import type { QueueRules } from '../domain/queue-reducer';
import { createLogger, type Logger } from '../observability/logger';
import { openHistory, type OpenHistory } from './history-sink';
import { queueRulesFor } from '../config/queue-rules';

/**
 * What the import and simulate commands share: the server's configuration
 * (with `--site` standing in for SITE, checked by the same schema), the
 * reducer's rules, the history database, and Ctrl-C handling.
 */

export class UsageError extends Error {}

export interface CommandContext {
  config: WallboardConfig;
  rules: QueueRules;
  logger: Logger;
}

export function commandContext(site: string | undefined): CommandContext {
  let config: WallboardConfig;
  try {
    // Logs go to stdout with the summary: only warnings and errors unless LOG_LEVEL says otherwise.
    config = loadConfig({ ...process.env, ...(site !== undefined ? { SITE: site } : {}) }, { LOG_LEVEL: 'warn' });
  } catch (error) {
    throw new UsageError((error as Error).message.replace('SITE:', site !== undefined ? '--site:' : 'SITE:'));
  }
  const logger = createLogger(config.logLevel);
  return { config, rules: queueRulesFor(config, QueueSettingsBook.load(config.queuesFile)), logger };
}

export function openCommandHistory(context: CommandContext): Promise<OpenHistory> {
  return openHistory(context.config, context.config.site, context.logger);
}

/**
 * The first Ctrl-C (SIGINT) or SIGTERM aborts the signal: the command finishes
 * what it read and prints its summary. A second one exits at once.
 */
export function stopOnSignals(): AbortSignal {
  const controller = new AbortController();
  const stop = (): void => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return controller.signal;
}

/** Runs a command's main, printing usage errors with the usage text (exit 2) and failures (exit 1). */
export function runCommand(main: () => Promise<void>, usage: string): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      if (error instanceof UsageError) {
        console.error(`${error.message}\n\n${usage}`);
        process.exit(2);
      }
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}

/** The command line (positionals allowed) read with `options`; what parseArgs refuses is a usage error. */
export function parseCommandLine<const O extends NonNullable<ParseArgsConfig['options']>>(options: O) {
  try {
    return parseArgs({ args: process.argv.slice(2), allowPositionals: true, options });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
