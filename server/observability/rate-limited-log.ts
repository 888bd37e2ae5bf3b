import type { Logger } from './logger';

export interface RateLimitedLogOptions {
  /** at most one line per kind per interval (default 10 s) */
  intervalMs?: number;
}

type Level = 'warn' | 'error';

interface Window {
  suppressed: number;
  level: Level;
  fields: Record<string, unknown>;
  message: string;
  timer: NodeJS.Timeout;
}

/**
 * Warnings about things input can repeat (bad AMI events, refused webhooks, a
 * store that stays down): the first of a kind is logged at once; repeats within
 * the interval are only counted, and one line at the end of the interval says
 * how many there were (with the newest one's fields). A flood of 10,000 bad
 * events is a handful of lines, and no occurrence goes uncounted.
 */
export class RateLimitedLog {
  private readonly intervalMs: number;
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly logger: Logger,
    options: RateLimitedLogOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 10_000;
  }

  warn(kind: string, fields: Record<string, unknown>, message: string): void {
    this.log('warn', kind, fields, message);
  }

  error(kind: string, fields: Record<string, unknown>, message: string): void {
    this.log('error', kind, fields, message);
  }

  /** Logs what is still counted and stops the timers (at shutdown). */
  flush(): void {
    for (const kind of [...this.windows.keys()]) this.endWindow(kind, false);
  }

  private log(level: Level, kind: string, fields: Record<string, unknown>, message: string): void {
    const open = this.windows.get(kind);
    if (open) {
      open.suppressed++;
      open.level = level;
      open.fields = fields;
      open.message = message;
      return;
    }
    this.logger[level]({ ...fields, kind }, message);
    this.openWindow(kind, level, fields, message);
  }

  private openWindow(kind: string, level: Level, fields: Record<string, unknown>, message: string): void {
    const timer = setTimeout(() => this.endWindow(kind, true), this.intervalMs);
    // A pending summary must not keep the process alive.
    timer.unref();
    this.windows.set(kind, { suppressed: 0, level, fields, message, timer });
  }

  /** Reports the repeats of the window; while they keep coming, the next window starts at once. */
  private endWindow(kind: string, reopen: boolean): void {
    const window = this.windows.get(kind);
    if (!window) return;
    clearTimeout(window.timer);
    this.windows.delete(kind);
    if (window.suppressed === 0) return;
    this.logger[window.level](
      { ...window.fields, kind, suppressed: window.suppressed, intervalMs: this.intervalMs },
      `${window.message} (repeated)`,
    );
    if (reopen) this.openWindow(kind, window.level, window.fields, window.message);
  }
}
