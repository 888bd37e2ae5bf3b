import { existsSync, readFileSync } from 'node:fs';
import type { z } from 'zod';
import { ENGLISH_PROBLEMS, type ProblemKey } from '../../shared/i18n/problem-catalogue';
import type { Queryable } from '../history/history-queries';

/**
 * What alert rules and team boards share: a document of named items, read
 * from a file at start (the default file may be missing, a named one must
 * exist) or saved on an admin page into a one-row-per-site table, checked the
 * same way both times with problems that name the item and the field.
 */

export type Checked<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/** The list of named items in a document: `rules` of `rule`s named by `id`, `boards` of `board`s named by `name`. */
export interface ItemList {
  key: string;
  word: ProblemKey;
  idKey: string;
}

/**
 * `rule "support-wait" (rules.0): above: ...`; outside the list, the path. In
 * `language`'s words (the schema's own messages too), with the same layout in
 * every language, so problemPath finds the path.
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[], input: unknown, list: ItemList, language = ENGLISH_PROBLEMS): string[] {
  return issues.map((issue) => {
    const path = issue.path.map(String);
    const message = language.schemaMessage(issue.message);
    if (path[0] === list.key && path.length >= 2) {
      return `${itemLabel(input, list, Number(path[1]), language)}: ${path.slice(2).join('.') || language.t('problem.whole', { word: language.t(list.word) })}: ${message}`;
    }
    return `${path.join('.') || language.t('problem.document')}: ${message}`;
  });
}

/** `rule "support-wait" (rules.0)`, or `rule (rules.0)` when it has no usable id. */
export function itemLabel(input: unknown, list: ItemList, index: number, language = ENGLISH_PROBLEMS): string {
  const items = (input as Record<string, unknown> | null)?.[list.key];
  const id = Array.isArray(items) ? (items[index] as Record<string, unknown> | undefined)?.[list.idKey] : undefined;
  const word = language.t(list.word);
  const at = `${list.key}.${index}`;
  return typeof id === 'string' ? language.t('problem.item', { word, id, at }) : language.t('problem.itemWithoutId', { word, at });
}

/** Where a problem is, for the API's error list: `rule "x" (rules.0): above: ...` is at `rules.0.above`. */
export function problemPath(message: string): string {
  const match = /\((\w+\.\d+)\): ([^:]+):/.exec(message);
  if (match) return match[2]!.startsWith('(the ') ? match[1]! : `${match[1]}.${match[2]}`;
  return message.slice(0, message.indexOf(':'));
}

/**
 * Reads a settings file; throws naming the variable, the file and every
 * problem. The default file may be missing (then `empty`); a file named
 * otherwise must exist.
 */
export function loadSettingsFile<T>(variable: string, file: string, defaultFile: string, empty: () => T, check: (input: unknown) => Checked<T>): T {
  if (!existsSync(file) && file === defaultFile) return empty();
  let input: unknown;
  try {
    input = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${variable} ${file}: ${(error as Error).message}`);
  }
  const checked = check(input);
  if (!checked.ok) throw new Error(`${variable} ${file} is invalid:\n  ${checked.problems.join('\n  ')}`);
  return checked.value;
}

/** The tables holding one saved document per site (migrations 7 and 12). */
export type DocumentTable = 'alert_rules' | 'board_definitions';

/** The document saved on the admin page; null when none was (the file's apply). Checked again by the caller. */
export async function readSavedDocument(db: Queryable, table: DocumentTable, site: string): Promise<{ document: unknown; savedAt: number } | null> {
  const { rows } = await db.query<{ document: unknown; saved_at: Date }>(`SELECT document, saved_at FROM ${table} WHERE site = $1`, [site]);
  const row = rows[0];
  return row ? { document: row.document, savedAt: row.saved_at.getTime() } : null;
}

export async function saveDocument(db: Queryable, table: DocumentTable, site: string, document: unknown): Promise<void> {
  await db.query(
    `INSERT INTO ${table} (site, document, saved_at) VALUES ($1, $2, now())
     ON CONFLICT (site) DO UPDATE SET document = EXCLUDED.document, saved_at = EXCLUDED.saved_at`,
    [site, JSON.stringify(document)],
  );
}
