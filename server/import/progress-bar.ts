/**
 * A one-line progress bar with rate and ETA for long imports, on stderr so the
 * summary on stdout stays clean. Drawn only on a terminal, at most every
 * `redrawMs`; elsewhere (CI, pipes) it stays silent.
 */

export interface ProgressFigures {
  /** 0..1, or null when the total is unknown (following a growing file) */
  fraction: number | null;
  /** units done per second so far */
  perSec: number;
  /** estimated ms to finish at the rate so far, null when unknown */
  etaMs: number | null;
}

/** Progress arithmetic: how far, how fast, how long still (done and total in the same unit). */
export function progressFigures(done: number, total: number | null, elapsedMs: number): ProgressFigures {
  const perSec = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  if (total === null || total <= 0) return { fraction: null, perSec, etaMs: null };
  const fraction = Math.min(1, Math.max(0, done / total));
  if (done >= total) return { fraction, perSec, etaMs: 0 };
  const etaMs = perSec > 0 ? ((total - done) / perSec) * 1000 : null;
  return { fraction, perSec, etaMs };
}

/** `1:05:09`, `4:05`, `0:07` */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** `950`, `12.3k`, `4.56M` */
export function formatCount(n: number): string {
  if (n < 1000) return String(Math.round(n));
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 2 : 1)}k`;
  return `${(n / 1_000_000).toFixed(n < 10_000_000 ? 2 : 1)}M`;
}

const BAR_WIDTH = 24;

/** The bar's text: `[#########...............]  37%  12.3M/33.1M bytes  41.0k lines/s  ETA 0:42` */
export function renderProgress(figures: ProgressFigures, done: number, total: number | null, unit: string, note: string): string {
  const parts: string[] = [];
  if (figures.fraction === null) {
    parts.push(`${formatCount(done)} ${unit}`, note);
  } else {
    const filled = Math.round(figures.fraction * BAR_WIDTH);
    parts.push(
      `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${String(Math.floor(figures.fraction * 100)).padStart(3)}%`,
      `${formatCount(done)}/${formatCount(total ?? 0)} ${unit}`,
      note,
      figures.etaMs === null ? 'ETA --:--' : `ETA ${formatDuration(figures.etaMs)}`,
    );
  }
  return parts.filter((part) => part !== '').join('  ');
}

export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

export class ProgressBar {
  private readonly startedAt: number;
  private lastDrawAt = -Infinity;
  private drawn = false;

  constructor(
    private readonly options: {
      unit: string;
      total: number | null;
      stream?: ProgressStream;
      redrawMs?: number;
      now?: () => number;
    },
  ) {
    this.startedAt = this.now();
  }

  /** Redraws when due; `note` is extra text such as a line rate. */
  update(done: number, note = '', total = this.options.total): void {
    const stream = this.stream;
    if (!stream.isTTY) return;
    const now = this.now();
    if (now - this.lastDrawAt < (this.options.redrawMs ?? 200)) return;
    this.lastDrawAt = now;
    const figures = progressFigures(done, total, now - this.startedAt);
    stream.write(`\r\x1b[2K${renderProgress(figures, done, total, this.options.unit, note)}`);
    this.drawn = true;
  }

  /** ms since the bar started */
  elapsedMs(): number {
    return this.now() - this.startedAt;
  }

  /** Clears the bar's line, so what is printed next starts clean. */
  done(): void {
    if (this.drawn) this.stream.write('\r\x1b[2K');
    this.drawn = false;
  }

  private get stream(): ProgressStream {
    return this.options.stream ?? process.stderr;
  }

  private now(): number {
    return (this.options.now ?? (() => performance.now()))();
  }
}
