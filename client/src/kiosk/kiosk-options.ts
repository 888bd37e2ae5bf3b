import { boardNameSchema } from '../../../shared/boards';
import { ROUTES, routeOf } from '../app-shell/router';
import { boardFromLocation, boardHref } from '../board-name';
import { LANGUAGE_PARAM } from '../i18n/language-choice';

/**
 * What the URL asks of a wall screen: `?kiosk=1` (no navigation, no cursor,
 * screen kept awake, reload on a new build) and `?rotate=sales,support,day&every=30`
 * (through boards and pages, `every` seconds each). Both ride along on every
 * URL the rotation moves to.
 */

/**
 * the URL parameters of a wall screen, kept by every page that rewrites its own
 * (use-search-state.ts) and by the rotation; `lang` (i18n/language-choice.ts)
 * too, so a Russian TV stays Russian on every stop
 */
export const KIOSK_PARAMS = ['kiosk', 'rotate', 'every', LANGUAGE_PARAM] as const;

export const DEFAULT_ROTATE_SEC = 30;
export const MIN_ROTATE_SEC = 5;
const MAX_ROTATE_SEC = 3600;

/** A board (`/board/sales`) or a page (`/day`). */
export type RotationStop = { kind: 'board'; board: string } | { kind: 'page'; path: string };

export interface KioskOptions {
  kiosk: boolean;
  /** null without `rotate`, or with fewer than two stops it can show */
  rotation: { stops: RotationStop[]; everySec: number } | null;
  /** entries of `rotate` that are neither a page nor a valid board name */
  ignored: string[];
}

const PAGE_NAMES = new Set(ROUTES.filter((r) => r.name !== 'board').map((r) => r.name));
const TRUE_WORDS = new Set(['1', 'true', 'yes', 'on', '']);

export function kioskOptions(search: string): KioskOptions {
  const params = new URLSearchParams(search);
  const kioskParam = params.get('kiosk');
  const kiosk = kioskParam !== null && TRUE_WORDS.has(kioskParam.trim().toLowerCase());
  const ignored: string[] = [];
  const stops: RotationStop[] = [];
  for (const entry of (params.get('rotate') ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '')) {
    if (PAGE_NAMES.has(entry as never)) stops.push({ kind: 'page', path: `/${entry}` });
    else if (boardNameSchema.safeParse(entry).success) stops.push({ kind: 'board', board: entry });
    else ignored.push(entry);
  }
  const every = Number(params.get('every') ?? DEFAULT_ROTATE_SEC);
  const everySec = Number.isFinite(every) ? Math.min(MAX_ROTATE_SEC, Math.max(MIN_ROTATE_SEC, Math.round(every))) : DEFAULT_ROTATE_SEC;
  return { kiosk, rotation: stops.length >= 2 ? { stops, everySec } : null, ignored };
}

/** Which stop the location is at; -1 when it is none of them (the rotation then starts at the first). */
export function stopIndexAt(stops: readonly RotationStop[], pathname: string, search: string): number {
  const route = routeOf(pathname);
  const board = boardFromLocation(pathname, search).board;
  return stops.findIndex((stop) => (stop.kind === 'page' ? routeOf(stop.path) === route : route?.name === 'board' && stop.board === board));
}

/** The URL of the stop after the current one, carrying `kiosk`, `rotate`, `every` and `lang` along. */
export function nextStopHref(stops: readonly RotationStop[], pathname: string, search: string): string {
  const next = stops[(stopIndexAt(stops, pathname, search) + 1) % stops.length]!;
  const current = new URLSearchParams(search);
  const params = new URLSearchParams();
  for (const name of KIOSK_PARAMS) {
    const value = current.get(name);
    if (value !== null) params.set(name, value);
  }
  return next.kind === 'board' ? boardHref(next.board, params) : `${next.path}?${params.toString()}`;
}
