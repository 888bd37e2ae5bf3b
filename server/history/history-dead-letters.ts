import type pg from 'pg';
import type { HistoryFact } from './history-facts';

/** NUL and unpaired surrogates: Postgres refuses them in text and jsonb. */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The text with what Postgres refuses written as visible escapes (`\u0000`). */
export function storableText(text: string): string {
  return text.replace(UNSTORABLE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Keeps a fact Postgres refused in history_dead_letters (migration 4), as jsonb
 * with its strings made storable, next to the error and its SQLSTATE.
 */
export async function insertDeadLetter(db: pg.ClientBase | pg.Pool, site: string, fact: HistoryFact, error: unknown): Promise<void> {
  const json = JSON.stringify(fact, (_key, value: unknown) => (typeof value === 'string' ? storableText(value) : value));
  const message = storableText(error instanceof Error ? error.message : String(error));
  const code = (error as { code?: unknown } | null)?.code;
  await db.query('INSERT INTO history_dead_letters (site, fact, error, sqlstate) VALUES ($1, $2::jsonb, $3, $4)', [
    site,
    json,
    message,
    typeof code === 'string' ? code : null,
  ]);
}
