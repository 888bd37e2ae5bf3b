/**
 * A caller's number as the board keeps and compares it: the one place that
 * decides when two calls come from the same number (callbacks' "reached
 * later") and when a number is withheld.
 *
 * Separators people and PBXes put in (spaces, dashes, dots, brackets) and a
 * leading `+` or `00` go, so `+7 912 345-67-89`, `0079123456789` and
 * `79123456789` are one caller. National trunk prefixes (a Russian `8` for
 * `+7`) are not rewritten: that needs the site's dial plan, and a PBX that
 * mixes forms is better fixed in its dialplan (CALLERID(num)).
 */

/** What PBXes and carriers put in the caller id when the caller hides it. */
const WITHHELD = new Set(['anonymous', 'unknown', '<unknown>', 'restricted', 'private', 'withheld', 'unavailable']);

const SEPARATORS = /[\s\-.()/]/g;
const DIALABLE = /^\+?\d{2,20}$/;

/** The normalised number, or null when it is withheld or not a number anyone could dial back. */
export function normaliseCallerNumber(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const text = raw.trim();
  if (text === '' || WITHHELD.has(text.toLowerCase())) return null;
  const compact = text.replace(SEPARATORS, '');
  if (!DIALABLE.test(compact)) return null;
  const digits = compact.startsWith('+') ? compact.slice(1) : compact.startsWith('00') ? compact.slice(2) : compact;
  return /^0*$/.test(digits) ? null : digits;
}
