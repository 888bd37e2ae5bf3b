/**
 * Pure formatting for the board. Everything a viewer reads as a number passes
 * through here so the tiles, the agent grid and the header agree, in the
 * page's language (i18n/i18n.ts: English outside a browser).
 */

import { locale, t } from './i18n/i18n';

const DASH = '—';

function wholeSeconds(sec: number): number {
  return Number.isFinite(sec) && sec > 0 ? Math.floor(sec) : 0;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Waits, ASA, AHT: `m:ss` below an hour, `h:mm:ss` above; `—` when there is nothing to measure. */
export function formatDuration(sec: number | null): string {
  if (sec === null) return DASH;
  const total = wholeSeconds(sec);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}:${pad2(m)}:${pad2(s)}` : `${m}:${pad2(s)}`;
}

/**
 * Time in state in the agent grid: `m:ss` below an hour, then `1h 05m`.
 * Not `h:mm`: in a grid of `m:ss` cells, `1:05` would read as a minute.
 */
export function formatTimeInState(sec: number): string {
  const total = wholeSeconds(sec);
  if (total < 3600) return formatDuration(total);
  return t('unit.hoursMinutes', { hours: String(Math.floor(total / 3600)), minutes: pad2(Math.floor((total % 3600) / 60)) });
}

/**
 * Service level as a whole percent, rounded DOWN: 89.6% shown as "90%" on a tile
 * coloured "under target 90%" would contradict itself. The epsilon absorbs float
 * noise such as 0.9 * 100 = 90.00000000000001 or 89.99999999999999.
 */
export function formatPercent(pct: number | null): string {
  if (pct === null || !Number.isFinite(pct)) return DASH;
  return `${Math.floor(pct + 1e-9)}%`;
}

const countFormat = new Intl.NumberFormat(locale);

export function formatCount(n: number): string {
  return countFormat.format(n);
}

/** "updated 3 s ago" style ages, whole seconds up to two minutes, then minutes. */
export function formatAge(ageMs: number): string {
  const sec = wholeSeconds(ageMs / 1000);
  if (sec < 120) return t('unit.ageSeconds', { n: sec });
  const min = Math.floor(sec / 60);
  if (min < 120) return t('unit.ageMinutes', { n: min });
  return t('unit.ageHours', { n: Math.floor(min / 60) });
}

export interface SiteClock {
  time: string;
  date: string;
  /** the zone actually used: the site's, or UTC when the site's is not a zone this browser knows */
  zone: string;
}

function clockIn(ms: number, timeZone: string): SiteClock {
  const time = new Intl.DateTimeFormat(locale, {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(ms);
  const date = new Intl.DateTimeFormat(locale, {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
  }).format(ms);
  return { time, date, zone: timeZone };
}

/** The wall clock in the site's time zone (a site may be in Moscow while the TV's OS says UTC). */
export function formatSiteClock(ms: number, timeZone: string): SiteClock {
  try {
    return clockIn(ms, timeZone);
  } catch {
    // Intl throws RangeError for a zone it does not know; a clock in UTC, labelled, beats a blank header.
    return clockIn(ms, 'UTC');
  }
}

/** A rate with no target to fall short of (the abandon rate): to the nearest whole percent, so it is not flattered. */
export function formatRate(pct: number | null): string {
  if (pct === null || !Number.isFinite(pct)) return DASH;
  return `${Math.round(pct)}%`;
}
