import { boardJoinSchema } from '../../shared/socket-protocol';

export const DEFAULT_BOARD = 'main';

export type BoardChoice = { ok: true; board: string } | { ok: false; board: string; error: string };

/** The board to show, from `?board=` in the page URL (default `main`), checked against the join schema. */
export function boardFromSearch(search: string): BoardChoice {
  const requested = new URLSearchParams(search).get('board')?.trim() || DEFAULT_BOARD;
  const parsed = boardJoinSchema.safeParse({ board: requested });
  if (parsed.success) return { ok: true, board: parsed.data.board };
  return { ok: false, board: requested, error: parsed.error.issues.map((i) => i.message).join('; ') };
}
