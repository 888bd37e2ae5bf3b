import { describe, expect, it } from 'vitest';
import type { ActiveAlert } from '../../shared/alerts';
import type { LiveSnapshot } from '../../shared/snapshot';
import { busyBoard } from '../support/board-fixtures';
import { openPage, saveScreenshot } from '../support/browser';
import { DIST, signIn, usePageTestKit } from '../support/page-test-kit';
import { startFakeBoardServer } from '../support/fake-board-server';

/** The board's alert channel in real Chromium: the banner says it in words, the queue's tile flashes, both clear. */

const kit = usePageTestKit();

function withAlerts(atMs: number, seq: number, alerts: ActiveAlert[]): LiveSnapshot {
  return { ...busyBoard(atMs, seq), alerts };
}

const l2Wait: ActiveAlert = {
  ruleId: 'l2-wait',
  queue: 'support-l2',
  metric: 'longestWaitSec',
  value: 75,
  threshold: 60,
  direction: 'above',
  since: '2026-03-02T07:32:00.000Z',
  sound: true,
};

describe('alerts on the board', () => {
  it('show a banner and flash the tile while firing, ask once for the sound, and clear when resolved', async () => {
    const now = Date.now();
    const server = await startFakeBoardServer({ staticDir: DIST, snapshot: withAlerts(now, 1, [l2Wait]) });
    kit.cleanup(() => server.close());
    const { page, errors, close } = await openPage(kit.browser(), `${server.url}/`, undefined, (page) => signIn(page, server, 'kiosk'));
    kit.cleanup(close);

    const banner = page.getByTestId('alert-banner');
    await banner.waitFor();
    // Moscow: 07:32 UTC is 10:32 site time
    expect(await banner.textContent()).toContain('ALERT — Support L2: longest wait 75 s (above 60 s) since 10:32');
    const tile = (id: string) => page.locator(`[data-testid="queue-tile"][data-queue-id="${id}"]`);
    expect(await tile('support-l2').getAttribute('data-alerting')).toBe('true');
    expect(await tile('sales').getAttribute('data-alerting')).toBe('false');
    expect(await tile('support-l2').evaluate((el) => getComputedStyle(el).animationName)).toBe('tile-flash');
    expect(await tile('sales').evaluate((el) => getComputedStyle(el).animationName)).toBe('none');
    await saveScreenshot(page, 'alert-board-firing.png');

    // a sounding alert needs one click before the browser lets the board play it
    await page.getByTestId('sound-unlock').click();
    await page.getByTestId('sound-unlock').waitFor({ state: 'detached' });

    server.push(withAlerts(Date.now(), 2, []));
    await banner.waitFor({ state: 'detached' });
    expect(await tile('support-l2').getAttribute('data-alerting')).toBe('false');
    expect(await tile('support-l2').evaluate((el) => getComputedStyle(el).animationName)).toBe('none');
    expect(errors).toEqual([]);
  });

  it('asks for the sound once from the start in kiosk mode, before any alert', async () => {
    const server = await startFakeBoardServer({ staticDir: DIST, snapshot: withAlerts(Date.now(), 1, []) });
    kit.cleanup(() => server.close());
    const { page, close } = await openPage(kit.browser(), `${server.url}/?kiosk=1`, undefined, (page) => signIn(page, server, 'kiosk'));
    kit.cleanup(close);
    await page.getByTestId('sound-unlock').waitFor();
    expect(await page.getByTestId('alert-banner').count()).toBe(0);
  });
});
