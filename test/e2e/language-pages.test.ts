import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Language } from '../../shared/i18n/languages';
import type { LiveSnapshot } from '../../shared/snapshot';
import { busyBoardWithTickets, callbacksFixture } from '../support/board-fixtures';
import { openPage, saveScreenshot } from '../support/browser';
import { startFakeBoardServer } from '../support/fake-board-server';
import { startFakeHistoryServer } from '../support/fake-history-server';
import { DIST, signIn, usePageTestKit } from '../support/page-test-kit';

/**
 * The pages in Russian, in real Chromium: chosen by `?lang=ru` on a site whose
 * SITE_LANG is English, and by SITE_LANG=ru (the server writes it into the
 * page) with no parameter. Screenshots of the board, Day and Plan in Russian at
 * the TV, TV-stick and phone sizes go to test-artifacts/.
 */

const kit = usePageTestKit();
const SIZES = [
  { width: 1920, height: 1080 },
  { width: 1280, height: 720 },
  { width: 390, height: 844 },
] as const;

/** Words of the English board; none may be left on a Russian one (names of queues, agents and tickets aside). */
const ENGLISH_BOARD_WORDS = [
  'Support Wallboard', 'Waiting', 'Longest wait', 'SL today', 'Since', 'Last', 'Target', 'Offered', 'Answered', 'Abandoned',
  'Timed out', 'ASA', 'AHT', 'Agents', 'logged in', 'Available', 'Avail', 'Ringing', 'On call', 'Wrap', 'Paused', 'Logged out',
  'Tickets', 'Open', 'Breached', 'At risk', 'due in', 'BREACHED', 'First response', 'Resolution', 'Today', 'Created today',
  'Solved today', 'Escalated today', 'High', 'Medium', 'Low', 'Live', 'PBX linked', 'updated', 'ago', 'OK', 'Warning', 'Critical',
  'limit', 'over', 'on target', 'pts under', 'no calls yet', 'more', 'Call back', 'withheld',
];

/** A board whose first queue offered 12,345 calls today: a number with a thousands separator. */
function boardWithBigNumbers(atMs: number): LiveSnapshot {
  const board = busyBoardWithTickets(atMs);
  board.queues[0] = { ...board.queues[0]!, today: { ...board.queues[0]!.today, offered: 12_345 } };
  return board;
}

/** What the page says, read in one go: its language, its text without the names people gave things, and the figures under test. */
async function pageState(page: Page, figure: string) {
  return page.evaluate((testId) => {
    const copy = document.body.cloneNode(true) as HTMLElement;
    for (const named of copy.querySelectorAll('.tile__name, .agent__name, .agent__reason, .ticket-risk__subject, .ticket-risk__id, .header__site, .ticket-risk__line, .ticket-bars__name'))
      named.remove();
    return {
      lang: document.documentElement.lang,
      title: document.title,
      text: copy.textContent ?? '',
      figure: document.querySelector(`[data-testid="${testId}"]`)?.textContent ?? null,
    };
  }, figure);
}

const englishLeft = (text: string): string[] => ENGLISH_BOARD_WORDS.filter((word) => new RegExp(`(^|[^A-Za-z])${word}([^A-Za-z]|$)`).test(text));
const spaced = (text: string | null) => text?.replace(/[\u00a0\u202f]/g, ' ');

async function openBoard(language: Language, query: string, size: { width: number; height: number }) {
  const server = await startFakeBoardServer({ staticDir: DIST, snapshot: boardWithBigNumbers(Date.now()), language });
  kit.cleanup(() => server.close());
  const opened = await openPage(kit.browser(), `${server.url}/${query}`, size, (page) => signIn(page, server, 'kiosk'));
  kit.cleanup(() => opened.close());
  await opened.page.waitForSelector('[data-testid="agent-cell"]');
  await opened.page.waitForSelector('[data-testid="connection-state"][data-connection="connected"]');
  return opened;
}

describe('the board in Russian', () => {
  it('with ?lang=ru on an English site: Russian words, <html lang="ru">, ru-RU numbers, no English label left', async () => {
    const { page, errors } = await openBoard('en', '?lang=ru', { width: 1920, height: 1080 });
    const state = await pageState(page, 'offered');
    expect(state.lang).toBe('ru');
    expect(state.title).toBe('Табло поддержки');
    for (const word of ['Табло поддержки', 'Ожидают', 'Макс. ожидание', 'Поступило', 'Операторы', 'Заявки', 'В эфире']) expect(state.text).toContain(word);
    expect(spaced(state.figure)).toBe('12 345');
    expect(englishLeft(state.text)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('with SITE_LANG=ru and no parameter, at the three sizes (screenshots saved); ?lang=en still gives English', async () => {
    for (const size of SIZES) {
      const { page } = await openBoard('ru', '', size);
      const state = await pageState(page, 'offered');
      expect(state.lang).toBe('ru');
      expect(englishLeft(state.text), `${size.width}x${size.height}`).toEqual([]);
      await saveScreenshot(page, `ru-board-${size.width}x${size.height}.png`);
    }
    const { page } = await openBoard('ru', '?lang=en', { width: 1920, height: 1080 });
    const english = await pageState(page, 'offered');
    expect(english.lang).toBe('en');
    expect(english.text).toContain('Longest wait');
    expect(english.figure).toBe('12,345');
  });
});

describe('the callbacks panel in Russian', () => {
  it('at 1920x1080 and on a 390 px phone: its title, the withheld and the "more" counts in their plural forms, no English left (screenshots saved)', async () => {
    for (const size of [SIZES[0], SIZES[2]]) {
      const now = Date.now();
      const snapshot = busyBoardWithTickets(now);
      const callbacks = callbacksFixture(now, snapshot.timeZone, snapshot.queues.map((q) => q.id));
      const server = await startFakeBoardServer({ staticDir: DIST, snapshot, language: 'ru', callbacks });
      kit.cleanup(() => server.close());
      const opened = await openPage(kit.browser(), server.url, size, (page) => signIn(page, server, 'kiosk'));
      kit.cleanup(() => opened.close());
      await opened.page.waitForSelector('[data-testid="callbacks-panel"]');
      await opened.page.waitForSelector('[data-testid="connection-state"][data-connection="connected"]');
      const panel = await opened.page.evaluate(() => ({
        title: document.querySelector('.callbacks-panel .section-title')?.textContent,
        count: document.querySelector('[data-testid="callbacks-count"]')?.textContent,
        withheld: document.querySelector('.callbacks-panel__aside')?.textContent,
        more: document.querySelector('.callbacks-panel__more')?.textContent,
      }));
      // seven callers, three shown: "и ещё 4 номера" (few), two withheld: "+2 скрытых"
      expect(panel).toEqual({ title: 'Перезвонить', count: '7', withheld: '+2 скрытых', more: 'и ещё 4 номера' });
      expect(englishLeft((await pageState(opened.page, 'callbacks-count')).text), `${size.width}x${size.height}`).toEqual([]);
      await opened.page.locator('[data-testid="callbacks-panel"]').scrollIntoViewIfNeeded();
      await saveScreenshot(opened.page, `ru-callbacks-board-${size.width}x${size.height}.png`);
      expect(opened.errors).toEqual([]);
    }
  });
});

describe('the desk pages in Russian', () => {
  it('Day with ?lang=ru: Russian title, chart words and axis, and the language kept on the way to Plan', async () => {
    const server = await startFakeHistoryServer({ staticDir: DIST });
    kit.cleanup(() => server.close());
    for (const size of SIZES) {
      const opened = await openPage(kit.browser(), `${server.url}/day?lang=ru`, size, (page) => signIn(page, server, 'manager'));
      kit.cleanup(() => opened.close());
      await opened.page.waitForSelector('.recharts-surface');
      await opened.page.waitForTimeout(1000); // the charts' entry animation, for the screenshot only
      const state = await pageState(opened.page, 'day-total-offered');
      expect(state.lang).toBe('ru');
      expect(state.title).toBe('День · Табло поддержки');
      for (const word of ['Звонки за 15 минут', 'Уровень сервиса', 'Поступило', 'Все очереди', 'Скачать CSV']) expect(state.text).toContain(word);
      for (const word of ['Calls per 15 minutes', 'Day view', 'Download CSV', 'Interval start']) expect(state.text).not.toContain(word);
      await saveScreenshot(opened.page, `ru-day-${size.width}x${size.height}.png`);
      expect(opened.errors).toEqual([]);
      if (size.width === 1920) {
        // the navigation carries ?lang=ru: Plan opens in Russian too
        await opened.page.click('[data-testid="nav-plan"]');
        await opened.page.waitForSelector('[data-testid="plan-page"]');
        const plan = await opened.page.evaluate(() => ({ search: window.location.search, lang: document.documentElement.lang, h1: document.querySelector('h1')?.textContent }));
        expect(plan).toEqual({ search: '?lang=ru', lang: 'ru', h1: 'План смен' });
      }
    }
  });

  it('Plan on a SITE_LANG=ru site: Russian words and decimal commas', async () => {
    const server = await startFakeHistoryServer({ staticDir: DIST, language: 'ru' });
    kit.cleanup(() => server.close());
    for (const size of SIZES) {
      const opened = await openPage(kit.browser(), `${server.url}/plan`, size, (page) => signIn(page, server, 'manager'));
      kit.cleanup(() => opened.close());
      await opened.page.waitForSelector('[data-testid="plan-heatmap-legend"]');
      await opened.page.waitForSelector('[data-testid="plan-staffing-chart"]');
      await opened.page.waitForTimeout(1000);
      const state = await pageState(opened.page, 'plan-heatmap-legend');
      expect(state.lang).toBe('ru');
      for (const word of ['План смен', 'Тепловая карта', 'Пиковые интервалы', 'Нужно операторов и было на линии', 'Понедельник']) expect(state.text).toContain(word);
      // the legend's means have one decimal: a comma in Russian, never a point
      expect(state.figure).toMatch(/\d,\d/);
      expect(state.figure).not.toMatch(/\d\.\d/);
      for (const word of ['Staffing plan', 'Peak intervals', 'Monday']) expect(state.text).not.toContain(word);
      await saveScreenshot(opened.page, `ru-plan-${size.width}x${size.height}.png`);
      expect(opened.errors).toEqual([]);
    }
  });
});
