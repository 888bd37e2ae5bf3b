import type express from 'express';
import type { BoardsDocument, BoardsReply } from '../../shared/boards';
import type { HistoryService } from '../history/history-service';
import type { Logger } from '../observability/logger';
import type { WallboardMetrics } from '../observability/metrics';
import { RateLimitedLog } from '../observability/rate-limited-log';
import { BoardBook } from './board-book';
import { checkBoardsDocument } from './board-config';
import { boardRouter } from './board-routes';
import { readSavedBoards, saveBoards } from './board-store';

/**
 * Boards saved on another node's admin page reach this one within this time.
 * A poll of one small row, not a channel between the nodes: saves are rare,
 * the nodes share Postgres already, and a node that missed a message (Redis
 * restarting) would show a stale board until its restart.
 */
export const SAVED_BOARDS_POLL_MS = 2_000;

export interface BoardServiceOptions {
  file: BoardsDocument;
  site: string;
  history: HistoryService | null;
  /** the configured queues, id and name */
  queues: () => BoardsReply['queues'];
  metrics: WallboardMetrics;
  logger: Logger;
  /** the boards in force changed (here or on another node): open boards get the new filter */
  onChange: () => void;
}

/** Team boards composed: the definitions in force, the routes, and following other nodes' saves. */
export class BoardService {
  readonly book: BoardBook;
  readonly router: express.Router;
  private readonly warnings: RateLimitedLog;
  private poll: NodeJS.Timeout | null = null;

  constructor(private readonly options: BoardServiceOptions) {
    const { history, site } = options;
    this.warnings = new RateLimitedLog(options.logger);
    this.book = new BoardBook(options.file, options.onChange);
    this.router = boardRouter({
      book: this.book,
      queues: options.queues,
      metrics: options.metrics,
      save: history ? async (document, expected) => saveBoards(await history.reader(), site, document, expected) : null,
      reload: () => this.loadSaved(),
    });
  }

  /** Reads the saved boards first when Postgres answers; with it down, starts with the file's and catches up. */
  async start(): Promise<void> {
    const { history } = this.options;
    if (!history) return;
    if (history.health().ok) await this.loadSaved();
    this.poll = setInterval(() => void this.loadSaved(), SAVED_BOARDS_POLL_MS);
  }

  close(): void {
    if (this.poll) clearInterval(this.poll);
    this.poll = null;
  }

  private async loadSaved(): Promise<void> {
    const { history, site } = this.options;
    if (!history) return;
    try {
      const saved = await readSavedBoards(await history.reader(), site);
      if (!saved) return;
      // a queue since taken out of QUEUES_FILE leaves its boards showing fewer tiles: no reason to drop them
      const checked = checkBoardsDocument(saved.document, []);
      if (checked.ok) this.book.use({ document: checked.value, savedAt: saved.savedAt });
      else this.warnings.warn('boards-saved', { problems: checked.problems }, 'boards: the saved boards are not valid; keeping the boards in force');
    } catch (error) {
      this.warnings.warn('boards-saved-read', { err: error }, 'boards: could not read the saved boards; keeping the boards in force');
    }
  }
}
