import express from 'express';
import { boardNameSchema, MAIN_BOARD, type BoardsDocument, type BoardsReply } from '../../shared/boards';
import type { ApiProblem } from '../../shared/api-error';
import { principalOf } from '../auth/auth-guard';
import { isDatabaseUnreachable } from '../history/database-failure';
import { sendApiError } from '../http/api-error-response';
import type { WallboardMetrics } from '../observability/metrics';
import { problemPath } from '../settings/settings-document';
import type { BoardBook } from './board-book';
import { checkBoardsDocument } from './board-config';
import { problemLanguage, type ProblemLanguage } from '../../shared/i18n/problem-catalogue';
import { requestLanguage } from '../http/request-language';

export interface BoardRoutesOptions {
  book: BoardBook;
  /** the configured queues, id and name: what a board may show */
  queues: () => BoardsReply['queues'];
  metrics: WallboardMetrics;
  /**
   * Keeps boards for every node and the next start if the saved ones are
   * still those of `expectedSavedAt`; resolves with the new version, null when
   * another save came first. null without history (they last until the restart).
   */
  save: ((document: BoardsDocument, expectedSavedAt: number | null) => Promise<number | null>) | null;
  /** reads the saved boards again (after another node's save came first) */
  reload: () => Promise<void>;
}

/**
 * The team boards: GET the boards in force (viewers, so a TV may read its
 * own; a token limited to one board sees that one), PUT one (created or
 * replaced, checked as the file is: 400 naming board and field) and DELETE
 * one (admins). `main` is built in: it cannot be saved or deleted.
 */
export function boardRouter(options: BoardRoutesOptions): express.Router {
  const router = express.Router();
  const { book } = options;
  const reply = (boards = book.all()): BoardsReply => ({ boards, source: book.source, queues: options.queues() });

  router.get('/api/boards', (_req, res) => {
    const limitedTo = principalOf(res)?.board ?? null;
    res.set('Cache-Control', 'no-store').json(reply(limitedTo === null ? book.all() : book.all().filter((board) => board.name === limitedTo)));
  });

  router.get('/api/boards/:name', (req, res) => {
    const limitedTo = principalOf(res)?.board ?? null;
    const definition = book.definition(req.params.name);
    if (limitedTo !== null && req.params.name !== limitedTo) return sendApiError(res, 403, `this token opens the board "${limitedTo}" only`);
    if (!definition) return sendApiError(res, 404, `no board "${req.params.name}"`);
    res.set('Cache-Control', 'no-store').json(definition);
  });

  /** Saves `change` of the boards in force; answers the boards after it, or why not. */
  const saveChange = async (
    language: ProblemLanguage,
    res: express.Response,
    change: (boards: BoardsDocument['boards']) => BoardsDocument['boards'],
    status: number,
  ): Promise<void> => {
    const checked = checkBoardsDocument({ boards: change(book.document.boards) }, options.queues().map((queue) => queue.id), language);
    if (!checked.ok) {
      options.metrics.inputRejected.inc({ source: 'http', reason: 'board_definition' });
      return sendApiError(res, 400, checked.problems.map((message): ApiProblem => ({ path: problemPath(message), message })));
    }
    try {
      const savedAt = options.save ? await options.save(checked.value, book.savedAt) : Date.now();
      if (savedAt === null) {
        await options.reload();
        return sendApiError(res, 409, 'the boards were changed meanwhile (another admin, another node): reload them and try again');
      }
      book.use({ document: checked.value, savedAt });
    } catch (error) {
      if (!isDatabaseUnreachable(error)) throw error;
      return sendApiError(res, 503, 'history database unavailable: the boards were not saved');
    }
    res.status(status).json(reply());
  };

  router.put('/api/boards/:name', express.json({ limit: '64kb' }), async (req, res, next) => {
    const language = problemLanguage(requestLanguage(req));
    const name = nameOf(req.params.name, language, res, options.metrics);
    if (name === null) return;
    const body: unknown = req.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return sendApiError(res, 400, [{ path: '(the board)', message: 'expected a JSON object' }]);
    if ('name' in body && body.name !== name) return sendApiError(res, 400, [{ path: 'name', message: `the body names "${String(body.name)}", the URL "${name}"` }]);
    const exists = book.definition(name) !== null;
    const definition = { ...body, name };
    await saveChange(language, res, (boards) => (exists ? boards.map((board) => (board.name === name ? (definition as typeof board) : board)) : [...boards, definition as (typeof boards)[number]]), exists ? 200 : 201).catch(next);
  });

  router.delete('/api/boards/:name', async (req, res, next) => {
    const language = problemLanguage(requestLanguage(req));
    const name = nameOf(req.params.name, language, res, options.metrics);
    if (name === null) return;
    if (book.definition(name) === null) return sendApiError(res, 404, `no board "${name}"`);
    await saveChange(language, res, (boards) => boards.filter((board) => board.name !== name), 200).catch(next);
  });

  return router;
}

/** The board a PUT or DELETE names; null when it answered 400 (a bad name, or `main`). */
function nameOf(raw: string, language: ProblemLanguage, res: express.Response, metrics: WallboardMetrics): string | null {
  const parsed = boardNameSchema.safeParse(raw, { error: language.zodErrors });
  const problem = !parsed.success
    ? language.schemaMessage(parsed.error.issues[0]!.message)
    : raw === MAIN_BOARD
      ? language.t('problem.board.builtIn', { name: MAIN_BOARD })
      : null;
  if (problem === null) return raw;
  metrics.inputRejected.inc({ source: 'http', reason: 'board_definition' });
  sendApiError(res, 400, [{ path: 'name', message: problem }]);
  return null;
}
