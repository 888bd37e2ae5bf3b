import { MAIN_BOARD, MAIN_DEFINITION, type BoardDefinition, type BoardsDocument } from '../../shared/boards';

/**
 * The team boards in force: the file's, until boards are saved on the admin
 * page; from then on the saved ones (as alert rules do). `main` is always
 * there and shows everything. Tells `onChange` when the boards in force changed.
 */
export class BoardBook {
  private saved: { document: BoardsDocument; savedAt: number } | null = null;

  constructor(
    private readonly file: BoardsDocument,
    private readonly onChange: () => void = () => undefined,
  ) {}

  get document(): BoardsDocument {
    return this.saved?.document ?? this.file;
  }

  /** when the saved boards in force were saved (their version, for the next save); null: the file's */
  get savedAt(): number | null {
    return this.saved?.savedAt ?? null;
  }

  get source(): 'file' | 'saved' {
    return this.saved ? 'saved' : 'file';
  }

  /** `main` first, then the team boards as listed. */
  all(): BoardDefinition[] {
    return [MAIN_DEFINITION, ...this.document.boards];
  }

  /** null: no such board. */
  definition(name: string): BoardDefinition | null {
    if (name === MAIN_BOARD) return MAIN_DEFINITION;
    return this.document.boards.find((board) => board.name === name) ?? null;
  }

  /** Boards saved on the admin page (checked), or null to go back to the file's. */
  use(saved: { document: BoardsDocument; savedAt: number } | null): void {
    const before = JSON.stringify(this.document);
    this.saved = saved;
    if (JSON.stringify(this.document) !== before) this.onChange();
  }
}
