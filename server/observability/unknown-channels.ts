import type { Counter } from 'prom-client';
import type { HealthCheck } from './health-checks';

/** Distinct channel names kept as label values and listed in /api/health; any further name counts as `other`. */
export const MAX_UNKNOWN_CHANNEL_NAMES = 50;

/**
 * Channel names a help desk sent that no map knows. The ticket still goes on
 * the default channel (it must have one), but the name is counted on /metrics
 * and listed in /api/health, so a new desk channel shows up instead of being
 * filed silently. A sender controls the names: only the first few become label
 * values, so a stream of odd names cannot grow the metrics without bound.
 */
export class UnknownChannels {
  private readonly names = new Map<string, Set<string>>();
  private kept = 0;

  constructor(private readonly counter: Counter<'source' | 'channel'>) {}

  record(source: string, channel: string): void {
    const known = this.names.get(source) ?? new Set<string>();
    if (!known.has(channel) && this.kept < MAX_UNKNOWN_CHANNEL_NAMES) {
      known.add(channel);
      this.kept += 1;
      this.names.set(source, known);
    }
    this.counter.inc({ source, channel: known.has(channel) ? channel : 'other' });
  }

  /** Never failing: an unknown channel costs a ticket its channel, not the board its health. */
  health(): HealthCheck {
    if (this.kept === 0) return { ok: true, detail: 'none' };
    const listed = [...this.names].map(([source, names]) => `${source}: ${[...names].join(', ')}`);
    return { ok: true, detail: `mapped to the default channel, add them to the channel names: ${listed.join('; ')}` };
  }
}
