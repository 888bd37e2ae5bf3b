import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs on stdout; LOG_LEVEL picks the level (silent in tests). */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: { service: 'wallboard' } });
}
