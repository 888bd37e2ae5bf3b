import { describe, expect, it } from 'vitest';
import { boardFromSearch } from '../../../client/src/board-name';

describe('boardFromSearch', () => {
  it('takes the board from ?board=', () => {
    expect(boardFromSearch('?board=sales-floor')).toEqual({ ok: true, board: 'sales-floor' });
  });

  it('defaults to main when the URL names none', () => {
    expect(boardFromSearch('')).toEqual({ ok: true, board: 'main' });
    expect(boardFromSearch('?board=')).toEqual({ ok: true, board: 'main' });
  });

  it('refuses a name the join schema would refuse, saying why', () => {
    const choice = boardFromSearch('?board=../etc');
    expect(choice.ok).toBe(false);
    expect(choice).toMatchObject({ board: '../etc', error: expect.stringContaining('letters, digits') });
  });
});
