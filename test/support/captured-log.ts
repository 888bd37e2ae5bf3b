import { pino, type Logger } from 'pino';

/** A real pino logger whose JSON lines a test reads back as they are written. */
export function capturedLogger(level = 'info'): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const sink = { write: (line: string): void => void lines.push(JSON.parse(line) as Record<string, unknown>) };
  return { logger: pino({ level }, sink), lines };
}
