import { boardsDocumentSchema, MAIN_BOARD, type BoardsDocument } from '../../shared/boards';
import { ENGLISH_PROBLEMS } from '../../shared/i18n/problem-catalogue';
import { describeIssues, itemLabel, loadSettingsFile, type Checked, type ItemList } from '../settings/settings-document';

/**
 * Reading and checking team boards, from BOARDS_FILE at start and from the
 * admin page's saves: the same schema, and problems that name the board and
 * the field, as alert rules do (server/alerts/alert-config.ts).
 */

export const DEFAULT_BOARDS_FILE = 'config/boards.json';

const BOARDS: ItemList = { key: 'boards', word: 'problem.word.board', idKey: 'name' };

/**
 * Checks a boards document. `queues` are the configured queue ids: a board
 * naming another is a typo that would show an empty board (none configured:
 * every id passes, the PBX's queues are not known before it answers).
 * `language`: the words of the problems (the admin page's; files: English).
 */
export function checkBoardsDocument(input: unknown, queues: readonly string[], language = ENGLISH_PROBLEMS): Checked<BoardsDocument> {
  const parsed = boardsDocumentSchema.safeParse(input, { error: language.zodErrors });
  if (!parsed.success) return { ok: false, problems: describeIssues(parsed.error.issues, input, BOARDS, language) };
  const { t } = language;
  const problems: string[] = [];
  const seen = new Set<string>();
  parsed.data.boards.forEach((board, index) => {
    const where = itemLabel(parsed.data, BOARDS, index, language);
    if (board.name === MAIN_BOARD) problems.push(`${where}: name: ${t('problem.board.builtIn', { name: MAIN_BOARD })}`);
    if (seen.has(board.name)) problems.push(`${where}: name: ${t('problem.board.duplicate')}`);
    seen.add(board.name);
    board.queues.forEach((queue, at) => {
      if (queues.length > 0 && !queues.includes(queue)) problems.push(`${where}: queues.${at}: ${t('problem.board.unknownQueue', { queue, known: queues.join(', ') })}`);
    });
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: parsed.data };
}

/** Reads the boards file; throws naming the file and every problem. The default file may be missing (only `main`). */
export function loadBoardsFile(file: string, queues: readonly string[]): BoardsDocument {
  return loadSettingsFile('BOARDS_FILE', file, DEFAULT_BOARDS_FILE, () => ({ boards: [] }), (input) => checkBoardsDocument(input, queues));
}
