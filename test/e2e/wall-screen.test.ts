import { describe, expect, it } from 'vitest';
import type { PersonRole } from '../../shared/roles';
import type { LiveSnapshot } from '../../shared/snapshot';
import { STALE_AFTER_MS } from '../../shared/socket-protocol';
import { busyBoard } from '../support/board-fixtures';
import { openPage, saveScreenshot, type OpenedPage } from '../support/browser';
import { DIST, signIn, textOf, usePageTestKit, waitForText } from '../support/page-test-kit';
import { startFakeBoardServer, type FakeBoardServer } from '../support/fake-board-server';
import { credentialsFor } from '../support/test-credentials';

/**
 * The board on a wall: kiosk mode (no navigation, no cursor, a fullscreen
 * button, the screen kept awake, a reload when a new build is deployed), the
 * rotation between boards and pages, and what it shows when the PBX or the
 * server itself is gone.
 */

const kit = usePageTestKit();

async function serve(snapshot: LiveSnapshot): Promise<FakeBoardServer> {
  const server = await startFakeBoardServer({ staticDir: DIST, snapshot });
  kit.cleanup(() => server.close());
  return server;
}

/** Wake Lock stand-in: headless Chromium has no screen to keep awake. Counts requests; `releaseAll` does what hiding the page does. */
const WAKE_LOCK_STUB = `
  window.__wakeLocks = [];
  Object.defineProperty(navigator, 'wakeLock', { configurable: true, value: {
    request: async (type) => {
      const listeners = [];
      const sentinel = { type, released: false,
        addEventListener: (name, fn) => { if (name === 'release') listeners.push(fn); },
        release: async () => { if (!sentinel.released) { sentinel.released = true; listeners.forEach((fn) => fn()); } } };
      window.__wakeLocks.push(sentinel);
      return sentinel;
    } } });
`;

/**
 * Opens `path` as a wall screen does: by default its kiosk link (`token=` added
 * to the path's own query), which the server swaps for a cookie, redirecting to
 * the same URL without the token and with every other parameter. `as` a person:
 * signed in through the sign-in page first (a viewer token may not open the desk pages).
 */
async function open(server: FakeBoardServer, path: string, as: 'kiosk-link' | PersonRole = 'kiosk-link'): Promise<OpenedPage & { joins(): string[] }> {
  const context = await kit.browser().newContext({ viewport: { width: 1920, height: 1080 } });
  kit.cleanup(() => context.close());
  await context.addInitScript(WAKE_LOCK_STUB);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const asked = new URL(path, server.url);
  let joinsBefore = 0;
  let response;
  if (as === 'kiosk-link') {
    const { secret } = await credentialsFor(server, 'viewer');
    const link = new URL(asked);
    link.searchParams.set('token', secret);
    response = await page.goto(link.href);
    expect(response?.request().redirectedFrom()?.url()).toBe(link.href);
  } else {
    await signIn(page, server, as);
    // signing in lands on the main board: its join is not the page under test's
    await expect.poll(() => server.joins).toContain('main');
    joinsBefore = server.joins.length;
    response = await page.goto(asked.href);
  }
  // where the page was loaded from (a rotation may move on by itself right after)
  const landed = new URL(response?.url() ?? 'about:blank');
  expect(landed.pathname).toBe(asked.pathname);
  expect([...landed.searchParams]).toEqual([...asked.searchParams]);
  return { page, errors, close: () => context.close(), joins: () => server.joins.slice(joinsBefore) };
}

describe('kiosk mode', () => {
  it('hides the navigation and the resting cursor, offers fullscreen to a moving pointer, and keeps the screen awake', async () => {
    const server = await serve(busyBoard(Date.now()));
    const { page, errors } = await open(server, '/?kiosk=1');
    await waitForText(page, '[data-testid="connection-state"]', 'Live');

    expect(await page.locator('[data-testid="app-nav"]').count()).toBe(0);
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('.board')!).cursor)).toBe('none');
    await page.waitForFunction(() => (window as unknown as { __wakeLocks: unknown[] }).__wakeLocks.length === 1);

    const button = page.locator('[data-testid="fullscreen-button"]');
    expect(await button.evaluate((el) => getComputedStyle(el).opacity)).toBe('0');
    await page.mouse.move(400, 300);
    await page.mouse.move(420, 320);
    await page.waitForFunction(() => getComputedStyle(document.querySelector('[data-testid="fullscreen-button"]')!).opacity === '1');
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('.board')!).cursor)).not.toBe('none');
    expect(errors).toEqual([]);
  });

  it('asks for the wake lock again when the page is visible again after the browser released it', async () => {
    const server = await serve(busyBoard(Date.now()));
    const { page } = await open(server, '/?kiosk=1');
    await page.waitForFunction(() => (window as unknown as { __wakeLocks: unknown[] }).__wakeLocks.length === 1);
    await page.evaluate(async () => {
      const locks = (window as unknown as { __wakeLocks: Array<{ release(): Promise<void> }> }).__wakeLocks;
      await locks[0]!.release();
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await page.waitForFunction(() => (window as unknown as { __wakeLocks: unknown[] }).__wakeLocks.length === 2);
    expect(await page.evaluate(() => document.documentElement.dataset.wakeLock)).toBe('held');
  });

  it('reloads by itself when the server serves a new build', async () => {
    const server = await serve(busyBoard(Date.now()));
    const { page } = await open(server, '/?kiosk=1');
    await waitForText(page, '[data-testid="connection-state"]', 'Live');
    await page.evaluate(() => {
      (window as unknown as { __beforeDeploy: boolean }).__beforeDeploy = true;
      document.dispatchEvent(new Event('visibilitychange'));
    });
    // the same build: nothing happens
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => (window as unknown as { __beforeDeploy?: boolean }).__beforeDeploy)).toBe(true);

    server.deploy('a-newer-build');
    const reloaded = page.waitForEvent('load');
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await reloaded;
    expect(await page.evaluate(() => (window as unknown as { __beforeDeploy?: boolean }).__beforeDeploy)).toBeUndefined();
    expect(new URL(page.url()).search).toBe('?kiosk=1');
  });
});

describe('rotation', () => {
  it('starts from a kiosk link: the token swap keeps kiosk, rotate and every', async () => {
    const server = await serve(busyBoard(Date.now()));
    // open() checks the page landed on the link's URL without the token and with the rest
    const { page, joins } = await open(server, '/?kiosk=1&rotate=sales,support&every=5');
    await expect.poll(() => joins(), { timeout: 5_000 }).toEqual(['sales']);
    expect(await page.locator('[data-testid="app-nav"]').count()).toBe(0);
    await expect.poll(() => joins(), { timeout: 9_000 }).toEqual(['sales', 'support']);
    expect(new URL(page.url()).searchParams.get('rotate')).toBe('sales,support');
  });

  it('moves between boards and pages every `every` seconds, keeping kiosk mode', async () => {
    const server = await serve(busyBoard(Date.now()));
    // the Day page needs a manager: a viewer token's screen would show "needs the manager role" there
    const { page, joins } = await open(server, '/?kiosk=1&rotate=sales,support,day&every=5', 'manager');
    await expect.poll(() => joins(), { timeout: 5_000 }).toEqual(['sales']);
    await expect.poll(() => joins(), { timeout: 9_000 }).toEqual(['sales', 'support']);
    expect(new URL(page.url()).pathname).toBe('/board/support');
    await page.waitForURL((url) => url.pathname === '/day', { timeout: 9_000 });
    expect(await page.locator('[data-testid="app-nav"]').count()).toBe(0);
    // the Day page rewrites its own query once mounted (date, queue ...) and keeps the wall screen's
    await page.waitForSelector('.desk .desk-head');
    await page.waitForTimeout(300);
    expect(new URL(page.url()).searchParams.get('kiosk')).toBe('1');
    expect(new URL(page.url()).searchParams.get('rotate')).toBe('sales,support,day');
    await expect.poll(() => joins(), { timeout: 9_000 }).toEqual(['sales', 'support', 'sales']);
  });
});

describe('when the source is gone', () => {
  it('keeps every queue tile greyed with its figures, and says since when and why the PBX link is down', async () => {
    const at = Date.now();
    const board = busyBoard(at);
    const down: LiveSnapshot = {
      ...board,
      source: { kind: 'ami', connected: false, lastEventAt: new Date(at - 300_000).toISOString(), since: new Date(at - 240_000).toISOString(), failure: 'refused' },
    };
    const server = await serve(down);
    const { page } = await open(server, '/');
    await page.waitForSelector('[data-testid="source-banner"]');

    const banner = await textOf(page, '[data-testid="source-banner"]');
    expect(banner).toMatch(/^PBX LINK DOWN since \d\d:\d\d — connection refused: is Asterisk running, is the AMI port right\? · figures as of \d\d:\d\d$/);
    expect(await page.locator('[data-testid="queue-tile"]').count()).toBe(4);
    expect(await page.locator('[data-testid="queue-tile"][data-frozen="true"]').count()).toBe(4);
    expect(await textOf(page, '[data-queue-id="support-l1"] [data-testid="offered"]')).toBe('1,288');
    expect(await textOf(page, '[data-testid="source-state"]')).toBe('PBX link down');
    await saveScreenshot(page, 'board-pbx-down.png');
  });

  it('turns the link chip red as soon as the server itself stops answering', async () => {
    const server = await serve(busyBoard(Date.now()));
    const { page } = await open(server, '/');
    await waitForText(page, '[data-testid="source-state"]', 'PBX linked');
    server.goSilent();
    // read in the same tick as the state: a watchdog reconnect may be answered by the fake's join and relink the chip
    const chip = await page.waitForFunction(
      () => {
        const el = document.querySelector('[data-testid="source-state"]');
        return el?.getAttribute('data-ok') === 'unknown' ? { text: el.textContent, color: getComputedStyle(el).color } : null;
      },
      undefined,
      { timeout: STALE_AFTER_MS + 5_000 },
    );
    expect(await chip.jsonValue()).toEqual({ text: 'PBX link unknown', color: 'rgb(255, 95, 95)' });
  });
});
