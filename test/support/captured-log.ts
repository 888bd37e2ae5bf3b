import { pino, type Logger } from 'pino';
import { runLogSink } from './run-log';

/** A real pino logger whose JSON lines a test reads back as they are written (and the run's secret check reads too). */
export function capturedLogger(level = 'info'): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const toRunLog = runLogSink();
  const sink = {
    write: (line: string): void => {
      toRunLog(line);
      lines.push(JSON.parse(line) as Record<string, unknown>);
    },
  };
  return { logger: pino({ level }, sink), lines };
}
