import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkBoardsDocument, DEFAULT_BOARDS_FILE, loadBoardsFile } from '../../../server/boards/board-config';
import { problemPath } from '../../../server/settings/settings-document';
import { problemLanguage } from '../../../shared/i18n/problem-catalogue';
import { BoardBook } from '../../../server/boards/board-book';

const QUEUES = ['sales', 'support', 'billing'];

describe('checkBoardsDocument', () => {
  it('fills in the defaults: every queue, every panel, every ticket line', () => {
    expect(checkBoardsDocument({ boards: [{ name: 'sales', title: 'Sales', queues: ['sales'] }] }, QUEUES)).toEqual({
      ok: true,
      value: { boards: [{ name: 'sales', title: 'Sales', queues: ['sales'], panels: { tiles: true, agents: true, tickets: true, ticketLines: [], alerts: true } }] },
    });
  });

  it('names the board and the field of every problem', () => {
    const checked = checkBoardsDocument(
      {
        boards: [
          { name: 'sales', title: '', queues: ['sales'] },
          { name: 'bad name!', title: 'x' },
          { name: 'l2', title: 'L2', panels: { ticketLines: ['L4'], sound: true } },
        ],
      },
      QUEUES,
    );
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.problems).toEqual([
      expect.stringMatching(/^board "sales" \(boards\.0\): title: /),
      expect.stringMatching(/^board "bad name!" \(boards\.1\): name: board names are letters, digits, - and _/),
      expect.stringMatching(/^board "l2" \(boards\.2\): panels\.ticketLines\.0: /),
      expect.stringMatching(/^board "l2" \(boards\.2\): panels: .*sound/),
    ]);
  });

  it('refuses an unknown queue, a second board of a name, and main', () => {
    const checked = checkBoardsDocument(
      { boards: [{ name: 'sales', title: 'Sales', queues: ['sales', 'salse'] }, { name: 'sales', title: 'Again' }, { name: 'main', title: 'Main' }] },
      QUEUES,
    );
    expect(checked).toEqual({
      ok: false,
      problems: [
        'board "sales" (boards.0): queues.1: no queue "salse" (queues: sales, support, billing)',
        'board "sales" (boards.1): name: another board has this name',
        'board "main" (boards.2): name: "main" is built in and shows everything; pick another name',
      ],
    });
  });

  it("speaks Russian to a Russian page: its own sentences, zod's messages and the labels, in the same layout (problemPath finds the field)", () => {
    const checked = checkBoardsDocument(
      { boards: [{ name: 'sales', title: '', queues: ['salse'] }, { name: 'bad name!', title: 'X' }, { name: 'main', title: 'Main' }] },
      QUEUES,
      problemLanguage('ru'),
    );
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.problems).toEqual([
      expect.stringMatching(/^табло «sales» \(boards\.0\): title: Слишком /),
      'табло «bad name!» (boards.1): name: имя табло — латинские буквы, цифры, - и _',
    ]);
    expect(checked.problems.map(problemPath)).toEqual(['boards.0.title', 'boards.1.name']);

    const crossChecked = checkBoardsDocument({ boards: [{ name: 'main', title: 'Main', queues: ['salse'] }] }, QUEUES, problemLanguage('ru'));
    expect(crossChecked).toEqual({
      ok: false,
      problems: [
        'табло «main» (boards.0): name: «main» — встроенное табло, оно показывает всё; выберите другое имя',
        'табло «main» (boards.0): queues.0: нет очереди «salse» (очереди: sales, support, billing)',
      ],
    });
  });

  it('takes any queue id when no queue is configured (the PBX names them)', () => {
    expect(checkBoardsDocument({ boards: [{ name: 'x', title: 'X', queues: ['q9'] }] }, []).ok).toBe(true);
  });
});

describe('loadBoardsFile', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'boards-'));

  it('reads a file, and only main without the default file', () => {
    const file = path.join(dir, 'boards.json');
    writeFileSync(file, JSON.stringify({ boards: [{ name: 'sales', title: 'Sales', queues: ['sales'] }] }));
    expect(loadBoardsFile(file, QUEUES).boards.map((b) => b.name)).toEqual(['sales']);
    // the repository ships config/boards.example.json, not the default file
    expect(loadBoardsFile(DEFAULT_BOARDS_FILE, QUEUES)).toEqual({ boards: [] });
    expect(loadBoardsFile('config/boards.example.json', QUEUES).boards.map((b) => b.name)).toEqual(['sales', 'support', 'billing']);
  });

  it('throws naming the variable, the file, the board and the field', () => {
    const file = path.join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ boards: [{ name: 'sales', title: 'Sales', queues: ['nope'] }] }));
    expect(() => loadBoardsFile(file, QUEUES)).toThrow(`BOARDS_FILE ${file} is invalid:\n  board "sales" (boards.0): queues.0: no queue "nope"`);
    expect(() => loadBoardsFile(path.join(dir, 'missing.json'), QUEUES)).toThrow(/^BOARDS_FILE .*missing\.json: ENOENT/);
  });
});

describe('BoardBook', () => {
  it('always has main, takes saved boards over the file, and tells only of a real change', () => {
    let changes = 0;
    const file = checkBoardsDocument({ boards: [{ name: 'sales', title: 'Sales' }] }, QUEUES);
    if (!file.ok) throw new Error('fixture');
    const book = new BoardBook(file.value, () => (changes += 1));
    expect(book.all().map((b) => b.name)).toEqual(['main', 'sales']);
    expect(book.definition('main')?.queues).toEqual([]);
    expect(book.definition('nope')).toBeNull();
    book.use({ document: { boards: [] }, savedAt: 1 });
    expect([book.source, book.definition('sales'), changes]).toEqual(['saved', null, 1]);
    book.use({ document: { boards: [] }, savedAt: 2 });
    expect([book.savedAt, changes]).toEqual([2, 1]);
  });
});
