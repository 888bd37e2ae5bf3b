import { describe, expect, it } from 'vitest';
import { alertRuleSchema, type AlertRule, type AlertRuleInput } from '../../../shared/alerts';
import { clearLevel, stepAlerts, type AlertTracks, type EngineNotice } from '../../../server/alerts/alert-engine';

const T0 = Date.parse('2026-03-02T10:00:00Z');

function rule(input: Partial<AlertRuleInput> = {}): AlertRule {
  return alertRuleSchema.parse({ id: 'support-wait', queue: 'support', metric: 'longestWaitSec', above: 60, ...input });
}

interface Run {
  notices: Array<Pick<EngineNotice, 'state' | 'repeat' | 'value' | 'at'>>;
  /** per step: whether the board showed the alert */
  shown: boolean[];
}

/** Feeds the figures one step a second from T0 (null: no figure); `quietFrom..quietTo` seconds are quiet hours. */
function run(r: AlertRule, figures: ReadonlyArray<number | null>, quiet: (second: number) => boolean = () => false): Run {
  let tracks: AlertTracks = new Map();
  const out: Run = { notices: [], shown: [] };
  figures.forEach((value, second) => {
    const step = stepAlerts({ rules: [r], tracks, now: T0 + second * 1000, figure: () => value, quiet: () => quiet(second) });
    tracks = step.tracks;
    out.shown.push(step.active.length > 0);
    out.notices.push(...step.notices.map(({ state, repeat, value: v, at }) => ({ state, repeat, value: v, at: (at - T0) / 1000 })));
  });
  return out;
}

describe('alert engine', () => {
  it('fires once past the threshold and resolves once back, with the figures of those moments', () => {
    const { notices, shown } = run(rule(), [10, 61, 70, 80, 20, 10]);
    expect(notices).toEqual([
      { state: 'firing', repeat: false, value: 61, at: 1 },
      { state: 'resolved', repeat: false, value: 20, at: 4 },
    ]);
    expect(shown).toEqual([false, true, true, true, false, false]);
  });

  it('fires only after the figure has stayed past the threshold for forSec; a dip restarts the hold', () => {
    const r = rule({ forSec: 3 });
    // seconds: 1-2 past, 3 dips, 4..7 past: fires at 7 (3 s after 4)
    expect(run(r, [0, 70, 70, 50, 70, 70, 70, 70, 70]).notices).toEqual([{ state: 'firing', repeat: false, value: 70, at: 7 }]);
    expect(run(r, [0, 70, 70, 50, 70, 70, 50]).notices).toEqual([]);
  });

  it('does not flap while the figure hovers at the threshold: it resolves only at clearAt', () => {
    const r = rule({ clearAt: 45 });
    const { notices } = run(r, [61, 59, 61, 55, 62, 46, 45, 61]);
    expect(notices.map((n) => `${n.state}@${n.at}`)).toEqual(['firing@0', 'resolved@6', 'firing@7']);
  });

  it('clears 10% of the threshold back by default, above and below', () => {
    expect(clearLevel(rule({ above: 60 }))).toBe(54);
    expect(clearLevel(rule({ above: undefined, below: 80, metric: 'serviceLevelTodayPct' }))).toBe(88);
    const below = rule({ above: undefined, below: 80, metric: 'serviceLevelTodayPct' });
    expect(run(below, [90, 79, 85, 87.9, 88]).notices.map((n) => `${n.state}@${n.at}`)).toEqual(['firing@1', 'resolved@4']);
    // a zero threshold clears at zero: "any caller waiting" resolves when none waits
    expect(run(rule({ metric: 'waiting', above: 0 }), [0, 1, 0]).notices.map((n) => n.state)).toEqual(['firing', 'resolved']);
  });

  it('repeats every repeatSec while it lasts, and not after it resolved', () => {
    const r = rule({ repeatSec: 2 });
    const { notices } = run(r, [70, 70, 70, 70, 70, 10, 10, 10]);
    expect(notices.map((n) => [n.state, n.repeat, n.at])).toEqual([
      ['firing', false, 0],
      ['firing', true, 2],
      ['firing', true, 4],
      ['resolved', false, 5],
    ]);
  });

  it('notifies no one in quiet hours but shows the alert; what still fires when they end is notified then', () => {
    const quietUntil3 = (second: number): boolean => second < 3;
    const { notices, shown } = run(rule({ repeatSec: 60 }), [70, 70, 70, 70, 10], quietUntil3);
    expect(shown).toEqual([true, true, true, true, false]);
    expect(notices.map((n) => `${n.state}@${n.at}`)).toEqual(['firing@3', 'resolved@4']);
    // fired and ended inside quiet hours: nothing at all
    expect(run(rule(), [70, 10, 10], () => true).notices).toEqual([]);
    // repeats wait for the quiet hours to end too
    const quietFrom1 = (second: number): boolean => second >= 1 && second < 5;
    expect(run(rule({ repeatSec: 1 }), [70, 70, 70, 70, 70, 70], quietFrom1).notices.map((n) => `${n.repeat}@${n.at}`)).toEqual([
      'false@0',
      'true@5',
    ]);
  });

  it('a missing figure neither starts a hold nor ends an alert', () => {
    expect(run(rule(), [null, null]).notices).toEqual([]);
    const { notices, shown } = run(rule(), [70, null, null, 10]);
    expect(shown).toEqual([true, true, true, false]);
    expect(notices.map((n) => n.state)).toEqual(['firing', 'resolved']);
  });

  it('keeps rules apart and asks for sound only outside quiet hours', () => {
    const loud = rule({ id: 'loud', sound: true });
    const other = rule({ id: 'other', above: 100 });
    const step = stepAlerts({ rules: [loud, other], tracks: new Map(), now: T0, figure: () => 70, quiet: () => false });
    expect(step.active).toEqual([
      { ruleId: 'loud', queue: 'support', metric: 'longestWaitSec', value: 70, threshold: 60, direction: 'above', since: new Date(T0).toISOString(), sound: true },
    ]);
    const quiet = stepAlerts({ rules: [loud], tracks: new Map(), now: T0, figure: () => 70, quiet: () => true });
    expect(quiet.active[0]?.sound).toBe(false);
  });
});
