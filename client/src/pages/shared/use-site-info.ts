import { useMemo } from 'react';
import { liveSnapshotSchema } from '../../../../shared/snapshot';
import { intervalStart, isValidTimeZone, siteDay } from '../../../../shared/site-time';
import { useHistoryJson } from './use-history-json';

export interface QueueChoice {
  id: string;
  name: string;
  slTargetPct: number;
  slThresholdSec: number;
}

export interface SiteInfo {
  /** null when the live snapshot could not be read */
  site: string | null;
  timeZone: string;
  /** the site's calendar day now */
  today: string;
  /** start of the 15-minute interval under way (epoch ms): later intervals of today are still to come */
  currentIntervalStart: number;
  queues: QueueChoice[];
  /** agents' names by member interface, as the live board knows them (history keeps only the interface) */
  agentNames: Readonly<Record<string, string>>;
}

// Only what the desk pages need: the rest of the live snapshot (agents, tickets) may change without breaking them.
const siteSnapshotSchema = liveSnapshotSchema.pick({ site: true, timeZone: true, day: true, intervalStart: true, queues: true, agents: true });

/**
 * Site name, time zone, today and the queues, from GET /api/snapshot. Without a
 * snapshot the pages still work for the whole site, in the browser's zone.
 * Null until the snapshot arrived or failed.
 */
export function useSiteInfo(): SiteInfo | null {
  const snapshot = useHistoryJson('/api/snapshot', siteSnapshotSchema);
  const { data, failure } = snapshot;
  return useMemo(() => {
    if (data !== null) {
      return {
        site: data.site,
        timeZone: data.timeZone,
        today: data.day,
        currentIntervalStart: Date.parse(data.intervalStart),
        queues: data.queues.map((q) => ({
          id: q.id,
          name: q.name,
          slTargetPct: q.thresholds.slTargetPct,
          slThresholdSec: q.slThresholdSec,
        })),
        agentNames: Object.fromEntries(data.agents.map((agent) => [agent.id, agent.name])),
      };
    }
    if (failure === null) return null;
    // A browser that cannot tell its zone says "Etc/Unknown".
    const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const timeZone = isValidTimeZone(browserZone) ? browserZone : 'UTC';
    const now = Date.now();
    return { site: null, timeZone, today: siteDay(timeZone, now), currentIntervalStart: intervalStart(timeZone, now), queues: [], agentNames: {} };
  }, [data, failure]);
}
