import { boardNameSchema, MAIN_BOARD } from '../../shared/boards';

export const DEFAULT_BOARD = MAIN_BOARD;

export type BoardChoice = { ok: true; board: string } | { ok: false; board: string; error: string };

/**
 * The board to show: `/board/<name>`, or `?board=` on `/` (the older link,
 * still honoured), else `main`; checked against the board name schema.
 */
export function boardFromLocation(pathname: string, search: string): BoardChoice {
  const inPath = /^\/board\/([^/]*)\/?$/.exec(pathname)?.[1];
  const requested = (inPath === undefined ? new URLSearchParams(search).get('board') : safeDecode(inPath))?.trim() || DEFAULT_BOARD;
  const parsed = boardNameSchema.safeParse(requested);
  if (parsed.success) return { ok: true, board: parsed.data };
  return { ok: false, board: requested, error: parsed.error.issues.map((i) => i.message).join('; ') };
}

/** A board's own URL, with the rest of the query (`kiosk`, `rotate` ...); `main` stays at `/`. */
export function boardHref(board: string, params: URLSearchParams): string {
  const rest = new URLSearchParams(params);
  rest.delete('board');
  const query = rest.toString();
  return `${board === DEFAULT_BOARD ? '/' : `/board/${encodeURIComponent(board)}`}${query ? `?${query}` : ''}`;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
