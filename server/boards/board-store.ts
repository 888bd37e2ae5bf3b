import type { BoardsDocument } from '../../shared/boards';
import type { Queryable } from '../history/history-queries';
import { readSavedDocument } from '../settings/settings-document';

/** The admin page's team boards in Postgres (migration 12): one document per site, like alert rules. */

export function readSavedBoards(db: Queryable, site: string): Promise<{ document: unknown; savedAt: number } | null> {
  return readSavedDocument(db, 'board_definitions', site);
}

/**
 * Saves the boards if the saved ones are still those of `expectedSavedAt`
 * (null: none saved yet): two admins editing different boards on two nodes
 * must not undo each other's save. Resolves with the new version, or null
 * when another save came first. Versions are kept to the millisecond, as a
 * JavaScript time holds them.
 */
export async function saveBoards(db: Queryable, site: string, document: BoardsDocument, expectedSavedAt: number | null): Promise<number | null> {
  const now = "date_trunc('milliseconds', clock_timestamp())";
  const { rows } =
    expectedSavedAt === null
      ? await db.query<{ saved_at: Date }>(
          `INSERT INTO board_definitions (site, document, saved_at) VALUES ($1, $2, ${now}) ON CONFLICT (site) DO NOTHING RETURNING saved_at`,
          [site, JSON.stringify(document)],
        )
      : await db.query<{ saved_at: Date }>(
          // a version is never reused, even for two saves within one millisecond
          `UPDATE board_definitions SET document = $2, saved_at = greatest(${now}, saved_at + interval '1 millisecond')
           WHERE site = $1 AND saved_at = $3 RETURNING saved_at`,
          [site, JSON.stringify(document), new Date(expectedSavedAt)],
        );
  return rows[0]?.saved_at.getTime() ?? null;
}
