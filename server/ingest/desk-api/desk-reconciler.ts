import type { TicketDeliveryOutcome } from '../../aggregate/ticket-aggregator';
import type { TicketEvent } from '../../domain/ticket-events';
import type { Logger } from '../../observability/logger';
import type { DeskApiName, DeskSyncStore } from '../../store/desk-sync-store';
import type { DeskApiReader } from './desk-api-reader';

export interface DeskReconcilerOptions {
  store: DeskSyncStore;
  site: string;
  /** this node, as the lease names it */
  owner: string;
  readers: readonly DeskApiReader[];
  /** the ticket aggregator's submit: resolves once the events are stored */
  submit: (events: readonly TicketEvent[]) => Promise<TicketDeliveryOutcome>;
  /** between two reads; also the lease's TTL, so one read per period whichever node runs it */
  everyMs: number;
  logger: Logger;
  /** the site's clock (epoch ms): the desks' time windows */
  clock: () => number;
}

/** What one read of one desk did. */
export interface DeskReadReport {
  desk: DeskApiName;
  pages: number;
  tickets: number;
  skipped: number;
  outcome: TicketDeliveryOutcome;
  /** why the read stopped early; it resumes from the last stored cursor */
  error: string | null;
}

/**
 * Backfill and reconcile from the desks' REST APIs: at start and then every
 * `everyMs`, each desk's tickets changed since the last read go through the
 * ticket aggregator like any delivery (as ticket.observed: a ticket never seen
 * is built, a lost webhook is healed, an unchanged one is a no-op). Only the
 * holder of the site's desk-sync lease reads; the lease lives for a period,
 * so the nodes' timers make one read per period between them. A desk's
 * cursor is stored after each page whose events are stored, so a read that
 * fails (or a node that dies) resumes where it stopped.
 */
export class DeskReconciler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<DeskReadReport[] | null> | null = null;

  constructor(private readonly options: DeskReconcilerOptions) {}

  /** Reads now, then every `everyMs`. */
  start(): void {
    if (this.timer) return;
    void this.runOnce();
    this.timer = setInterval(() => void this.runOnce(), this.options.everyMs);
    this.timer.unref();
  }

  /** One read of every desk; null when another node holds the lease. A call during a read waits for it instead. */
  runOnce(): Promise<DeskReadReport[] | null> {
    this.running ??= this.readAll().finally(() => (this.running = null));
    return this.running;
  }

  /** Stops the timer, waits for a read under way and gives the lease up. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
    await this.options.store.releaseDeskSyncLease(this.options.site, this.options.owner);
  }

  private async readAll(): Promise<DeskReadReport[] | null> {
    const { logger } = this.options;
    try {
      if (!(await this.holdLease())) {
        logger.debug('desk APIs: another node reads them this period');
        return null;
      }
      const reports: DeskReadReport[] = [];
      for (const reader of this.options.readers) reports.push(await this.read(reader));
      return reports;
    } catch (error) {
      logger.warn({ err: error }, 'desk APIs: read not done (the live store?); the next period tries again');
      return null;
    }
  }

  private holdLease(): Promise<boolean> {
    const { store, site, owner, everyMs } = this.options;
    return store.acquireDeskSyncLease(site, owner, everyMs);
  }

  private async read(reader: DeskApiReader): Promise<DeskReadReport> {
    const { store, site, logger, clock } = this.options;
    const report: DeskReadReport = {
      desk: reader.desk,
      pages: 0,
      tickets: 0,
      skipped: 0,
      outcome: { accepted: 0, duplicates: 0, stale: 0, ignored: 0 },
      error: null,
    };
    const cursor = await store.readDeskCursor(site, reader.desk);
    logger.info({ desk: reader.desk, from: cursor === null ? 'backfill' : 'last read' }, 'desk API read starting');
    try {
      for await (const page of reader.pages(cursor, clock())) {
        if (page.events.length > 0) {
          const outcome = await this.options.submit(page.events);
          for (const kind of OUTCOMES) report.outcome[kind] += outcome[kind];
        }
        if (page.cursor !== null) await store.writeDeskCursor(site, reader.desk, page.cursor);
        report.pages += 1;
        report.tickets += page.tickets;
        report.skipped += page.skipped;
        if (!(await this.holdLease())) throw new Error('the desk-sync lease was lost to another node');
        logger.info({ desk: reader.desk, page: report.pages, tickets: report.tickets, skipped: report.skipped, ...report.outcome }, 'desk API page read');
      }
    } catch (error) {
      report.error = error instanceof Error ? error.message : String(error);
      logger.warn({ desk: reader.desk, err: error, pages: report.pages }, 'desk API read stopped; the next one resumes from the last page stored');
    }
    logger.info({ ...report, outcome: undefined, ...report.outcome }, 'desk API read done');
    return report;
  }
}

const OUTCOMES = ['accepted', 'duplicates', 'stale', 'ignored'] as const;
