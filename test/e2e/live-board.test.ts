import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCount, formatDuration, formatPercent, formatSiteClock } from '../../client/src/format';
import type { LiveSnapshot } from '../../shared/snapshot';
import { launchBrowser, openPage, saveScreenshot, type OpenedPage } from '../support/browser';
import { DIST, ensureClientBuilt, signIn, textOf } from '../support/page-test-kit';
import { startCallCenterRun, type CallCenterRun } from '../support/call-center-run';

/**
 * The real thing end to end: simulated Asterisk over TCP AMI -> server -> Redis
 * -> socket.io -> the built React page in headless Chromium. The page must show
 * what /api/snapshot says.
 */

const MORNING = Date.parse('2026-11-23T05:00:00Z');

let browser: Browser;
let run: CallCenterRun;
let opened: OpenedPage;

beforeAll(async () => {
  ensureClientBuilt();
  run = await startCallCenterRun({ startAt: MORNING, seed: 3, scale: 1.5, clientDir: DIST });
  // Two busy hours, then the simulated world stands still ('max' speed moves only when told).
  await run.simulator.runFor(2 * 3600);
  await run.caughtUp();
  browser = await launchBrowser();
  opened = await openPage(browser, `${run.wallboard.url}/?board=main`, undefined, (page) => signIn(page, run.wallboard, 'kiosk'));
});

afterAll(async () => {
  await opened?.close();
  await browser?.close();
  await run?.close();
});

const inTile = (queueId: string, testId: string) =>
  `[data-testid="queue-tile"][data-queue-id="${queueId}"] [data-testid="${testId}"]`;


describe('the live board in Chromium against the real server', () => {
  it('shows every queue tile with the numbers of /api/snapshot', async () => {
    const { page, errors } = opened;
    const snapshot: LiveSnapshot = await run.snapshot();
    expect(snapshot.queues.length).toBe(3);
    await page.waitForSelector('[data-testid="queue-tile"]');
    await page.waitForFunction(
      (expected) => document.querySelector(`[data-queue-id="${expected.id}"] [data-testid="offered"]`)?.textContent?.trim() === expected.offered,
      { id: snapshot.queues[0]!.id, offered: formatCount(snapshot.queues[0]!.today.offered) },
    );
    for (const queue of snapshot.queues) {
      expect(await textOf(page, inTile(queue.id, 'waiting')), `${queue.id} waiting`).toBe(String(queue.waiting));
      expect(await textOf(page, inTile(queue.id, 'offered')), `${queue.id} offered`).toBe(formatCount(queue.today.offered));
      expect(await textOf(page, inTile(queue.id, 'answered')), `${queue.id} answered`).toBe(formatCount(queue.today.answered));
      expect(await textOf(page, inTile(queue.id, 'abandoned')), `${queue.id} abandoned`).toBe(formatCount(queue.today.abandoned));
      expect(await textOf(page, inTile(queue.id, 'sl-today')), `${queue.id} SL`).toBe(formatPercent(queue.today.serviceLevelPct));
      expect(await textOf(page, inTile(queue.id, 'asa')), `${queue.id} ASA`).toBe(formatDuration(queue.today.asaSec));
      expect(await textOf(page, inTile(queue.id, 'aht')), `${queue.id} AHT`).toBe(formatDuration(queue.today.ahtSec));
      expect(await textOf(page, inTile(queue.id, 'agents-available')), `${queue.id} available`).toBe(String(queue.agents.available));
      expect(await textOf(page, inTile(queue.id, 'agents-busy')), `${queue.id} busy`).toBe(String(queue.agents.busy));
      expect(await textOf(page, inTile(queue.id, 'agents-paused')), `${queue.id} paused`).toBe(String(queue.agents.paused));
    }
    // The interval SL is labelled with the interval's start in site time, not "last 15 min".
    const since = formatSiteClock(Date.parse(snapshot.intervalStart), snapshot.timeZone).time.slice(0, 5);
    expect(await page.locator('[data-testid="queue-tile"]').first().textContent()).toContain(`Since ${since}`);
    await saveScreenshot(page, 'board-live.png');
    expect(errors).toEqual([]);
  });

  it('shows each logged-in agent with the state the snapshot gives, in words', async () => {
    const { page } = opened;
    const snapshot = await run.snapshot();
    for (const agent of snapshot.agents.filter((a) => a.state !== 'loggedOut')) {
      const cell = page.locator(`[data-testid="agent-cell"][data-agent-id="${agent.id}"]`);
      expect(await cell.getAttribute('data-state'), agent.id).toBe(agent.state);
      expect((await cell.locator('[data-testid="agent-state-label"]').textContent())?.trim().length).toBeGreaterThan(0);
    }
  });

  it('follows live changes: after more simulated traffic the tiles show the new snapshot', async () => {
    const { page } = opened;
    await run.simulator.runFor(600);
    await run.caughtUp();
    const snapshot = await run.snapshot();
    const queue = snapshot.queues[0]!;
    await page.waitForFunction(
      (expected) => document.querySelector(`[data-queue-id="${expected.id}"] [data-testid="offered"]`)?.textContent?.trim() === expected.offered,
      { id: queue.id, offered: formatCount(queue.today.offered) },
      { timeout: 10_000 },
    );
    expect(await textOf(page, inTile(queue.id, 'answered'))).toBe(formatCount(queue.today.answered));
  });
});
