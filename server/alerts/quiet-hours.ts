import type { QuietHours } from '../../shared/alerts';
import { siteClock } from '../../shared/site-time';

/** Whether `ms` falls in the quiet hours, read on the site's wall clock; `from` included, `to` not. A span may cross midnight. */
export function isQuietAt(quiet: QuietHours | null, timeZone: string, ms: number): boolean {
  if (quiet === null || quiet.from === quiet.to) return false;
  const now = siteClock(timeZone, ms);
  // "HH:MM" strings order as the times they write
  return quiet.from < quiet.to ? now >= quiet.from && now < quiet.to : now >= quiet.from || now < quiet.to;
}
