import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs on stdout at `level` (LOG_LEVEL through loadConfig; silent in tests). */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'wallboard' } });
}
