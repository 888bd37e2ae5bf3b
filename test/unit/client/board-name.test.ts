import { describe, expect, it } from 'vitest';
import { boardFromLocation, boardHref } from '../../../client/src/board-name';

describe('boardFromLocation', () => {
  it('takes the board from /board/<name>, and from ?board= on / (the older link)', () => {
    expect(boardFromLocation('/board/sales-floor', '')).toEqual({ ok: true, board: 'sales-floor' });
    expect(boardFromLocation('/board/sales/', '?kiosk=1')).toEqual({ ok: true, board: 'sales' });
    expect(boardFromLocation('/', '?board=sales-floor')).toEqual({ ok: true, board: 'sales-floor' });
  });

  it('defaults to main when the URL names none', () => {
    expect(boardFromLocation('/', '')).toEqual({ ok: true, board: 'main' });
    expect(boardFromLocation('/', '?board=')).toEqual({ ok: true, board: 'main' });
  });

  it('refuses a name the join schema would refuse, saying why', () => {
    const choice = boardFromLocation('/board/..%2Fetc', '');
    expect(choice.ok).toBe(false);
    expect(choice).toMatchObject({ board: '../etc', error: expect.stringContaining('letters, digits') });
    expect(boardFromLocation('/', '?board=../etc')).toMatchObject({ ok: false, board: '../etc' });
  });
});

describe('boardHref', () => {
  it('puts a team board in the path and keeps the rest of the query; main stays at /', () => {
    expect(boardHref('sales', new URLSearchParams('board=sales&kiosk=1'))).toBe('/board/sales?kiosk=1');
    expect(boardHref('main', new URLSearchParams('kiosk=1'))).toBe('/?kiosk=1');
    expect(boardHref('main', new URLSearchParams())).toBe('/');
  });
});
