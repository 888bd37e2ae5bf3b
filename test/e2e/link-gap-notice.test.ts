import { describe, expect, it } from 'vitest';
import { busyBoard } from '../support/board-fixtures';
import { openPage } from '../support/browser';
import { DIST, signIn, usePageTestKit, textOf } from '../support/page-test-kit';
import { startFakeBoardServer } from '../support/fake-board-server';

/**
 * The board says when today's figures rest on a PBX link gap counted from the
 * PBX's own counters, and says nothing when none do.
 */

const kit = usePageTestKit();

async function open(snapshot: ReturnType<typeof busyBoard>) {
  const server = await startFakeBoardServer({ staticDir: DIST, snapshot });
  kit.cleanup(() => server.close());
  const opened = await openPage(kit.browser(), server.url, undefined, (page) => signIn(page, server, 'kiosk'));
  kit.cleanup(() => opened.close());
  await opened.page.waitForSelector('[data-testid="queue-tile"]');
  return opened;
}

describe('link gap notice', () => {
  it('shows "estimated after a link gap 10:02 to 10:04" in site time, once for queues sharing the gap', async () => {
    const board = busyBoard(Date.now());
    // 07:02 and 07:04 UTC are 10:02 and 10:04 in Moscow, the fixture's zone
    const gap = { from: '2026-11-23T07:02:10.000Z', to: '2026-11-23T07:04:40.000Z', calls: 'estimated' as const };
    const snapshot = { ...board, queues: board.queues.map((q, i) => (i < 2 ? { ...q, linkGaps: [gap] } : q)) };
    const { page, errors } = await open(snapshot);
    expect(await textOf(page, '[data-testid="link-gap"]')).toBe('estimated after a link gap 10:02 to 10:04');
    expect(errors).toEqual([]);
  });

  it('says nothing while no figure rests on a gap', async () => {
    const { page } = await open(busyBoard(Date.now()));
    expect(await page.locator('[data-testid="link-gap"]').count()).toBe(0);
  });
});
