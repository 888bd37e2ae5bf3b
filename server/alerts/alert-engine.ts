import type { ActiveAlert, AlertRule } from '../../shared/alerts';

/**
 * The alert engine: pure. Each step takes the rules, what it remembered, the
 * figures now and the time, and answers what it remembers next, what the
 * board shows and which notifications are due.
 *
 * - A rule's figure must be past its threshold (`above`: greater, `below`:
 *   less) for `forSec` without a break before the alert fires.
 * - It resolves only once the figure is back past `clearAt` (hysteresis: a
 *   figure hovering at the threshold does not flap); by default 10% of the
 *   threshold back from it.
 * - Firing is notified once, again every `repeatSec` while it lasts, and
 *   "resolved" once, when the firing was notified.
 * - In quiet hours nobody is notified; the board still shows the alert. An
 *   alert that fired during quiet hours and still lasts is notified when they
 *   end; one that ended unnoticed is not.
 * - A figure that is missing (no such queue yet, a service level with no
 *   calls) starts no hold and ends no alert.
 */

export const DEFAULT_CLEAR_BAND = 0.1;

/** What the engine remembers of one rule (and queue). */
export interface AlertTrack {
  /** since when the figure is past the threshold, while not firing yet */
  pendingSince: number | null;
  /** when it fired; null while not firing */
  firingSince: number | null;
  /** the figure at the last step that had one */
  value: number;
  /** when the firing was last notified; null while not notified (not firing, or quiet hours) */
  notifiedAt: number | null;
}

export type AlertTracks = ReadonlyMap<string, AlertTrack>;

export interface EngineNotice {
  rule: AlertRule;
  state: 'firing' | 'resolved';
  repeat: boolean;
  value: number;
  threshold: number;
  at: number;
  since: number;
}

export interface EngineStep {
  tracks: Map<string, AlertTrack>;
  active: ActiveAlert[];
  notices: EngineNotice[];
}

export interface EngineInput {
  rules: readonly AlertRule[];
  tracks: AlertTracks;
  /** the rule's figure now; null when there is none */
  figure: (rule: AlertRule) => number | null;
  /** whether the rule's quiet hours hold now */
  quiet: (rule: AlertRule) => boolean;
  now: number;
}

export function threshold(rule: AlertRule): number {
  return (rule.above ?? rule.below)!;
}

/** Where the alert resolves: `clearAt`, else the threshold less (above) or plus (below) 10% of it. */
export function clearLevel(rule: AlertRule): number {
  if (rule.clearAt !== undefined) return rule.clearAt;
  const line = threshold(rule);
  const band = Math.abs(line) * DEFAULT_CLEAR_BAND;
  return rule.above !== undefined ? line - band : line + band;
}

function isPast(rule: AlertRule, value: number): boolean {
  return rule.above !== undefined ? value > rule.above : value < rule.below!;
}

function isClear(rule: AlertRule, value: number): boolean {
  return rule.above !== undefined ? value <= clearLevel(rule) : value >= clearLevel(rule);
}

const IDLE: AlertTrack = { pendingSince: null, firingSince: null, value: 0, notifiedAt: null };

export function stepAlerts(input: EngineInput): EngineStep {
  const { now } = input;
  const tracks = new Map<string, AlertTrack>();
  const active: ActiveAlert[] = [];
  const notices: EngineNotice[] = [];

  for (const rule of input.rules) {
    const before = input.tracks.get(rule.id) ?? IDLE;
    const figure = input.figure(rule);
    const quiet = input.quiet(rule);
    let track: AlertTrack = { ...before, value: figure ?? before.value };
    const notice = (state: EngineNotice['state'], repeat: boolean, since: number): void => {
      notices.push({ rule, state, repeat, value: track.value, threshold: threshold(rule), at: now, since });
    };

    if (track.firingSince === null) {
      const past = figure !== null && isPast(rule, figure);
      track.pendingSince = past ? (before.pendingSince ?? now) : null;
      if (track.pendingSince !== null && now - track.pendingSince >= rule.forSec * 1000) {
        track = { ...track, pendingSince: null, firingSince: now, notifiedAt: null };
      }
    } else if (figure !== null && isClear(rule, figure)) {
      if (before.notifiedAt !== null && !quiet) notice('resolved', false, track.firingSince);
      track = { ...IDLE, value: figure };
    }

    if (track.firingSince !== null) {
      if (!quiet && track.notifiedAt === null) {
        notice('firing', false, track.firingSince);
        track.notifiedAt = now;
      } else if (!quiet && rule.repeatSec > 0 && track.notifiedAt !== null && now - track.notifiedAt >= rule.repeatSec * 1000) {
        notice('firing', true, track.firingSince);
        track.notifiedAt = now;
      }
      active.push({
        ruleId: rule.id,
        queue: rule.queue ?? null,
        metric: rule.metric,
        value: track.value,
        threshold: threshold(rule),
        direction: rule.above !== undefined ? 'above' : 'below',
        since: new Date(track.firingSince).toISOString(),
        sound: rule.sound && !quiet,
      });
    }
    if (track.pendingSince !== null || track.firingSince !== null) tracks.set(rule.id, track);
  }
  return { tracks, active, notices };
}
