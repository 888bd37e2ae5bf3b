import { describe, expect, it } from 'vitest';
import type { LiveSnapshot } from '../../shared/snapshot';
import { STALE_AFTER_MS } from '../../shared/socket-protocol';
import { agentRows, busyBoard, liveSnapshot, periodStats, queueTile, waitingSince } from '../support/board-fixtures';
import { openPage, saveScreenshot, type OpenedPage } from '../support/browser';
import { DIST, signIn, usePageTestKit, textOf, waitForText } from '../support/page-test-kit';
import { startFakeBoardServer, type FakeBoardServer } from '../support/fake-board-server';

/**
 * The live board page in real Chromium against a fake server the test drives:
 * what a shift lead sees for a given snapshot, how it ticks, and how it warns
 * when data stops.
 */

const kit = usePageTestKit();

async function serve(snapshot: LiveSnapshot, options: { silent?: boolean } = {}): Promise<FakeBoardServer> {
  const server = await startFakeBoardServer({ staticDir: DIST, snapshot, ...options });
  kit.cleanup(() => server.close());
  return server;
}

async function open(server: FakeBoardServer, path = '/'): Promise<OpenedPage> {
  const opened = await openPage(kit.browser(), `${server.url}${path}`, undefined, (page) => signIn(page, server, 'kiosk'));
  kit.cleanup(() => opened.close());
  return opened;
}

const tile = (queueId: string, testId: string) =>
  `[data-testid="queue-tile"][data-queue-id="${queueId}"] [data-testid="${testId}"]`;



/** "1:05" or "1:02:03" in seconds */
function seconds(clock: string): number {
  return clock.split(':').reduce((total, part) => total * 60 + Number(part), 0);
}

describe('board page', () => {
  it('shows one tile per queue with the numbers of the snapshot', async () => {
    const server = await serve(busyBoard(Date.now()));
    const { page, errors } = await open(server);
    await page.waitForSelector('[data-testid="queue-tile"]');

    expect(await page.locator('[data-testid="queue-tile"]').count()).toBe(4);
    // Support L1: 1035 of (1190 + 82 - 19) within 20 s = 82.6%; hold 24 s, handle 305 + 25 s per call.
    expect(await textOf(page, tile('support-l1', 'waiting'))).toBe('9');
    expect(await textOf(page, tile('support-l1', 'sl-today'))).toBe('82%');
    expect(await textOf(page, tile('support-l1', 'sl-interval'))).toBe('70%');
    expect(await textOf(page, tile('support-l1', 'sl-target'))).toBe('90%');
    expect(await textOf(page, tile('support-l1', 'offered'))).toBe('1,288');
    expect(await textOf(page, tile('support-l1', 'answered'))).toBe('1,190');
    expect(await textOf(page, tile('support-l1', 'abandoned'))).toBe('82');
    expect(await textOf(page, tile('support-l1', 'asa'))).toBe('0:24');
    expect(await textOf(page, tile('support-l1', 'aht'))).toBe('5:30');
    expect(await textOf(page, tile('support-l1', 'agents-available'))).toBe('1');
    expect(await textOf(page, tile('support-l1', 'agents-busy'))).toBe('30');
    expect(await textOf(page, tile('support-l1', 'agents-paused'))).toBe('4');
    // the formula is a tooltip on the service-level row, not a line under every tile
    expect(await page.locator(tile('support-l1', 'sl-formula')).getAttribute('title')).toBe(
      'SL = answered ≤ 20 s / (answered + abandoned − short abandons)',
    );
    // abandoned / (answered + abandoned + timed out) = 82 / 1278
    expect(await textOf(page, tile('support-l1', 'abandon-rate'))).toBe('6%');
    expect(await textOf(page, tile('support-l1', 'timed-out'))).toBe('6');
    // Billing has had no call this interval: a dash, not 0%.
    expect(await textOf(page, tile('billing', 'sl-interval'))).toBe('—');
    expect(errors).toEqual([]);
  });

  it('labels each tile status in words as well as colour', async () => {
    const server = await serve(busyBoard(Date.now()));
    const { page } = await open(server);
    await page.waitForSelector('[data-testid="queue-tile"]');

    // Sales on target; L1 82.6% against 90% (amber); L2 57.7% against 80% and a caller waiting 75 s > 2 x 30 s (red).
    expect(await page.locator(tile('sales', 'tile-status')).getAttribute('data-level')).toBe('ok');
    expect(await textOf(page, tile('sales', 'tile-status'))).toBe('OK');
    expect(await textOf(page, tile('support-l1', 'tile-status'))).toBe('Warning');
    expect(await textOf(page, tile('support-l2', 'tile-status'))).toBe('Critical');
    expect(await page.locator('[data-queue-id="support-l2"]').textContent()).toContain('23 pts under');
    expect(await page.locator('[data-queue-id="support-l2"]').textContent()).toContain('over 1:00');
  });

  it('updates the tiles when a new snapshot is pushed', async () => {
    const at = Date.now();
    const server = await serve(busyBoard(at));
    const { page } = await open(server);
    await waitForText(page, tile('sales', 'waiting'), '2');

    const next = busyBoard(at + 1000, 2);
    const sales = next.queues[0]!;
    next.queues[0] = {
      ...sales,
      ...waitingSince(at + 1000, 5, 3),
      today: periodStats({ offered: 420, answered: 393, answeredWithinSl: 367, abandoned: 14, shortAbandoned: 4, handled: 389 }),
    };
    server.push(next);

    await waitForText(page, tile('sales', 'waiting'), '5');
    expect(await textOf(page, tile('sales', 'offered'))).toBe('420');
    expect(await textOf(page, tile('sales', 'answered'))).toBe('393');
    // The other queues keep their numbers.
    expect(await textOf(page, tile('support-l1', 'waiting'))).toBe('9');
  });

  it('ticks the longest wait every second without a push', async () => {
    const server = await serve(busyBoard(Date.now()));
    const { page } = await open(server);
    await page.waitForSelector(tile('support-l1', 'longest-wait'));

    const first = seconds(await textOf(page, tile('support-l1', 'longest-wait')));
    await page.waitForTimeout(2200);
    const second = seconds(await textOf(page, tile('support-l1', 'longest-wait')));

    expect(first).toBeGreaterThanOrEqual(34);
    expect(second).toBeGreaterThan(first);
  });

  it('counts on the server clock, not a TV clock that is minutes off', async () => {
    // The page's clock runs 5 minutes ahead of the server's; the oldest L1 caller joined 34 s before the server's now.
    const server = await serve(busyBoard(Date.now()));
    const context = await kit.browser().newContext({ viewport: { width: 1920, height: 1080 } });
    kit.cleanup(() => context.close());
    const page = await context.newPage();
    await page.clock.install({ time: Date.now() + 5 * 60_000 });
    await signIn(page, server, 'kiosk');
    await page.goto(server.url);
    await page.waitForSelector(tile('support-l1', 'longest-wait'));

    const wait = seconds(await textOf(page, tile('support-l1', 'longest-wait')));
    expect(wait).toBeGreaterThanOrEqual(34);
    expect(wait).toBeLessThan(60);
  });

  it('warns that data is stale after STALE_AFTER_MS without snapshot or heartbeat, and keeps the last numbers', async () => {
    const server = await serve(busyBoard(Date.now()));
    const { page } = await open(server);
    await waitForText(page, '[data-testid="connection-state"]', 'Live');
    expect(await page.locator('[data-testid="stale-banner"]').count()).toBe(0);

    server.goSilent();
    await page.waitForSelector('[data-testid="stale-banner"]', { timeout: STALE_AFTER_MS + 5000 });

    expect(await textOf(page, '[data-testid="stale-banner"]')).toMatch(
      /^DATA STALE — last update \d+ s ago, reconnecting…$/,
    );
    expect(await textOf(page, tile('support-l1', 'waiting'))).toBe('9');
    expect(await textOf(page, tile('support-l1', 'offered'))).toBe('1,288');
    expect(await page.locator('[data-testid="updated-ago"]').getAttribute('data-stale')).toBe('true');
    expect(await textOf(page, '[data-testid="connection-state"]')).toBe('Reconnecting…');
    await saveScreenshot(page, 'board-stale.png');

    server.resume();
    await page.waitForSelector('[data-testid="stale-banner"]', { state: 'detached' });
    await waitForText(page, '[data-testid="connection-state"]', 'Live');
  });

  it('shows the snapshot from GET /api/snapshot before the socket delivers anything', async () => {
    const server = await serve(busyBoard(Date.now()), { silent: true });
    const { page } = await open(server);

    await waitForText(page, tile('sales', 'offered'), '412');
    // The socket joined too; it just had nothing to say.
    await expect.poll(() => server.joins).toEqual(['main']);
  });

  it('joins the board named in the URL', async () => {
    const server = await serve(busyBoard(Date.now()));
    const { page } = await open(server, '/?board=floor-2');
    await waitForText(page, '[data-testid="connection-state"]', 'Live');
    expect(server.joins).toEqual(['floor-2']);
  });

  it('ignores and counts a message that fails the schema, keeping the numbers it had', async () => {
    const server = await serve(busyBoard(Date.now()));
    const { page } = await open(server);
    await waitForText(page, tile('sales', 'waiting'), '2');
    // The tile can show GET /api/snapshot's numbers before the socket has joined; a message pushed then reaches nobody.
    await waitForText(page, '[data-testid="connection-state"]', 'Live');

    const broken = busyBoard(Date.now(), 2) as unknown as { queues: Array<{ waiting: unknown }> };
    broken.queues[0]!.waiting = -3;
    server.pushRaw('board:snapshot', { protocol: 1, board: 'main', snapshot: broken });
    server.pushRaw('board:heartbeat', { at: 'soon', seq: 'x' });

    // polled on a timer: the default waits for animation frames, which a page that renders nothing new may not run
    await page.waitForFunction(() => document.querySelector('.board')?.getAttribute('data-rejected-messages') === '2', undefined, { polling: 100 });
    expect(await textOf(page, tile('sales', 'waiting'))).toBe('2');
    expect(await page.locator('body').textContent()).not.toContain('-3');
  });

  it('renders 100 agents as 100 cells, each with its state in words and its time in state', async () => {
    const server = await serve(busyBoard(Date.now()));
    const { page } = await open(server);
    await page.waitForSelector('[data-testid="agent-cell"]');

    const cells = await page.locator('[data-testid="agent-cell"]').evaluateAll((elements) =>
      elements.map((cell) => ({
        state: cell.getAttribute('data-state'),
        label: cell.querySelector('[data-testid="agent-state-label"]')?.textContent,
        time: cell.querySelector('[data-testid="agent-time-in-state"]')?.textContent,
        reason: cell.querySelector('[data-testid="agent-pause-reason"]')?.textContent ?? null,
      })),
    );
    expect(cells).toHaveLength(100);
    const labels: Record<string, string> = {
      available: 'Available',
      ringing: 'Ringing',
      busy: 'On call',
      wrapup: 'Wrap-up',
      paused: 'Paused',
    };
    for (const cell of cells) {
      expect(cell.label).toBe(labels[cell.state ?? '']);
      expect(cell.time).toMatch(/^(\d+:\d\d|\d+h \d\dm)$/);
      if (cell.state === 'paused') expect(cell.reason).toMatch(/\w/);
    }
    // Sorted by state: all available first, paused last.
    expect(cells[0]?.state).toBe('available');
    expect(cells.at(-1)?.state).toBe('paused');
  });

  it('collapses logged-out agents into a count instead of cells', async () => {
    const at = Date.now();
    const agents = [...agentRows(6, at, ['q']), ...agentRows(3, at, [], ['loggedOut']).map((a) => ({ ...a, id: `out-${a.id}` }))];
    const server = await serve(liveSnapshot(at, { queues: [queueTile({ id: 'q', name: 'Queue' })], agents }));
    const { page } = await open(server);
    await page.waitForSelector('[data-testid="agent-cell"]');

    expect(await page.locator('[data-testid="agent-cell"]').count()).toBe(6);
    expect(await page.locator('[data-testid="agent-cell"][data-state="loggedOut"]').count()).toBe(0);
    expect(await textOf(page, '[data-testid="agents-logged-out"]')).toBe('3Logged out');
  });

  it('fits 4 queues and 100 agents on a 1920x1080 screen without scrolling', async () => {
    const server = await serve(busyBoard(Date.now()));
    const { page, errors } = await open(server);
    await page.waitForSelector('[data-testid="agent-cell"]');
    await waitForText(page, '[data-testid="connection-state"]', 'Live');

    const overflow = await page.evaluate(() => {
      const board = document.querySelector('.board') as HTMLElement;
      return {
        board: board.scrollHeight - board.clientHeight,
        page: document.documentElement.scrollHeight - window.innerHeight,
        wide: document.documentElement.scrollWidth - window.innerWidth,
      };
    });
    expect(overflow).toEqual({ board: 0, page: 0, wide: 0 });
    await saveScreenshot(page, 'board-fixture.png');
    expect(errors).toEqual([]);
  });
});
