import { describe, expect, it } from 'vitest';
import type { LiveSnapshot } from '../../shared/snapshot';
import {
  atRiskTicket,
  busyBoard,
  busyBoardWithTickets,
  ticketSnapshot,
} from '../support/board-fixtures';
import { openPage, saveScreenshot, type OpenedPage } from '../support/browser';
import { DIST, signIn, usePageTestKit, textOf, waitForText } from '../support/page-test-kit';
import { startFakeBoardServer, type FakeBoardServer } from '../support/fake-board-server';

/**
 * The ticket panel of the live board in real Chromium against a fake server:
 * what the shift lead reads about the ticket desk for a given snapshot, and
 * how the at-risk countdowns tick and turn into breaches between pushes.
 */

const kit = usePageTestKit();

async function serve(snapshot: LiveSnapshot): Promise<FakeBoardServer> {
  const server = await startFakeBoardServer({ staticDir: DIST, snapshot });
  kit.cleanup(() => server.close());
  return server;
}

async function open(server: FakeBoardServer): Promise<OpenedPage> {
  const opened = await openPage(kit.browser(), server.url, undefined, (page) => signIn(page, server, 'kiosk'));
  kit.cleanup(() => opened.close());
  return opened;
}

const panel = (testId: string) => `[data-testid="ticket-panel"] [data-testid="${testId}"]`;
const riskRow = (id: string) => `[data-testid="ticket-risk-row"][data-ticket-id="${id}"]`;



/** "4:05", "+0:48" or "1:02:03" in seconds */
function seconds(countdown: string): number {
  return countdown
    .replace(/^\+/, '')
    .split(':')
    .reduce((total, part) => total * 60 + Number(part), 0);
}

describe('ticket panel', () => {
  it('shows the open, breached, SLA and daily figures of the snapshot', async () => {
    const server = await serve(busyBoardWithTickets(Date.now()));
    const { page, errors } = await open(server);
    await page.waitForSelector(panel('tickets-open'));

    expect(await textOf(page, panel('tickets-open'))).toBe('312');
    expect(await textOf(page, panel('tickets-breached'))).toBe('3');
    // 209 of 240 first replies within SLA = 87.08%, against a 90% target: amber, 3 points under.
    expect(await textOf(page, panel('tickets-sla-today'))).toBe('87%');
    expect(await textOf(page, panel('tickets-sla-target'))).toBe('90%');
    // 29 of 31 in the last hour = 93.5%.
    expect(await textOf(page, panel('tickets-sla-60min'))).toBe('93%');
    expect(await textOf(page, panel('tickets-created-today'))).toBe('288');
    expect(await textOf(page, panel('tickets-solved-today'))).toBe('251');
    expect(await textOf(page, panel('tickets-csat'))).toBe('94%');
    expect(await textOf(page, panel('tickets-escalations'))).toBe('Escalated todayL1→L2 14L2→L3 3');
    expect(errors).toEqual([]);
  });

  it('shows open tickets by priority and by line, summed over the matrix', async () => {
    const server = await serve(busyBoardWithTickets(Date.now()));
    const { page } = await open(server);
    await page.waitForSelector(panel('tickets-by-line-L1'));

    // The fixture's matrix: high 4+9+8+3, medium 61+41+19, low 38+72+33+24; L1 4+9+61+38+72, ...
    expect(await textOf(page, panel('tickets-by-priority-high'))).toBe('24');
    expect(await textOf(page, panel('tickets-by-priority-medium'))).toBe('121');
    expect(await textOf(page, panel('tickets-by-priority-low'))).toBe('167');
    expect(await textOf(page, panel('tickets-by-line-L1'))).toBe('184');
    expect(await textOf(page, panel('tickets-by-line-L2'))).toBe('82');
    expect(await textOf(page, panel('tickets-by-line-L3'))).toBe('46');
  });

  it('says in words and icons, not colour alone, what is amber and what is red', async () => {
    const server = await serve(busyBoardWithTickets(Date.now()));
    const { page } = await open(server);
    await page.waitForSelector(panel('tickets-sla-today'));

    const sla = page.locator('.metric', { has: page.locator('[data-testid="tickets-sla-today"]') });
    expect(await sla.getAttribute('data-level')).toBe('warn');
    expect(await sla.locator('.metric__note').textContent()).toBe('3 pts under');
    expect(await sla.locator('.metric__note svg').count()).toBe(1);

    const breached = page.locator('.metric', { has: page.locator('[data-testid="tickets-breached"]') });
    expect(await breached.getAttribute('data-level')).toBe('alert');
    expect(await breached.locator('svg').count()).toBe(1);
    expect(await textOf(page, panel('tickets-status'))).toBe('Critical');
  });

  it('lists breached tickets first, each with id, subject, priority, line and the clock at risk', async () => {
    const server = await serve(busyBoardWithTickets(Date.now()));
    const { page } = await open(server);
    await page.waitForSelector('[data-testid="ticket-risk-row"]');

    const rows = await page.locator('[data-testid="ticket-risk-row"]').evaluateAll((elements) =>
      elements.map((row) => ({
        id: row.getAttribute('data-ticket-id'),
        breached: row.getAttribute('data-breached'),
        label: row.querySelector('[data-testid="ticket-breached-label"]')?.textContent ?? null,
        icon: row.querySelector('svg') !== null,
        text: row.textContent ?? '',
      })),
    );
    // 14 at risk: at least 8 rows fit at 1080p, and the last slot says how many are left out.
    expect(rows.length).toBeGreaterThanOrEqual(8);
    expect(await textOf(page, panel('tickets-more'))).toBe(`+${14 - rows.length} more`);
    expect(rows.slice(0, 4).map((r) => [r.id, r.breached, r.label])).toEqual([
      ['#48213', 'true', 'BREACHED'],
      ['#48250', 'true', 'BREACHED'],
      ['#48287', 'true', 'BREACHED'],
      ['#48324', 'false', null],
    ]);
    expect(rows.every((r) => r.icon)).toBe(true);
    // #48287: a high L3 ticket whose L3 OLA resolution clock ran out; #48361: L2's OLA first response.
    expect(rows[2]?.text).toContain('High');
    expect(rows[2]?.text).toContain('L3');
    expect(rows[2]?.text).toContain('Resolution · OLA L3');
    expect(rows[2]?.text).toContain('Invoice PDF export shows wrong VAT rate');
    expect(await textOf(page, `${riskRow('#48361')} .ticket-risk__meta`)).toBe('MediumL2First response · OLA L2');
  });

  it('lists a ticket once per agreement at risk, the customer SLA and a line OLA alike', async () => {
    const at = Date.now();
    const tickets = ticketSnapshot({
      atRisk: [
        atRiskTicket(at, 120, { id: '#777', line: 'L2', agreement: 'sla', clock: 'firstResponse' }),
        atRiskTicket(at, 300, { id: '#777', line: 'L2', agreement: 'L2', clock: 'firstResponse' }),
      ],
    });
    const server = await serve({ ...busyBoard(at), tickets });
    const { page, errors } = await open(server);
    await page.waitForSelector(riskRow('#777'));

    const kinds = await page.locator(`${riskRow('#777')} .ticket-risk__kind`).allTextContents();
    expect(kinds).toEqual(['First response', 'First response · OLA L2']);
    expect(errors).toEqual([]);
  });

  it('ticks the countdown every second without a push', async () => {
    const server = await serve(busyBoardWithTickets(Date.now()));
    const { page } = await open(server);
    const countdown = `${riskRow('#48324')} [data-testid="ticket-countdown"]`;
    await page.waitForSelector(countdown);

    const first = seconds(await textOf(page, countdown));
    await page.waitForTimeout(2200);
    const second = seconds(await textOf(page, countdown));

    // Due 95 s after the snapshot was built (96 shown while the page's clock waits for its next whole-second tick).
    expect(first).toBeLessThanOrEqual(96);
    expect(second).toBeLessThan(first);
  });

  it('turns a ticket breached, with the label and the time past due, when its due time passes', async () => {
    const at = Date.now();
    const server = await serve(busyBoard(at));
    const { page } = await open(server);
    await page.waitForSelector('[data-testid="tickets-no-source"]');

    // Pushed once the page is up, so the ticket is still running when it arrives.
    const pushedAt = Date.now();
    server.push({
      ...busyBoard(pushedAt, 2),
      tickets: ticketSnapshot({ atRisk: [atRiskTicket(pushedAt, 3, { id: 'T-1', subject: 'Due in three seconds' })] }),
    });
    const row = page.locator(riskRow('T-1'));
    await row.waitFor();
    expect(await row.getAttribute('data-breached')).toBe('false');
    expect(await row.locator('[data-testid="ticket-breached-label"]').count()).toBe(0);
    // Up to 3 s left, or 4 while the page's clock waits for its next whole-second tick.
    expect(await row.locator('[data-testid="ticket-countdown"]').textContent()).toMatch(/^0:0[1-4]$/);

    await page.waitForSelector(`${riskRow('T-1')}[data-breached="true"]`, { timeout: 10_000 });
    expect(await row.getAttribute('data-level')).toBe('alert');
    expect(await row.locator('[data-testid="ticket-breached-label"]').textContent()).toBe('BREACHED');
    expect(await row.locator('[data-testid="ticket-countdown"]').textContent()).toMatch(/^\+0:0\d$/);
    await page.waitForTimeout(1200);
    expect(seconds((await row.locator('[data-testid="ticket-countdown"]').textContent()) ?? '')).toBeGreaterThanOrEqual(1);
  });

  it('counts down on the server clock, not a TV clock that is minutes off', async () => {
    // The page's clock runs 5 minutes ahead of the server's; #48324 is due 95 s after the server's now.
    const server = await serve(busyBoardWithTickets(Date.now()));
    const context = await kit.browser().newContext({ viewport: { width: 1920, height: 1080 } });
    kit.cleanup(() => context.close());
    const page = await context.newPage();
    await page.clock.install({ time: Date.now() + 5 * 60_000 });
    await signIn(page, server, 'kiosk');
    await page.goto(server.url);
    const countdown = `${riskRow('#48324')} [data-testid="ticket-countdown"]`;
    await page.waitForSelector(countdown);

    expect(await page.locator(riskRow('#48324')).getAttribute('data-breached')).toBe('false');
    const left = seconds(await textOf(page, countdown));
    expect(left).toBeLessThanOrEqual(96);
    expect(left).toBeGreaterThan(60);
  });

  it('updates the panel when a new snapshot is pushed', async () => {
    const at = Date.now();
    const server = await serve(busyBoardWithTickets(at));
    const { page } = await open(server);
    await waitForText(page, panel('tickets-open'), '312');

    const calmer = ticketSnapshot({
      openMatrix: [
        { status: 'open', priority: 'high', line: 'L1', count: 2 },
        { status: 'open', priority: 'low', line: 'L2', count: 7 },
      ],
      atRisk: [atRiskTicket(at + 1000, 600, { id: '#50001', subject: 'Only one left' })],
      today: { created: 300, solved: 290, firstResponses: 250, firstResponsesWithinSla: 230 },
    });
    server.push({ ...busyBoard(at + 1000, 2), tickets: calmer });

    await waitForText(page, panel('tickets-open'), '9');
    expect(await textOf(page, panel('tickets-breached'))).toBe('0');
    expect(await page.locator('.metric', { has: page.locator('[data-testid="tickets-breached"]') }).getAttribute('data-level')).toBe('ok');
    expect(await textOf(page, panel('tickets-sla-today'))).toBe('92%');
    expect(await textOf(page, panel('tickets-created-today'))).toBe('300');
    expect(await textOf(page, panel('tickets-solved-today'))).toBe('290');
    expect(await textOf(page, panel('tickets-by-priority-high'))).toBe('2');
    expect(await textOf(page, panel('tickets-by-line-L2'))).toBe('7');
    expect(await page.locator('[data-testid="ticket-risk-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-ticket-id')))).toEqual(['#50001']);
    expect(await page.locator(panel('tickets-more')).count()).toBe(0);
    // No ratings today: no CSAT figure rather than a misleading one.
    expect(await page.locator(panel('tickets-csat')).count()).toBe(0);
    expect(await textOf(page, panel('tickets-status'))).toBe('OK');
  });

  it('says no tickets are at risk when the list is empty', async () => {
    const at = Date.now();
    const server = await serve({ ...busyBoard(at), tickets: ticketSnapshot({ today: { created: 4 } }) });
    const { page } = await open(server);

    await waitForText(page, panel('tickets-none-at-risk'), 'No tickets at risk');
    expect(await page.locator('[data-testid="ticket-risk-row"]').count()).toBe(0);
    expect(await textOf(page, panel('tickets-sla-today'))).toBe('—');
    expect(await textOf(page, panel('tickets-created-today'))).toBe('4');
  });

  it('explains how to connect a ticket source when the snapshot has no tickets', async () => {
    const server = await serve(busyBoard(Date.now()));
    const { page, errors } = await open(server);

    const empty = await textOf(page, panel('tickets-no-source'));
    expect(empty).toContain('No ticket source connected');
    expect(empty).toContain('/api/webhooks/tickets');
    expect(empty).toContain('docs/WEBHOOKS.md');
    expect(await page.locator(panel('tickets-open')).count()).toBe(0);
    expect(await page.locator('[data-testid="ticket-risk-row"]').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('fits 4 queues, 100 agents and the ticket panel on a 1920x1080 screen without scrolling', async () => {
    const server = await serve(busyBoardWithTickets(Date.now()));
    const { page, errors } = await open(server);
    await page.waitForSelector('[data-testid="ticket-risk-row"]');
    await waitForText(page, '[data-testid="connection-state"]', 'Live');

    const layout = await page.evaluate(() => {
      const board = document.querySelector('.board') as HTMLElement;
      const panelBox = document.querySelector('[data-testid="ticket-panel"]')!.getBoundingClientRect();
      const cells = [...document.querySelectorAll('[data-testid="agent-cell"]')].map((c) => c.getBoundingClientRect());
      const rows = [...document.querySelectorAll('[data-testid="ticket-risk-row"], [data-testid="tickets-more"]')].map((r) =>
        r.getBoundingClientRect(),
      );
      return {
        overflow: {
          board: board.scrollHeight - board.clientHeight,
          page: document.documentElement.scrollHeight - window.innerHeight,
          wide: document.documentElement.scrollWidth - window.innerWidth,
        },
        panelInView: panelBox.right <= window.innerWidth && panelBox.bottom <= window.innerHeight,
        agentsInView: cells.length === 100 && cells.every((c) => c.bottom <= window.innerHeight && c.right <= panelBox.left),
        rowsInPanel: rows.every((r) => r.bottom <= panelBox.bottom),
      };
    });
    expect(layout).toEqual({
      overflow: { board: 0, page: 0, wide: 0 },
      panelInView: true,
      agentsInView: true,
      rowsInPanel: true,
    });
    await saveScreenshot(page, 'board-with-tickets.png');
    expect(errors).toEqual([]);
  });
});
