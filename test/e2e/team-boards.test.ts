import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { boardsDocumentSchema } from '../../shared/boards';
import type { LiveOp } from '../../server/domain/live-state';
import { startWallboard, type RunningWallboard } from '../../server/wallboard';
import { openPage, saveScreenshot } from '../support/browser';
import { sidewaysReach } from '../support/layout-probe';
import { agentPut } from '../support/live-op-fixtures';
import { DIST, signIn, usePageTestKit } from '../support/page-test-kit';
import { freshDatabaseUrl, testWallboardConfig } from '../support/services';

/** A team board at /board/<name> and the boards admin page, in real Chromium against a real server and Postgres. */

const kit = usePageTestKit();
const SIZES = [
  { width: 1920, height: 1080 },
  { width: 1280, height: 720 },
  { width: 390, height: 844 },
];

async function teamSite(): Promise<RunningWallboard> {
  const config = testWallboardConfig({ databaseUrl: await freshDatabaseUrl('team_board_page'), queuesFile: 'config/queues.json' });
  const boards = boardsDocumentSchema.parse({ boards: [{ name: 'sales', title: 'Sales floor', queues: ['sales'], panels: { tickets: false } }] });
  const wallboard = await startWallboard({ config, ami: null, boards, clientDir: DIST });
  kit.cleanup(() => wallboard.close().then(() => undefined));
  await wallboard.store.apply(config.site, [
    ...['sales', 'support', 'billing'].map((id): LiveOp => ({ op: 'queue.put', queue: { id, serviceLevelSec: 20 } })),
    { op: 'waiting.put', caller: { queueId: 'sales', callId: 'c1', joinedAt: Date.now() - 15_000, position: 1, callerId: null } },
    { op: 'waiting.put', caller: { queueId: 'support', callId: 'c2', joinedAt: Date.now() - 40_000, position: 1, callerId: null } },
    agentPut('PJSIP/1001', ['sales'], { name: 'Anna Ivanova' }),
    agentPut('PJSIP/1002', ['sales', 'support'], { name: 'Boris Petrov' }),
    agentPut('PJSIP/1003', ['support'], { name: 'Chloe Smith' }),
    agentPut('PJSIP/1004', ['billing'], { name: 'Dmitri Kuznetsov' }),
  ]);
  return wallboard;
}

/** What the board shows, read in one go. */
function boardView(): { queues: string[]; agents: string[]; tickets: boolean; title: string } {
  return {
    queues: [...document.querySelectorAll('[data-testid="queue-tile"]')].map((tile) => tile.getAttribute('data-queue-id') ?? ''),
    agents: [...document.querySelectorAll('[data-testid="agent-cell"]')].map((cell) => cell.textContent ?? ''),
    tickets: document.querySelector('[data-testid="ticket-panel"]') !== null,
    title: document.querySelector('.header__board')?.textContent ?? '',
  };
}

const SALES_WAITING = '[data-testid="queue-tile"][data-queue-id="sales"] [data-testid="waiting"]';

const waitingHeight = (page: Page): Promise<number> => page.locator(SALES_WAITING).evaluate((figure) => figure.getBoundingClientRect().height);

describe('team boards in the browser', () => {
  it('/board/sales shows only its queues, its members and its panels; the old link leads there; an unknown board says so', async () => {
    const wallboard = await teamSite();
    for (const size of SIZES) {
      const opened = await openPage(kit.browser(), `${wallboard.url}/board/sales`, size, (page) => signIn(page, wallboard, 'viewer'));
      kit.cleanup(opened.close);
      const { page } = opened;
      await page.locator('[data-testid="queue-tile"][data-queue-id="sales"]').waitFor();
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="agent-cell"]').length > 0);
      const view = await page.evaluate(boardView);
      expect(view.queues).toEqual(['sales']);
      expect(view.agents).toEqual([expect.stringContaining('Anna Ivanova'), expect.stringContaining('Boris Petrov')]);
      expect(view.tickets).toBe(false);
      expect(view.title).toContain('Sales floor');
      await saveScreenshot(page, `team-board-sales-${size.width}x${size.height}.png`);
      expect(opened.errors).toEqual([]);

      // one queue on a screen: its figures drawn larger than on the site's three-queue board (not on a phone, where a tile is the width anyway)
      const main = await openPage(kit.browser(), `${wallboard.url}/`, size, (page) => signIn(page, wallboard, 'viewer'));
      kit.cleanup(main.close);
      await main.page.locator(SALES_WAITING).waitFor();
      const heights = [await waitingHeight(page), await waitingHeight(main.page)];
      if (size.width >= 900) expect(heights[0]).toBeGreaterThan(1.4 * heights[1]!);
      else expect(heights[0]).toBeCloseTo(heights[1]!, 0);
    }

    const old = await openPage(kit.browser(), `${wallboard.url}/?board=sales&kiosk=1`, undefined, (page) => signIn(page, wallboard, 'viewer'));
    kit.cleanup(old.close);
    await old.page.locator('[data-testid="queue-tile"][data-queue-id="sales"]').waitFor();
    expect(new URL(old.page.url()).pathname + new URL(old.page.url()).search).toBe('/board/sales?kiosk=1');

    const unknown = await openPage(kit.browser(), `${wallboard.url}/board/nope`, undefined, (page) => signIn(page, wallboard, 'viewer'));
    kit.cleanup(unknown.close);
    await unknown.page.getByTestId('board-unknown').waitFor();
    expect(await unknown.page.getByTestId('board-unknown').textContent()).toContain('There is no board “nope”');
    expect(await unknown.page.locator('[data-testid="queue-tile"]').count()).toBe(0);
  });

  it('in Russian (?lang=ru): the team board, the message of an unknown board and the admin page (screenshots saved)', async () => {
    const wallboard = await teamSite();
    for (const size of SIZES) {
      const opened = await openPage(kit.browser(), `${wallboard.url}/board/sales?lang=ru`, size, (page) => signIn(page, wallboard, 'viewer'));
      kit.cleanup(opened.close);
      const { page } = opened;
      await page.locator('[data-testid="queue-tile"][data-queue-id="sales"]').waitFor();
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="agent-cell"]').length > 0);
      const view = await page.evaluate(() => ({ lang: document.documentElement.lang, path: window.location.pathname, text: document.body.textContent ?? '' }));
      expect([view.lang, view.path]).toEqual(['ru', '/board/sales']);
      expect(view.text).toContain('Sales floor'); // the board's title is the admin's words, not translated
      for (const word of ['Ожидают', 'Операторы']) expect(view.text).toContain(word);
      for (const word of ['Waiting', 'Agents', 'Longest wait']) expect(view.text).not.toContain(word);
      await saveScreenshot(page, `ru-team-board-sales-${size.width}x${size.height}.png`);
      expect(opened.errors).toEqual([]);
    }

    const unknown = await openPage(kit.browser(), `${wallboard.url}/board/nope?lang=ru`, undefined, (page) => signIn(page, wallboard, 'viewer'));
    kit.cleanup(unknown.close);
    await unknown.page.getByTestId('board-unknown').waitFor();
    expect(await unknown.page.getByTestId('board-unknown').textContent()).toContain('Табло «nope» нет.');

    const admin = await openPage(kit.browser(), `${wallboard.url}/admin/boards?lang=ru`, undefined, (page) => signIn(page, wallboard, 'admin'));
    kit.cleanup(admin.close);
    await admin.page.getByTestId('boards-table').waitFor();
    const page = await admin.page.evaluate(() => ({
      h1: document.querySelector('h1')?.textContent,
      heads: [...document.querySelectorAll('[data-testid="boards-table"] th')].map((th) => th.textContent),
      sales: document.querySelector('[data-testid="boards-table"] tr[data-board="sales"]')?.textContent,
      text: document.body.textContent ?? '',
    }));
    expect(page.h1).toBe('Табло команд');
    expect(page.heads).toEqual(['Табло', 'Заголовок', 'Очереди', 'Панели', '']);
    expect(page.sales).toMatch(/sales.*Sales floor.*Плитки очередей, Операторы, Тревоги.*Изменить.*Удалить/);
    for (const word of ['Team boards', 'New board', 'Queue tiles', 'Ticket lines', 'Save']) expect(page.text).not.toContain(word);
    // a name the server refuses: why, in Russian too (the page asks in its language)
    await admin.page.getByTestId('board-name').fill('склад 2');
    await admin.page.getByTestId('board-title').fill('Склад');
    await admin.page.getByTestId('board-save').click();
    await admin.page.getByTestId('board-problems').waitFor();
    expect(await admin.page.getByTestId('board-problems').textContent()).toContain('имя табло — латинские буквы, цифры, - и _');
    await saveScreenshot(admin.page, 'ru-boards-admin-refused.png');
    for (const size of SIZES) {
      await admin.page.setViewportSize(size);
      await saveScreenshot(admin.page, `ru-boards-admin-${size.width}x${size.height}.png`);
    }
    // a phone (the last size): the longer Russian buttons stay on screen too
    expect(await sidewaysReach(admin.page, '[data-testid="boards-table"] button')).toEqual({ pageWide: 0, found: 2, outside: [] });
    // the browser logs the refused save's 400, nothing else
    expect(admin.errors).toEqual([expect.stringContaining('status of 400')]);
  });

  it('the admin page creates a board that opens at once with what was ticked', async () => {
    const wallboard = await teamSite();
    const admin = await openPage(kit.browser(), `${wallboard.url}/admin/boards`, undefined, (page) => signIn(page, wallboard, 'admin'));
    kit.cleanup(admin.close);
    const { page } = admin;
    await page.getByTestId('boards-table').waitFor();
    expect(await page.locator('[data-testid="boards-table"] tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-board')))).toEqual(['main', 'sales']);
    await page.getByTestId('board-name').fill('billing');
    await page.getByTestId('board-title').fill('Billing desk');
    await page.getByTestId('board-queue-billing').check();
    await page.getByTestId('board-panel-agents').uncheck();
    await page.getByTestId('board-save').click();
    await page.getByTestId('board-saved').waitFor();
    expect(await page.locator('[data-testid="boards-table"] tr[data-board="billing"]').textContent()).toMatch(/billing.*Billing desk.*Billing.*Queue tiles, Tickets, Alerts/);
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await saveScreenshot(page, `boards-admin-${size.width}x${size.height}.png`);
    }
    // a phone (the last size): one card per board, the page does not scroll sideways and Edit and Delete of both boards are on screen
    expect(await sidewaysReach(page, '[data-testid="boards-table"] button')).toEqual({ pageWide: 0, found: 4, outside: [] });
    expect(admin.errors).toEqual([]);

    const board = await openPage(kit.browser(), `${wallboard.url}/board/billing`, undefined, (p) => signIn(p, wallboard, 'viewer'));
    kit.cleanup(board.close);
    await board.page.locator('[data-testid="queue-tile"][data-queue-id="billing"]').waitFor();
    const view = await board.page.evaluate(boardView);
    expect([view.queues, view.agents, view.tickets]).toEqual([['billing'], [], true]);
  });
});
