import type { SupportLine, TicketChannel, TicketPriority, TicketStatus } from '../../domain/ticket-events';
import type { Random } from '../random';
import { AGENTS_BY_LINE } from './desk-people';
import type { TicketChangeWhat, TicketView } from './ticket-change';
import type { TicketModelConfig } from './ticket-model-config';

/**
 * One ticket's life, drawn at its creation: created -> (assigned) -> first
 * public reply -> waits on the customer and back -> sometimes re-prioritised,
 * on hold, escalated L1 -> L2 (-> L3) -> solved -> sometimes reopened and
 * solved again -> rated (generic desk) -> sometimes archived.
 *
 * Waits are wall time drawn from skewed (lognormal) distributions, so some
 * replies come after the SLA's due time: the SLA engine, not this model,
 * decides which (business hours, pauses and all).
 */

export interface StoryStep {
  at: number;
  what: TicketChangeWhat;
  after: TicketView;
}

export interface StoryStart {
  createdAt: number;
  channel: TicketChannel;
  priority: TicketPriority;
  /** only the generic webhook carries satisfaction ratings */
  canBeRated: boolean;
  /** what the desk's statuses and fields can say (default: all) */
  canChangePriority?: boolean;
  canHold?: boolean;
  /** closed after solved, as an archive */
  canArchive?: boolean;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

const PRIORITY_FACTOR: Readonly<Record<TicketPriority, number>> = { high: 0.6, medium: 1, low: 1.8 };
/** median time from the first reply to the solve, per channel */
const SOLVE_MEDIAN_MS: Readonly<Record<TicketChannel, number>> = {
  email: 2.5 * HOUR,
  portal: 2.5 * HOUR,
  chat: 10 * MINUTE,
  phone: 8 * MINUTE,
  messenger: 45 * MINUTE,
};
/** how many times a ticket that waits on its customer does so */
const CUSTOMER_CYCLES = [
  { cycles: 1, weight: 6 },
  { cycles: 2, weight: 3 },
  { cycles: 3, weight: 1 },
] as const;
const NEXT_LINE: Readonly<Record<SupportLine, SupportLine | null>> = { L1: 'L2', L2: 'L3', L3: null };

export function drawTicketStory(random: Random, start: StoryStart, config: TicketModelConfig): StoryStep[] {
  return new StoryBuilder(random, start, config).draw();
}

class StoryBuilder {
  private readonly steps: StoryStep[] = [];
  private at: number;
  private view: TicketView;
  private readonly chances: TicketModelConfig['chances'];
  private readonly replyMedianMs: number;

  constructor(
    private readonly random: Random,
    private readonly start: StoryStart,
    config: TicketModelConfig,
  ) {
    this.chances = config.chances;
    this.at = start.createdAt;
    const line: SupportLine = random.chance(this.chances.createdOnL2) ? 'L2' : 'L1';
    this.view = { status: 'new', priority: start.priority, line, agent: null };
    this.replyMedianMs = config.firstReplyMedianSec[start.channel] * SECOND * PRIORITY_FACTOR[start.priority];
  }

  draw(): StoryStep[] {
    this.push({ kind: 'created' }, {});
    this.triage();
    this.firstReply();
    // Each chance is drawn whatever the desk allows, so a desk's limits change no other draw.
    if (this.random.chance(this.chances.priorityChange) && this.start.canChangePriority !== false) this.reprioritise();
    if (this.random.chance(this.chances.waitOnCustomer)) {
      const { cycles } = this.random.weighted(CUSTOMER_CYCLES, (option) => option.weight);
      for (let cycle = 0; cycle < cycles; cycle++) this.waitOnCustomer();
    }
    if (this.random.chance(this.chances.onHold) && this.start.canHold !== false) this.holdForThirdParty();
    const escalated = this.escalations();
    this.solve(escalated ? 2 : 1);
    if (this.random.chance(this.chances.reopen)) this.reopen();
    if (this.start.canBeRated && this.random.chance(this.chances.rating)) {
      this.wait(this.random.lognormal(40 * MINUTE, 1));
      this.push({ kind: 'rated', rating: this.random.chance(this.chances.ratingGood) ? 'good' : 'bad' }, {});
    }
    if (this.random.chance(this.chances.closeLater) && this.start.canArchive !== false) {
      this.wait(this.random.between(24 * HOUR, 96 * HOUR));
      this.setStatus('closed');
    }
    return this.steps;
  }

  private triage(): void {
    if (!this.random.chance(this.chances.assignAtTriage)) return;
    const quick = this.start.channel === 'chat' || this.start.channel === 'phone';
    this.wait(this.random.exponential(quick ? 5 * SECOND : 3 * MINUTE));
    this.assign();
    if (this.random.chance(this.chances.reassignSoon)) {
      this.wait(this.random.between(5 * SECOND, 90 * SECOND));
      this.assign();
    }
  }

  private firstReply(): void {
    // Measured from the creation, not from the triage.
    this.at = Math.max(this.at, this.start.createdAt + Math.round(this.random.lognormal(this.replyMedianMs, 0.9)));
    this.agentReply();
    this.wait(SECOND);
    this.setStatus('open');
  }

  private reprioritise(): void {
    const original = this.view.priority;
    this.wait(this.random.exponential(20 * MINUTE));
    this.push({ kind: 'priorityChanged' }, { priority: this.random.pick(otherPriorities(original)) });
    if (this.random.chance(this.chances.priorityCorrection)) {
      this.wait(this.random.between(10 * SECOND, 120 * SECOND));
      // Back to where it was, or on to the third level: never a no-op.
      const corrected = this.random.chance(0.5) ? original : this.random.pick(otherPriorities(this.view.priority));
      this.push({ kind: 'priorityChanged' }, { priority: corrected });
    }
  }

  private waitOnCustomer(): void {
    this.wait(this.random.between(5 * SECOND, 2 * MINUTE));
    this.setStatus('pending');
    this.wait(this.random.lognormal(75 * MINUTE, 1));
    this.push({ kind: 'customerReplied' }, {});
    this.wait(SECOND);
    this.setStatus('open');
    this.wait(this.random.lognormal(this.replyMedianMs * 1.5, 0.9));
    this.agentReply();
  }

  private holdForThirdParty(): void {
    this.wait(this.random.between(MINUTE, 30 * MINUTE));
    this.setStatus('onHold');
    this.wait(this.random.lognormal(3 * HOUR, 0.8));
    this.setStatus('open');
  }

  /** true when the ticket moved to another line */
  private escalations(): boolean {
    const chance = this.view.line === 'L1' ? this.chances.escalateFromL1 : this.chances.escalateFromL2;
    if (!this.random.chance(chance)) return false;
    this.escalate(40 * MINUTE);
    if (this.view.line === 'L2' && this.random.chance(this.chances.escalateOnToL3)) this.escalate(3 * HOUR);
    return true;
  }

  /** to the next line, where someone takes it and replies */
  private escalate(medianWaitMs: number): void {
    const line = NEXT_LINE[this.view.line];
    if (line === null) return;
    this.wait(this.random.lognormal(medianWaitMs, 0.8));
    this.push({ kind: 'escalated' }, { line });
    this.wait(this.random.between(30 * SECOND, 15 * MINUTE));
    this.assign();
    this.wait(this.random.lognormal(50 * MINUTE, 0.9));
    this.agentReply();
  }

  private solve(slowdown: number): void {
    this.wait(this.random.lognormal(SOLVE_MEDIAN_MS[this.start.channel] * slowdown, 1));
    this.setStatus('solved');
  }

  /** the customer writes back to a solved ticket */
  private reopen(): void {
    this.wait(this.random.lognormal(5 * HOUR, 1));
    this.setStatus('open');
    this.wait(SECOND);
    this.push({ kind: 'customerReplied' }, {});
    this.wait(this.random.lognormal(this.replyMedianMs, 0.9));
    this.agentReply();
    this.solve(0.5);
  }

  /** the assigned agent replies; an unassigned ticket is taken by whoever replies */
  private agentReply(): void {
    if (this.view.agent === null) {
      this.assign();
      this.wait(SECOND);
    }
    this.push({ kind: 'agentReplied' }, {});
  }

  /** someone on the ticket's line other than the current assignee */
  private assign(): void {
    const pool = AGENTS_BY_LINE[this.view.line].filter((agent) => agent !== this.view.agent);
    this.push({ kind: 'assigned' }, { agent: this.random.pick(pool) });
  }

  private setStatus(status: TicketStatus): void {
    this.push({ kind: 'statusChanged' }, { status });
  }

  /** Every step is at least a second after the previous: the receiver orders a ticket's updates by time. */
  private wait(ms: number): void {
    this.at += Math.max(SECOND, Math.round(ms));
  }

  private push(what: TicketChangeWhat, change: Partial<TicketView>): void {
    const previous = this.steps.at(-1);
    if (previous && this.at < previous.at + SECOND) this.at = previous.at + SECOND;
    this.view = { ...this.view, ...change };
    this.steps.push({ at: this.at, what, after: this.view });
  }
}

function otherPriorities(priority: TicketPriority): TicketPriority[] {
  return (['low', 'medium', 'high'] as const).filter((p) => p !== priority);
}
