import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { agentHistoryRouter } from '../../server/http/agent-history-routes';
import { historyRouter } from '../../server/http/history-routes';
import { createMetrics } from '../../server/observability/metrics';
import { openPage, saveScreenshot } from '../support/browser';
import type { LiveSnapshot } from '../../shared/snapshot';
import { FIXTURE_TODAY, fixtureSnapshot, startFakeHistoryServer, type FakeHistoryServer } from '../support/fake-history-server';
import { probeLayout } from '../support/layout-probe';
import { signIn, usePageTestKit, DIST } from '../support/page-test-kit';
import { startTestHistory } from '../support/test-history';
import { call, moscow, ring, span, TZ } from '../unit/history/history-test-kit';

/**
 * The Agents' day page in real Chromium on the product's history routers and a
 * Postgres of its own: the table shows each agent's day, sorts on a click of a
 * column's name, and fits a phone by scrolling inside the table, not the page.
 */

const kit = usePageTestKit();
const SALES = [{ queueId: 'sales', paused: false }];

async function serveAgentsDay(snapshot?: LiveSnapshot): Promise<FakeHistoryServer> {
  const history = await startTestHistory('agents_page', 'msk');
  kit.cleanup(() => history.close());
  const nine = moscow(FIXTURE_TODAY, '09:00');
  history.writer.record([
    // 1001: three sales calls of 2 minutes; 1002: one support call of 10 minutes; 1003: only paused, for three reasons.
    ...[0, 1, 2].map((i) => call('sales', `s${i}`, nine + i * 60_000, { waitSec: 5 })),
    call('support-l1', 'l1', nine + 5 * 60_000, { waitSec: 30, talkSec: 600, agentId: 'PJSIP/1002' }),
    span('PJSIP/1001', 'available', nine - 3600_000, nine, SALES),
    span('PJSIP/1001', 'busy', nine, nine + 10 * 60_000, SALES),
    span('PJSIP/1002', 'busy', nine, nine + 20 * 60_000, [{ queueId: 'support-l1', paused: false }]),
    span('PJSIP/1003', 'paused', nine, nine + 45 * 60_000, [{ queueId: 'sales', paused: true }], 'Lunch'),
    span('PJSIP/1003', 'paused', nine + 45 * 60_000, nine + 60 * 60_000, [{ queueId: 'sales', paused: true }], 'Break'),
    span('PJSIP/1003', 'paused', nine + 60 * 60_000, nine + 2 * 3600_000, [{ queueId: 'sales', paused: true }]),
    // Rings not answered: two of 1001's, one of 1002's.
    ring('PJSIP/1001', 'sales', 's9', nine + 30_000),
    ring('PJSIP/1001', 'sales', 's8', nine + 90_000),
    ring('PJSIP/1002', 'support-l1', 'l9', nine + 200_000),
  ]);
  await history.writer.settled();
  const metrics = createMetrics();
  const reader = () => history.reader();
  const server = await startFakeHistoryServer({
    staticDir: DIST,
    ...(snapshot ? { snapshot } : {}),
    apiRouters: [historyRouter({ reader, site: 'msk', timeZone: TZ, metrics }), agentHistoryRouter({ reader, site: 'msk', timeZone: TZ, metrics })],
  });
  kit.cleanup(() => server.close());
  return server;
}

const agentOrder = (page: Page) => page.getByTestId('agents-row').evaluateAll((rows) => rows.map((r) => r.querySelector('td')?.textContent));

describe("Agents' day page", () => {
  it('shows every agent of the day and sorts on a click of a column name', async () => {
    const server = await serveAgentsDay();
    const opened = await openPage(kit.browser(), `${server.url}/agents?date=${FIXTURE_TODAY}`, undefined, (page) => signIn(page, server, 'manager'));
    kit.cleanup(() => opened.close());
    const { page, errors } = opened;
    await page.getByTestId('agents-row').first().waitFor();

    // Answered, highest first.
    expect(await agentOrder(page)).toEqual(['PJSIP/1001', 'PJSIP/1002', 'PJSIP/1003']);
    const first = await page.getByTestId('agents-row').first().locator('td').allTextContents();
    // agent, answered, by queue, hold, talk, wrap, AHT, logged in, paused, available, occupancy, rings not answered
    expect(first).toEqual(['PJSIP/1001', '3', 'sales 3', '0:00:15', '0:06:00', '0:01:30', '0:02:30', '1:10:00', '0:00:00', '1:00:00', '14%', '2']);
    // Paused time by reason under the total, the longest first, each on a line of its own.
    const pausedLines = await page
      .getByTestId('agents-row')
      .last()
      .getByTestId('agents-cell-pausedSec')
      .evaluate((td) => [td.firstChild?.textContent, ...[...td.querySelectorAll('.table__sub')].map((line) => line.textContent)]);
    expect(pausedLines).toEqual(['2:00:00', 'no reason 1:00:00', 'Lunch 0:45:00', 'Break 0:15:00']);
    expect(await page.getByTestId('agents-table').locator('td.table__num').first().evaluate((td) => getComputedStyle(td).textAlign)).toBe('right');

    await page.getByTestId('agents-sort-talkSec').click();
    expect(await agentOrder(page)).toEqual(['PJSIP/1002', 'PJSIP/1001', 'PJSIP/1003']);
    expect(await page.locator('th[aria-sort="descending"]').innerText()).toContain('TALK');
    await page.getByTestId('agents-sort-talkSec').click();
    expect(await agentOrder(page)).toEqual(['PJSIP/1003', 'PJSIP/1001', 'PJSIP/1002']);
    await page.getByTestId('agents-sort-pausedSec').click();
    expect(await agentOrder(page)).toEqual(['PJSIP/1003', 'PJSIP/1001', 'PJSIP/1002']);
    await page.getByTestId('agents-sort-ringNoAnswer').click();
    expect(await agentOrder(page)).toEqual(['PJSIP/1001', 'PJSIP/1002', 'PJSIP/1003']);

    expect(await page.getByTestId('agents-csv-link').getAttribute('href')).toBe(`/api/history/agents?date=${FIXTURE_TODAY}&format=csv`);
    expect(await page.getByTestId('nav-agents').getAttribute('aria-current')).toBe('page');
    expect(await page.title()).toBe("Agents' day · Support Wallboard");
    expect(errors).toEqual([]);
  });

  it('in Russian (?lang=ru): the new columns and a pause without a reason in Russian, at 1920x1080 and on a phone (screenshots saved)', async () => {
    const server = await serveAgentsDay();
    for (const [width, height] of [[1920, 1080], [390, 844]] as const) {
      const opened = await openPage(kit.browser(), `${server.url}/agents?date=${FIXTURE_TODAY}&lang=ru`, { width, height }, (page) => signIn(page, server, 'manager'));
      kit.cleanup(() => opened.close());
      const { page } = opened;
      await page.getByTestId('agents-row').first().waitFor();
      const state = await page.evaluate(() => ({
        lang: document.documentElement.lang,
        heads: [...document.querySelectorAll('[data-testid="agents-table"] th')].map((th) => th.textContent?.replace(/[▲▼]/g, '')),
        paused: [...document.querySelectorAll('[data-testid="agents-row"]:last-child [data-testid="agents-cell-pausedSec"] .table__sub')].map((line) => line.textContent),
      }));
      expect(state.lang).toBe('ru');
      expect(state.heads).toEqual(['Оператор', 'Отвечено', 'По очередям', 'Ожидание', 'Разговор', 'Поствызов', 'Ср. обраб.', 'В сети', 'Пауза', 'Свободен', 'Занятость', 'Без ответа']);
      // reasons are the PBX's words and stay as given; a pause without one reads in Russian
      expect(state.paused).toEqual(['без причины 1:00:00', 'Lunch 0:45:00', 'Break 0:15:00']);
      await page.locator('.table-scroll').evaluate((el) => {
        const paused = el.querySelector<HTMLElement>('[data-testid="agents-cell-pausedSec"]');
        const agent = el.querySelector<HTMLElement>('td')?.offsetWidth ?? 0;
        el.scrollTo({ left: (paused?.offsetLeft ?? el.scrollWidth) - agent - 8 });
        el.scrollIntoView({ block: 'end' });
      });
      await saveScreenshot(page, `ru-agents-page-${width}x${height}.png`);
      expect(opened.errors).toEqual([]);
    }
  });

  it('names the agents the live board knows, with the member interface under the name', async () => {
    const live = fixtureSnapshot();
    const known: LiveSnapshot['agents'][number] = {
      id: 'PJSIP/1002',
      name: 'Sergey Volkov',
      state: 'available',
      stateSince: live.at,
      pauseReason: null,
      queues: ['support-l1'],
      answeredToday: 1,
    };
    const server = await serveAgentsDay({ ...live, agents: [known] });
    const opened = await openPage(kit.browser(), `${server.url}/agents?date=${FIXTURE_TODAY}`, undefined, (page) => signIn(page, server, 'manager'));
    kit.cleanup(() => opened.close());
    await opened.page.getByTestId('agents-row').nth(1).locator('.table__sub').waitFor();
    // answered, highest first: PJSIP/1001 (not on the board: its interface alone), then Sergey Volkov's PJSIP/1002
    expect(await agentOrder(opened.page)).toEqual(['PJSIP/1001', 'Sergey VolkovPJSIP/1002', 'PJSIP/1003']);
    expect(opened.errors).toEqual([]);
  });

  it.each([
    [1920, 1080],
    [1280, 720],
    [390, 844],
  ])('at %ix%i the page does not scroll sideways; a narrow table scrolls within itself', async (width, height) => {
    const server = await serveAgentsDay();
    const opened = await openPage(kit.browser(), `${server.url}/agents?date=${FIXTURE_TODAY}`, { width, height }, (page) => signIn(page, server, 'manager'));
    kit.cleanup(() => opened.close());
    const { page } = opened;
    await page.getByTestId('agents-row').first().waitFor();
    await page.getByTestId('agents-table').scrollIntoViewIfNeeded();
    await saveScreenshot(page, `agents-page-${width}x${height}.png`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    const scroller = await page.locator('.table-scroll').evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    if (width >= 1280) expect(scroller.scroll).toBe(scroller.client);
    else expect(scroller.scroll).toBeGreaterThan(scroller.client);
    expect((await probeLayout(page, true)).overlaps).toEqual([]);
    if (width < 1280) {
      // The paused time by reason and the rings sit at the table's end: what a phone shows once scrolled to them.
      await page.locator('.table-scroll').evaluate((el) => {
        const paused = el.querySelector<HTMLElement>('[data-testid="agents-cell-pausedSec"]');
        const agent = el.querySelector<HTMLElement>('td')?.offsetWidth ?? 0;
        el.scrollTo({ left: (paused?.offsetLeft ?? el.scrollWidth) - agent - 8 });
        el.scrollIntoView({ block: 'end' });
      });
      await saveScreenshot(page, `agents-page-${width}x${height}-paused.png`);
    }
  });
});
