import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RUN_LOGS, RUN_SECRETS } from './run-log';

export interface SecretLeak {
  file: string;
  /** the secret's first 4 characters, enough to find it, not enough to use it */
  secretStart: string;
}

/** Every log file of the run that holds a secret some test registered. */
export function secretLeaks(runDir: string): { leaks: SecretLeak[]; secrets: number; files: number } {
  const secretsFile = join(runDir, RUN_SECRETS);
  const secrets = existsSync(secretsFile)
    ? [...new Set(readFileSync(secretsFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as string))]
    : [];
  const logDir = join(runDir, RUN_LOGS);
  const files = existsSync(logDir) ? readdirSync(logDir) : [];
  const leaks: SecretLeak[] = [];
  for (const file of files) {
    const text = readFileSync(join(logDir, file), 'utf8');
    for (const secret of secrets) if (text.includes(secret)) leaks.push({ file: join(logDir, file), secretStart: secret.slice(0, 4) });
  }
  return { leaks, secrets: secrets.length, files: files.length };
}
