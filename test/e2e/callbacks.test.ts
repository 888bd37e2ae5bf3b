import { describe, expect, it } from 'vitest';
import { dayStartMs, siteDay } from '../../shared/site-time';
import { QueueSettingsBook } from '../../server/config/queue-settings';
import type { CallRecord, HistoryOp } from '../../server/domain/live-state';
import { startWallboard } from '../../server/wallboard';
import { busyBoardWithTickets, callbacksFixture } from '../support/board-fixtures';
import path from 'node:path';
import { ARTIFACTS_DIR, openPage, saveScreenshot } from '../support/browser';
import { startFakeBoardServer } from '../support/fake-board-server';
import { probeLayout, sidewaysReach } from '../support/layout-probe';
import { DIST, signIn, usePageTestKit, waitForText } from '../support/page-test-kit';
import { freshDatabaseUrl, testWallboardConfig } from '../support/services';

/**
 * Callbacks in real Chromium: the board's panel read at the TV sizes and on a
 * phone (fonts, scrolling, overlaps; screenshots in test-artifacts/), and the
 * /callbacks page against a real server and Postgres, marking one done.
 */

const kit = usePageTestKit();

async function boardWithCallbacks(size: { width: number; height: number }, screenshot: string, wholePage = false) {
  const now = Date.now();
  const snapshot = busyBoardWithTickets(now);
  const server = await startFakeBoardServer({ staticDir: DIST, snapshot, callbacks: callbacksFixture(now, snapshot.timeZone, snapshot.queues.map((q) => q.id)) });
  kit.cleanup(() => server.close());
  const opened = await openPage(kit.browser(), server.url, size, (page) => signIn(page, server, 'kiosk'));
  kit.cleanup(() => opened.close());
  await opened.page.waitForSelector('[data-testid="callbacks-panel"]');
  await waitForText(opened.page, '[data-testid="connection-state"]', 'Live');
  if (wholePage) {
    await opened.page.screenshot({ path: path.join(ARTIFACTS_DIR, screenshot), fullPage: true });
    // the whole phone page is too tall to look at: the panel itself, scrolled into view, as well
    await opened.page.locator('[data-testid="callbacks-panel"]').scrollIntoViewIfNeeded();
    await saveScreenshot(opened.page, screenshot.replace('.png', '-panel.png'));
  } else {
    await saveScreenshot(opened.page, screenshot);
  }
  expect(opened.errors).toEqual([]);
  return { page: opened.page, snapshot, report: await probeLayout(opened.page, wholePage) };
}

const panelRuns = (report: Awaited<ReturnType<typeof probeLayout>>) => report.runs.filter((r) => r.where.includes('callbacks-panel'));
const cutAllowed = (entry: string): boolean => entry.includes('ticket-risk__subject') || entry.includes('agent__reason') || entry.includes('ticket-risk__kind');

describe('the callbacks panel on the board', () => {
  it('at 1920x1080: the count and the oldest three, no text under 14 px, nothing cut, overlapping or scrolling', async () => {
    const { page, snapshot, report } = await boardWithCallbacks({ width: 1920, height: 1080 }, 'callbacks-board-1920x1080.png');
    const panel = await page.evaluate(() => ({
      count: document.querySelector('[data-testid="callbacks-count"]')?.textContent,
      rows: [...document.querySelectorAll('.callbacks-panel__row')].map((row) => row.textContent),
      more: document.querySelector('.callbacks-panel__more')?.textContent,
    }));
    expect(panel.count).toBe('7');
    expect(panel.rows).toHaveLength(3);
    expect(panel.rows[0]).toContain('79161234567');
    expect(panel.rows[1]).toMatch(/79037654321.*×3/);
    expect(panel.rows[0]).toContain(snapshot.queues[0]!.name);
    expect(panel.more).toBe('and 4 more');
    const runs = panelRuns(report);
    expect(runs.length).toBeGreaterThan(5);
    expect(Math.min(...report.runs.map((r) => r.fontPx))).toBeGreaterThanOrEqual(14);
    expect(runs.every((r) => r.box.bottom <= 1080 && r.box.right <= 1920)).toBe(true);
    expect(report.cut.filter((c) => !cutAllowed(c))).toEqual([]);
    expect(report.overlaps).toEqual([]);
    expect(report.scroll).toEqual({ page: 0, wide: 0, board: 0 });
  });

  it('at 1280x720: the panel, the tiles, the agents and the tickets all in view without scrolling', async () => {
    const { report } = await boardWithCallbacks({ width: 1280, height: 720 }, 'callbacks-board-1280x720.png');
    expect(report.scroll).toEqual({ page: 0, wide: 0, board: 0 });
    for (const where of ['callbacks-panel', 'queue-tile', 'agent-cell', 'ticket-panel']) {
      const runs = report.runs.filter((r) => r.where.includes(where));
      expect(runs.length, where).toBeGreaterThan(0);
      expect(runs.every((r) => r.box.bottom <= 720 && r.box.right <= 1280), where).toBe(true);
    }
    expect(report.overlaps).toEqual([]);
  });

  it('on a 390 px phone: stacked below the tickets, nothing overlapping or wider than the screen', async () => {
    const { report } = await boardWithCallbacks({ width: 390, height: 844 }, 'callbacks-board-390x844.png', true);
    expect(panelRuns(report).length).toBeGreaterThan(5);
    expect(report.scroll.wide).toBe(0);
    expect(report.overlaps).toEqual([]);
    expect(report.cut.filter((c) => !cutAllowed(c))).toEqual([]);
  });
});

describe('the callbacks page', () => {
  it('lists the lost callers from history; a manager marks one done and the board counts one fewer', async () => {
    const config = testWallboardConfig({ databaseUrl: await freshDatabaseUrl('callbacks_page') });
    const wallboard = await startWallboard({ config, ami: null, queueSettings: QueueSettingsBook.parse({}), clientDir: DIST });
    kit.cleanup(() => wallboard.close().then(() => undefined));
    await wallboard.store.apply(config.site, [
      { op: 'queue.put', queue: { id: 'support', serviceLevelSec: 20 } },
      { op: 'queue.put', queue: { id: 'sales', serviceLevelSec: 20 } },
    ]);
    // today's calls, a minute apart, ending before now (or just after the site's midnight)
    const now = Date.now();
    const start = Math.max(dayStartMs(config.timeZone, siteDay(config.timeZone, now)) + 60_000, now - 3 * 3600_000);
    const call = (minute: number, queueId: string, callerId: string | null, outcome: CallRecord['outcome'], waitSec = 45): CallRecord => {
      const enteredAt = start + minute * 60_000;
      const answered = outcome === 'answered';
      return {
        queueId, callId: `call-${minute}`, enteredAt, answeredAt: answered ? enteredAt + waitSec * 1000 : null, endedAt: enteredAt + (answered ? 200 : waitSec) * 1000,
        outcome, waitSec, talkSec: answered ? 150 : 0, wrapSec: 0, agentId: answered ? 'PJSIP/1001' : null, answeredWithinSl: false,
        shortAbandon: false, callerId, day: siteDay(config.timeZone, enteredAt), intervalStart: enteredAt - (enteredAt % 900_000),
      };
    };
    const calls = [
      call(0, 'support', '79161234567', 'abandoned'),
      call(5, 'sales', '79161234567', 'abandoned', 80),
      call(10, 'support', '79037654321', 'abandoned'),
      call(20, 'sales', '79037654321', 'answered'),
      call(30, 'support', null, 'abandoned'),
      call(40, 'support', '74951112233', 'abandoned'),
    ];
    wallboard.history!.recordOps(calls.map((c): HistoryOp => ({ op: 'history.call', call: c })));
    await wallboard.history!.writer.settled();

    const opened = await openPage(kit.browser(), `${wallboard.url}/callbacks`, { width: 1280, height: 720 }, (page) => signIn(page, wallboard, 'manager'));
    kit.cleanup(() => opened.close());
    const { page } = opened;
    await page.getByTestId('callbacks-table').waitFor();
    const read = () =>
      page.evaluate(() => ({
        rows: [...document.querySelectorAll('[data-testid="callbacks-table"] tbody tr')].map((tr) => [...tr.querySelectorAll('td')].slice(0, 5).map((td) => td.textContent)),
        summary: document.querySelector('[data-testid="callbacks-summary"]')?.textContent,
      }));
    const before = await read();
    expect(before.rows.map((r) => [r[0], r[1], r[4]])).toEqual([
      ['79161234567', 'sales', '2'],
      ['74951112233', 'support', '1'],
    ]);
    expect(before.summary).toContain('1 withheld');
    await saveScreenshot(page, 'callbacks-page-1280x720.png');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await saveScreenshot(page, 'callbacks-page-1920x1080.png');
    await page.setViewportSize({ width: 390, height: 844 });
    await saveScreenshot(page, 'callbacks-page-390x844.png');
    // a phone: one card per caller, the page does not scroll sideways and every Done button is on screen
    expect(await sidewaysReach(page, '[data-testid="callbacks-done"]')).toEqual({ pageWide: 0, found: 2, outside: [] });

    // the same list in Russian: headings, the button and the counts' plural forms
    await page.goto(`${wallboard.url}/callbacks?lang=ru`);
    await page.getByTestId('callbacks-table').waitFor();
    const russian = await page.evaluate(() => ({
      lang: document.documentElement.lang,
      h1: document.querySelector('h1')?.textContent,
      heads: [...document.querySelectorAll('[data-testid="callbacks-table"] th')].map((th) => th.textContent),
      button: document.querySelector('[data-testid="callbacks-done"]')?.textContent,
      summary: document.querySelector('[data-testid="callbacks-summary"]')?.textContent,
    }));
    expect(russian).toEqual({
      lang: 'ru',
      h1: 'Перезвоны',
      heads: ['Номер', 'Очередь', 'Ждал', 'Сбросил в', 'Попыток', ''],
      button: 'Готово',
      summary: '1 скрытый номер (перезвонить нельзя) · 0 коротких сбросов не учтено · 0 номеров отмечено обработанными',
    });
    await saveScreenshot(page, 'ru-callbacks-page-390x844.png');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await saveScreenshot(page, 'ru-callbacks-page-1920x1080.png');
    await page.goto(`${wallboard.url}/callbacks`);
    await page.getByTestId('callbacks-table').waitFor();

    await page.locator('tr[data-caller="79161234567"] [data-testid="callbacks-done"]').click();
    await expect.poll(async () => (await read()).rows.map((r) => r[0])).toEqual(['74951112233']);
    expect((await read()).summary).toContain('1 marked done');
    expect(opened.errors).toEqual([]);

    await page.goto(`${wallboard.url}/`);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await waitForText(page, '[data-testid="callbacks-count"]', '1');
    expect(await page.locator('.callbacks-panel__row').allTextContents()).toEqual([expect.stringContaining('74951112233')]);
  });
});
