import type { TicketSource } from '../../domain/ticket-events';
import { EventHeap } from '../event-heap';
import { Random } from '../random';
import { SiteCalendar } from '../../../shared/site-time';
import { nextArrivalAt } from './poisson-arrivals';
import type { SimTicket, TicketChange, TicketChangeKind, TicketView } from './ticket-change';
import type { TicketModelConfig } from './ticket-model-config';
import { drawTicketStory, type StoryStep } from './ticket-story';

/**
 * The simulated ticket desk: tickets arrive as a Poisson process shaped by the
 * site's intraday profile, each with a story drawn at creation
 * (ticket-story.ts), released change by change as simulated time passes. Pure:
 * no I/O, no clock; time moves only in `advanceTo`, and a seed and a config
 * give the same changes every run.
 */

interface Story {
  ticket: SimTicket;
  steps: readonly StoryStep[];
}

type Due = { kind: 'arrival' } | { kind: 'step'; story: Story; index: number };

/** Kinds whose effect the same kind, right after, replaces entirely. */
const SUPERSEDED_BY_SAME_KIND: ReadonlySet<TicketChangeKind> = new Set(['assigned', 'priorityChanged']);

const SUBJECTS = [
  'Cannot log in to the portal',
  'VPN drops every hour',
  'Invoice shows the wrong amount',
  'Password reset link expired',
  'Mobile app crashes on start',
  'Export to CSV is empty',
  'Order stuck in processing',
  'Two-factor code never arrives',
  'API returns 502 intermittently',
  'Refund not received',
  'Printer queue is stuck',
  'Mailbox over quota',
  'Cannot add a new user',
  'Dashboard loads very slowly',
  'Delivery address cannot be changed',
] as const;

const CUSTOMERS = 5000;

export class TicketModel {
  readonly calendar: SiteCalendar;
  readonly startedAt: number;
  private readonly random: Random;
  private readonly due = new EventHeap<Due>();
  private nowMs: number;
  private ticketsCreated = 0;
  private changesReleased = 0;
  private liveStories = 0;
  private arrivalsStopped = false;

  constructor(
    readonly config: TicketModelConfig,
    startAt: number,
  ) {
    this.calendar = new SiteCalendar(config.timeZone);
    this.random = new Random(config.seed);
    this.startedAt = Math.floor(startAt);
    this.nowMs = this.startedAt;
    this.scheduleArrival(this.startedAt);
  }

  /** Simulated time, epoch ms. */
  now(): number {
    return this.nowMs;
  }

  get ticketCount(): number {
    return this.ticketsCreated;
  }

  /** true when no created ticket has a change still to come */
  isIdle(): boolean {
    return this.liveStories === 0;
  }

  /** No new tickets from now on; tickets already created live out their stories. */
  stopArrivals(): void {
    this.arrivalsStopped = true;
  }

  /**
   * Every change up to `target` (epoch ms), in true order: by time, and a
   * ticket's changes in its own order. At most `maxChanges`: then time stops at
   * the last change returned and the next call goes on from there.
   */
  advanceTo(target: number, maxChanges = Infinity): TicketChange[] {
    const changes: TicketChange[] = [];
    while (changes.length < maxChanges && this.due.peekTime() <= target) {
      const { at, item } = this.due.pop()!;
      this.nowMs = at;
      if (item.kind === 'arrival') this.arrive(at);
      else changes.push(this.release(item.story, item.index));
    }
    if (this.due.peekTime() > target) this.nowMs = Math.max(this.nowMs, target);
    return changes;
  }

  private ratePerMsAt(at: number): number {
    const weight = this.config.intradayProfile[this.calendar.slotOfDay(at)] ?? 0;
    return (this.config.peakTicketsPerHour * weight) / 3_600_000;
  }

  private scheduleArrival(from: number): void {
    const at = nextArrivalAt(from, this.random, this.calendar, (ms) => this.ratePerMsAt(ms));
    if (at !== null) this.due.push(Math.ceil(at), { kind: 'arrival' });
  }

  private arrive(arrivedAt: number): void {
    if (this.arrivalsStopped) return;
    this.scheduleArrival(arrivedAt);
    const number = this.config.idBase + this.ticketsCreated++;
    const desk = this.random.weighted(DESKS, (d) => this.config.desks[d]);
    // Freshdesk's {{ticket.created_on}} has whole seconds: its tickets are born on one.
    const at = desk === 'freshdesk' ? Math.ceil(arrivedAt / 1000) * 1000 : arrivedAt;
    const channel = this.random.weighted(CHANNELS, (c) => this.config.channels[c]);
    const ticket: SimTicket = {
      id: desk === 'generic' ? `T-${number}` : String(number),
      number,
      desk,
      subject: this.random.pick(SUBJECTS),
      channel,
      createdAt: at,
      customer: this.random.int(0, CUSTOMERS - 1),
    };
    const priority = this.random.weighted(PRIORITIES, (p) => this.config.priorities[p]);
    const steps = drawTicketStory(
      this.random,
      {
        createdAt: at,
        channel,
        // Help Scout has no priorities: its conversations all have the board's default.
        priority: desk === 'helpscout' ? 'medium' : priority,
        canBeRated: desk === 'generic',
        ...(desk === 'helpscout' ? HELPSCOUT_LIMITS : {}),
      },
      this.config,
    );
    this.liveStories++;
    this.due.push(at, { kind: 'step', story: { ticket, steps }, index: 0 });
  }

  private release(story: Story, index: number): TicketChange {
    const step = story.steps[index]!;
    const previous = story.steps[index - 1];
    const next = story.steps[index + 1];
    if (next) this.due.push(next.at, { kind: 'step', story, index: index + 1 });
    else this.liveStories--;
    const before: TicketView = previous?.after ?? step.after;
    return {
      ...step.what,
      id: ++this.changesReleased,
      at: step.at,
      index,
      ticket: story.ticket,
      before,
      after: step.after,
      supersededByNext:
        next !== undefined && next.what.kind === step.what.kind && SUPERSEDED_BY_SAME_KIND.has(step.what.kind),
    };
  }
}

const DESKS: readonly TicketSource[] = ['generic', 'zendesk', 'jira', 'zammad', 'freshdesk', 'helpscout'];
/** Help Scout has no priority, no on-hold status and nothing after closed. */
const HELPSCOUT_LIMITS = { canChangePriority: false, canHold: false, canArchive: false } as const;
const CHANNELS = ['email', 'portal', 'chat', 'phone', 'messenger'] as const;
const PRIORITIES = ['low', 'medium', 'high'] as const;
