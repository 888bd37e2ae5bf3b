import { describe, expect, it } from 'vitest';
import type { LiveSnapshot } from '../../shared/snapshot';
import { busyBoardWithTickets } from '../support/board-fixtures';
import { openPage } from '../support/browser';
import { startFakeBoardServer } from '../support/fake-board-server';
import { DIST, signIn, textOf, usePageTestKit } from '../support/page-test-kit';

/**
 * Escalations to development on the ticket panel, in real Chromium against a
 * fake server: per support line, how many are with development, the oldest's
 * age, and how many came back today; nothing when no tracker is connected.
 */

const kit = usePageTestKit();
const HOUR = 3_600_000;
const cell = (testId: string) => `[data-testid="ticket-panel"] [data-testid="tickets-dev-escalations"] [data-testid="${testId}"]`;

async function open(snapshot: LiveSnapshot) {
  const server = await startFakeBoardServer({ staticDir: DIST, snapshot });
  kit.cleanup(() => server.close());
  const opened = await openPage(kit.browser(), server.url, undefined, (page) => signIn(page, server, 'kiosk'));
  kit.cleanup(() => opened.close());
  return opened;
}

describe('escalations to development on the ticket panel', () => {
  it('shows per line the open escalations, the oldest one\'s age and how many came back today', async () => {
    const now = Date.now();
    const board = busyBoardWithTickets(now);
    const snapshot: LiveSnapshot = {
      ...board,
      tickets: {
        ...board.tickets!,
        devEscalations: {
          byLine: [
            { line: 'L1', open: 0, oldestOpenedAt: null, cameBackToday: 1 },
            { line: 'L2', open: 7, oldestOpenedAt: new Date(now - 26 * HOUR - 60_000).toISOString(), cameBackToday: 3 },
            { line: 'L3', open: 2, oldestOpenedAt: new Date(now - 45 * 60_000).toISOString(), cameBackToday: 0 },
          ],
        },
      },
    };
    const { page, errors } = await open(snapshot);
    await page.waitForSelector(cell('dev-escalations-L2-open'));

    expect(await textOf(page, cell('dev-escalations-L1-open'))).toBe('0');
    expect(await textOf(page, cell('dev-escalations-L1-oldest'))).toBe('–');
    expect(await textOf(page, cell('dev-escalations-L1-back'))).toBe('1');
    expect(await textOf(page, cell('dev-escalations-L2-open'))).toBe('7');
    expect(await textOf(page, cell('dev-escalations-L2-oldest'))).toBe('26 h');
    expect(await textOf(page, cell('dev-escalations-L2-back'))).toBe('3');
    expect(await textOf(page, cell('dev-escalations-L3-open'))).toBe('2');
    // the page clocks ages by its estimate of the server's time, which may sit a little either side of the test's
    expect(await textOf(page, cell('dev-escalations-L3-oldest'))).toMatch(/^4[4-6] min$/);
    expect(errors).toEqual([]);
  });

  it('shows no escalations table when no tracker is connected', async () => {
    const { page } = await open(busyBoardWithTickets(Date.now()));
    await page.waitForSelector('[data-testid="ticket-panel"] [data-testid="tickets-open"]');
    expect(await page.$('[data-testid="tickets-dev-escalations"]')).toBeNull();
  });
});
