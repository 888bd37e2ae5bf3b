import { appendFileSync, copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { destination, pino, type Logger } from 'pino';
import { inject } from 'vitest';

/**
 * The logs of the whole test run, kept so that global teardown can grep them
 * for every secret a test set (issue 9: secrets never reach a log). Each
 * worker writes its own files under <runDir>/logs; secrets go to
 * <runDir>/secrets.jsonl, one JSON string per line.
 */
export const RUN_LOGS = 'logs';
export const RUN_SECRETS = 'secrets.jsonl';

function runDir(): string {
  return inject('runDir');
}

/** A real pino logger at debug level whose lines land in this run's logs (what tests log instead of nothing). */
export function runLogger(): Logger {
  const dir = join(runDir(), RUN_LOGS);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${process.pid}-${randomBytes(4).toString('hex')}.log`);
  return pino({ level: 'debug', base: { service: 'wallboard' } }, destination({ dest: file, sync: true }));
}

/** Copies a line a test captured in memory into this run's logs. */
export function runLogSink(): (line: string) => void {
  const dir = join(runDir(), RUN_LOGS);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${process.pid}-${randomBytes(4).toString('hex')}-captured.log`);
  return (line) => appendFileSync(file, line);
}

/** A log file written outside this process (a server process's stdout) to be checked with the run's logs. */
export function runLogCopyPath(name: string): string {
  const dir = join(runDir(), RUN_LOGS);
  mkdirSync(dir, { recursive: true });
  return join(dir, `${name}-${process.pid}-${randomBytes(4).toString('hex')}.log`);
}

/** Secrets that must never appear in any log of the run (passwords, tokens, session ids, webhook secrets). */
export function registerSecrets(...secrets: string[]): void {
  const lines = secrets.filter((secret) => secret.length >= 8).map((secret) => `${JSON.stringify(secret)}\n`);
  if (lines.length > 0) appendFileSync(join(runDir(), RUN_SECRETS), lines.join(''));
}

/** Once `exited` resolves, the process's log joins the run's logs (for the secret check). */
export function keepInRunLogs(exited: Promise<void>, logPath: string, name: string): void {
  const copyPath = runLogCopyPath(name);
  void exited.then(() => {
    if (existsSync(logPath)) copyFileSync(logPath, copyPath);
  });
}
