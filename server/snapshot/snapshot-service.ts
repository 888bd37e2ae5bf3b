import type { ActiveAlert } from '../../shared/alerts';
import type { LiveSnapshot } from '../../shared/snapshot';
import type { QueueSettingsBook } from '../config/queue-settings';
import { intervalStart, siteDay } from '../../shared/site-time';
import type { CallLiveStore } from '../store/call-live-store';
import { emptyCounters, type BoardState, type Counters } from '../domain/live-state';
import { buildSnapshot } from './build-snapshot';
import { QueueMinuteHistory, type QueueObservation } from './queue-minute-history';
import type { TicketBoardReader } from './ticket-board-reader';

export interface SnapshotServiceOptions {
  store: CallLiveStore;
  site: string;
  timeZone: string;
  settings: QueueSettingsBook;
  clock: () => number;
  source: () => LiveSnapshot['source'];
  /** the ticket desk; without it the snapshot has no `tickets` */
  tickets?: TicketBoardReader;
  /** the alert engine, run on every snapshot; without it the snapshot has no `alerts` */
  alerts?: { observe(snapshot: LiveSnapshot): ActiveAlert[] };
}

/** Reads a site's live data from the store and builds the snapshot boards and REST share. */
export class SnapshotService {
  private readonly history = new QueueMinuteHistory();

  constructor(private readonly options: SnapshotServiceOptions) {}

  async current(): Promise<LiveSnapshot> {
    const { store, site, timeZone } = this.options;
    const now = this.options.clock();
    const day = siteDay(timeZone, now);
    const interval = intervalStart(timeZone, now);
    const [{ state, seq, dayCounters, intervalCounters }, tickets] = await Promise.all([
      store.readBoard(site, day, interval),
      this.options.tickets?.read(now),
    ]);
    this.history.observe(now, day, observations(state, dayCounters));
    const snapshot = buildSnapshot({
      site,
      timeZone,
      day,
      intervalStart: interval,
      now,
      seq,
      state,
      dayCounters,
      intervalCounters,
      settings: this.options.settings,
      source: this.options.source(),
      tickets,
      recent: (queueId) => this.history.recent(now, day, queueId, dayCounters[queueId] ?? emptyCounters()),
    });
    return this.options.alerts ? { ...snapshot, alerts: this.options.alerts.observe(snapshot) } : snapshot;
  }
}

function observations(state: BoardState, dayCounters: Record<string, Counters>): QueueObservation[] {
  const waiting = new Map<string, number>();
  for (const caller of Object.values(state.waiting)) waiting.set(caller.queueId, (waiting.get(caller.queueId) ?? 0) + 1);
  const ids = new Set([...Object.keys(state.queues), ...Object.keys(dayCounters), ...waiting.keys()]);
  return [...ids].map((queueId) => ({ queueId, dayCounters: dayCounters[queueId] ?? emptyCounters(), waiting: waiting.get(queueId) ?? 0 }));
}
