import type { SiteCalendar } from '../../shared/site-time';
import type { AmiOutput } from './ami-output';
import type { CallBooks } from './call-books';
import type { ChannelFactory } from './channel';
import type { QueueLogWriter } from './queue-log-writer';
import type { Random } from './random';
import type { SimQueue } from './sim-entities';
import type { SimulatorConfig } from './simulator-config';

/** What every part of the call-center model shares: the site, the dice, simulated time and the outputs. */
export interface ModelContext {
  readonly config: SimulatorConfig;
  readonly random: Random;
  readonly calendar: SiteCalendar;
  /** one channel counter for callers and agents, as Asterisk has */
  readonly channels: ChannelFactory;
  readonly queues: readonly SimQueue[];
  readonly ami: AmiOutput;
  readonly books: CallBooks;
  /** the queue_log lines Asterisk would write, when asked for */
  readonly queueLog: QueueLogWriter | undefined;
  /** simulated time, epoch ms */
  now(): number;
  /** Runs `happening` at `at` (never before now), after whatever was scheduled earlier for the same instant. */
  schedule(at: number, happening: () => void): void;
}
