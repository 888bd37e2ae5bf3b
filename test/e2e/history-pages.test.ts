import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { HistoryPreparation } from '../../server/demo/history-preparation';
import { historyRouter } from '../../server/http/history-routes';
import { planRouter } from '../../server/http/plan-routes';
import { createMetrics } from '../../server/observability/metrics';
import { ARTIFACTS_DIR, openPage, type OpenedPage } from '../support/browser';
import { DIST, signIn, usePageTestKit } from '../support/page-test-kit';
import {
  dayPayload,
  FIXTURE_NOW_INTERVAL,
  FIXTURE_SITE,
  FIXTURE_TODAY,
  heatmapPayload,
  staffingPayload,
  startFakeHistoryServer,
  type FakeHistoryServer,
  type FakeHistoryServerOptions,
} from '../support/fake-history-server';
import { startTestHistory } from '../support/test-history';
import { call, moscow, span, ticket, TZ } from '../unit/history/history-test-kit';

/**
 * The Day and Plan pages in real Chromium against a fake server with fixture
 * history: what a manager and a planner see, what the pages ask the API, and
 * how they answer an empty history or a refused parameter.
 */

const kit = usePageTestKit();

async function serve(options: Partial<FakeHistoryServerOptions> = {}): Promise<FakeHistoryServer> {
  const server = await startFakeHistoryServer({ staticDir: DIST, ...options });
  kit.cleanup(() => server.close());
  return server;
}

async function open(server: FakeHistoryServer, pathAndQuery: string): Promise<OpenedPage> {
  const opened = await openPage(kit.browser(), `${server.url}${pathAndQuery}`, undefined, (page) => signIn(page, server, 'manager'));
  kit.cleanup(() => opened.close());
  return opened;
}

async function saveFullPage(page: Page, name: string): Promise<void> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, name), fullPage: true });
}

const count = (page: Page, selector: string) => page.locator(selector).count();

/** Points of a recharts line: one M or L per drawn point, across the gaps a null leaves. */
async function linePoints(page: Page, selector: string): Promise<number> {
  return page.locator(`${selector} path.recharts-line-curve`).evaluateAll((paths) =>
    paths.reduce((sum, p) => sum + (p.getAttribute('d')?.match(/[ML]/g)?.length ?? 0), 0),
  );
}

const text = async (page: Page, testId: string) => (await page.getByTestId(testId).textContent())?.trim() ?? '';

const fixtureDay = () => dayPayload({ date: FIXTURE_TODAY, compare: 4, format: 'json' }, 'full');
const baseStaffing = { weekday: 1, weeks: 8, slSec: 20, shrinkage: 0.3, format: 'json' } as const;
const underStaffedAt = (slPct: number) =>
  staffingPayload({ ...baseStaffing, slPct }, 'full').intervals.filter((i) => (i.netErlangC ?? 0) < 0).length;

describe('Day page', () => {
  it("draws the site's today so far: stacked calls per interval, offered up to now, the earlier weeks as a band with their mean, service level against its target", async () => {
    const server = await serve();
    const { page, errors } = await open(server, '/day');
    await page.locator('[data-testid="day-chart"] .series-answered .recharts-bar-rectangle').first().waitFor();

    const day = fixtureDay().days[0]!;
    const withCalls = (pick: (i: (typeof day.intervals)[number]) => number) => day.intervals.filter((i) => pick(i) > 0).length;
    expect(await count(page, '[data-testid="day-chart"] .series-answered .recharts-bar-rectangle')).toBe(withCalls((i) => i.answered));
    expect(await count(page, '[data-testid="day-chart"] .series-abandoned .recharts-bar-rectangle')).toBe(withCalls((i) => i.abandoned));
    expect(await count(page, '[data-testid="day-chart"] .series-timed-out .recharts-bar-rectangle')).toBe(withCalls((i) => i.timedOut));
    // 11:00 is under way: the offered line stops there instead of running on at zero.
    expect(await linePoints(page, '[data-testid="day-chart"] .series-offered')).toBe(FIXTURE_NOW_INTERVAL + 1);
    expect(await count(page, '[data-testid="day-chart"] .series-earlier-band')).toBe(1);
    expect(await linePoints(page, '[data-testid="day-chart"] .series-earlier-mean')).toBe(96);
    expect(await text(page, 'day-chart-legend')).toContain('Offered on 4 earlier Mondays: lowest to highest');
    // Today so far against the same hours of the earlier Mondays, not against their whole days.
    expect(await page.getByTestId('day-summary').innerText()).toMatch(/by 11:00: [\d,]+, [+−-]\d+% vs [\d,.]+, the mean of 4 earlier Mondays by then/);

    const measuredIntervals = day.intervals.filter((i) => i.serviceLevelPct !== null).length;
    expect(await linePoints(page, '[data-testid="day-sl-chart"] .series-sl')).toBe(measuredIntervals);
    expect(await count(page, '[data-testid="day-sl-chart"] .series-target')).toBe(1);
    expect(await linePoints(page, '[data-testid="day-sl-chart"] .series-aht')).toBe(day.intervals.filter((i) => i.ahtSec !== null).length);
    expect(await count(page, '[data-testid="day-tickets-chart"] .series-created .recharts-bar-rectangle')).toBe(
      day.intervals.filter((i) => i.tickets.created > 0).length,
    );

    expect(await text(page, 'day-total-offered')).toBe(day.total.offered.toLocaleString('en-US'));
    expect(await text(page, 'day-subject')).toBe('Mon 23 Nov 2026 · all queues');
    expect(server.queriesTo('/api/history/day').map((q) => q.query)).toEqual([{ date: FIXTURE_TODAY, compare: '4' }]);
    expect(errors).toEqual([]);
    await saveFullPage(page, 'day-page.png');
  });

  it('links a CSV of the same query, following the queue and the date', async () => {
    const server = await serve();
    const { page } = await open(server, '/day');
    const link = page.getByTestId('day-csv-link');
    await page.getByTestId('day-chart').waitFor();
    expect(await link.getAttribute('href')).toBe(`/api/history/day?date=${FIXTURE_TODAY}&compare=4&format=csv`);

    await page.getByTestId('day-queue').selectOption('support-l1');
    await page.getByTestId('day-prev').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="day-csv-link"]')?.getAttribute('href')?.includes('2026-11-22'));
    const href = await link.getAttribute('href');
    expect(href).toBe('/api/history/day?date=2026-11-22&queue=support-l1&compare=4&format=csv');
    // The view is in the page's URL, so it can be bookmarked and shared.
    expect(new URL(page.url()).search).toBe('?date=2026-11-22&queue=support-l1');
    expect(server.queriesTo('/api/history/day').at(-1)?.query).toEqual({ date: '2026-11-22', queue: 'support-l1', compare: '4' });

    // as the browser follows the link: with the page's session cookie
    const csv = await page.request.get(`${server.url}${href}`);
    expect(csv.headers()['content-type']).toMatch(/^text\/csv/);
    expect((await csv.text()).split('\n')[0]).toContain('offered');
  });

  it('says what to do when no calls were recorded', async () => {
    const server = await serve({ mode: 'empty' });
    const { page, errors } = await open(server, '/day');
    const empty = page.getByTestId('day-empty');
    await empty.waitFor();
    expect(await empty.textContent()).toContain('No calls recorded for this day.');
    expect(await empty.textContent()).toContain('npm run simulate -- --days 28');
    expect(await count(page, '[data-testid="day-chart"]')).toBe(0);
    expect(await count(page, '[data-testid="day-sl-chart"]')).toBe(0);
    expect(await count(page, '[data-testid="day-tickets-empty"]')).toBe(1);
    expect(errors).toEqual([]);
  });

  it('shows the parameter the API refused', async () => {
    const server = await serve();
    const { page } = await open(server, `/day?queue=${'q'.repeat(81)}`);
    const error = page.getByTestId('day-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('queue: queue name longer than 80');
  });
});

describe('Plan page', () => {
  it('draws the 7 x 96 heatmap with its peaks, the ranked peak list and the staffing chart', async () => {
    const server = await serve();
    const { page, errors } = await open(server, '/plan');
    await page.locator('[data-testid="plan-staffing-chart"] .series-required-c').waitFor();
    await page.getByTestId('plan-heatmap').waitFor();

    const heatmap = heatmapPayload({ weeks: 8, metric: 'offered', format: 'json' }, 'full');
    expect(await count(page, '[data-testid="plan-heatmap-cell"]')).toBe(7 * 96);
    for (const weekday of [1, 7]) expect(await count(page, `[data-testid="plan-heatmap-cell"][data-weekday="${weekday}"]`)).toBe(96);
    expect(await count(page, '[data-testid="plan-heatmap-cell"][data-peak="true"]')).toBe(heatmap.peaks.topDecile.length);
    const top = heatmap.peaks.topDecile[0]!;
    const topInterval = Number(top.time.slice(0, 2)) * 4 + Number(top.time.slice(3)) / 15;
    expect(
      await page.locator(`[data-testid="plan-heatmap-cell"][data-weekday="${top.weekday}"][data-interval="${topInterval}"]`).getAttribute('data-peak'),
    ).toBe('true');
    expect(await count(page, '[data-testid="plan-busy-hour"]')).toBe(7);
    expect(await page.locator('[data-testid="plan-busy-hour"][data-of-week="true"]').getAttribute('data-weekday')).toBe(
      String(heatmap.peaks.busyHours[0]!.weekday),
    );

    await page.mouse.move(0, 0);
    await saveFullPage(page, 'plan-page.png');

    const rows = page.getByTestId('plan-peak-row');
    expect(await rows.count()).toBe(12);
    expect(await rows.first().getAttribute('data-time')).toBe(top.time);
    await page.getByTestId('plan-peak-toggle').click();
    expect(await rows.count()).toBe(heatmap.peaks.topDecile.length);

    const chart = page.getByTestId('plan-staffing-chart');
    expect(await linePoints(page, '[data-testid="plan-staffing-chart"] .series-required-c')).toBeGreaterThan(0);
    expect(await count(page, '[data-testid="plan-staffing-chart"] .series-required-a')).toBe(1);
    expect(await count(page, '[data-testid="plan-staffing-chart"] .series-under-staffed .recharts-bar-rectangle')).toBe(underStaffedAt(80));
    expect(await chart.getAttribute('data-under-staffed')).toBe(String(underStaffedAt(80)));
    // No weeks asked: the server spans the history there is (the fixture's is 8 weeks long, every day observed).
    expect(server.queriesTo('/api/plan/heatmap').map((q) => q.query)).toEqual([{ metric: 'offered' }]);
    expect(server.queriesTo('/api/plan/staffing').map((q) => q.query)).toEqual([{ weekday: '1', slPct: '80', slSec: '20', shrinkage: '0.3' }]);
    expect(await page.getByTestId('plan-history-depth').getAttribute('data-short')).toBeNull();
    expect(await text(page, 'plan-history-depth')).toContain('Every one of the 56 days has data');
    expect(errors).toEqual([]);
  });

  it('recomputes the staffing once when the SL target changes, and the chart follows', async () => {
    expect(underStaffedAt(95)).toBeGreaterThan(underStaffedAt(80));
    const server = await serve({ staffingDelayMs: 300 });
    const { page } = await open(server, '/plan');
    const chart = page.getByTestId('plan-staffing-chart');
    await page.waitForFunction((n) => document.querySelector('[data-testid="plan-staffing-chart"]')?.getAttribute('data-under-staffed') === n, String(underStaffedAt(80)));
    const before = server.queriesTo('/api/plan/staffing').length;

    await page.getByTestId('plan-input-sl-pct').fill('95');
    await page.getByTestId('plan-staffing-loading').waitFor();
    await page.waitForFunction((n) => document.querySelector('[data-testid="plan-staffing-chart"]')?.getAttribute('data-under-staffed') === n, String(underStaffedAt(95)));

    const after = server.queriesTo('/api/plan/staffing').slice(before);
    expect(after.map((q) => q.query)).toEqual([{ weekday: '1', slPct: '95', slSec: '20', shrinkage: '0.3' }]);
    expect(await count(page, '[data-testid="plan-staffing-chart"] .series-under-staffed .recharts-bar-rectangle')).toBe(underStaffedAt(95));
    expect(await chart.getAttribute('data-loading')).toBe('false');
    expect(new URL(page.url()).searchParams.get('slPct')).toBe('95');
  });

  it('names a parameter the server refused next to its field, and clears it once fixed', async () => {
    const server = await serve();
    const { page } = await open(server, '/plan');
    await page.getByTestId('plan-staffing-chart').waitFor();
    const input = page.getByTestId('plan-input-sl-pct');

    await input.fill('100');
    const error = page.getByTestId('plan-staffing-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('SL target (%) — slPct=100: expected a percentage above 0 and below 100');
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    // The last plan stays on screen, marked as not matching the inputs.
    expect(await page.getByTestId('plan-staffing-chart').getAttribute('data-stale')).toBe('true');

    await input.fill('90');
    await error.waitFor({ state: 'detached' });
    await page.waitForFunction(() => document.querySelector('[data-testid="plan-staffing-chart"]')?.getAttribute('data-stale') === 'false');
    expect(await input.getAttribute('aria-invalid')).toBe('false');
    expect(server.queriesTo('/api/plan/staffing').at(-1)?.query.slPct).toBe('90');
  });

  it('says what to do when there is no history to plan from', async () => {
    const server = await serve({ mode: 'empty' });
    const { page, errors } = await open(server, '/plan');
    await page.getByTestId('plan-heatmap-empty').waitFor();
    expect(await text(page, 'plan-heatmap-empty')).toContain('npm run simulate -- --days 28');
    await page.getByTestId('plan-staffing-empty').waitFor();
    expect(await count(page, '[data-testid="plan-heatmap-cell"]')).toBe(0);
    expect(errors).toEqual([]);
  });
});

describe('navigation', () => {
  it('moves between Day and Plan without reloading the page, and marks where you are', async () => {
    const server = await serve();
    const { page } = await open(server, '/day');
    await page.getByTestId('day-page').waitFor();
    await page.evaluate(() => Object.assign(window, { loadedOnce: true }));
    expect(await page.getByTestId('nav-day').getAttribute('aria-current')).toBe('page');
    expect(await page.getByTestId('nav-board').getAttribute('href')).toBe('/');

    await page.getByTestId('nav-plan').click();
    await page.getByTestId('plan-page').waitFor();
    expect(new URL(page.url()).pathname).toBe('/plan');
    expect(await page.getByTestId('nav-plan').getAttribute('aria-current')).toBe('page');
    expect(await page.title()).toBe('Staffing plan · Support Wallboard');

    await page.goBack();
    await page.getByTestId('day-page').waitFor();
    expect(await page.evaluate(() => (window as unknown as { loadedOnce?: boolean }).loadedOnce)).toBe(true);
  });
});

describe('against the real history API', () => {
  /** The product's history routers on a Postgres of their own, holding a few facts of the fixture's Monday. */
  async function serveRealHistory(): Promise<FakeHistoryServer> {
    const history = await startTestHistory('history_pages', 'msk');
    kit.cleanup(() => history.close());
    const nine = moscow(FIXTURE_TODAY, '09:00');
    history.writer.record([
      call('sales', 'c1', nine + 10_000, { waitSec: 5 }),
      call('sales', 'c2', nine + 20_000, { waitSec: 35 }),
      call('sales', 'c3', nine + 40_000, { outcome: 'abandoned', waitSec: 40 }),
      call('support-l1', 'c4', moscow(FIXTURE_TODAY, '10:31'), { waitSec: 8 }),
      span('PJSIP/1001', 'available', nine, nine + 15 * 60_000, [{ queueId: 'sales', paused: false }]),
      ticket('T-1', { createdAt: nine + 60_000, firstResponseAt: nine + 5 * 60_000, firstResponseMet: true }),
    ]);
    await history.writer.settled();
    const metrics = createMetrics();
    const reader = () => history.reader();
    const clock = () => moscow('2026-11-24', '12:00');
    return serve({
      apiRouters: [historyRouter({ reader, site: 'msk', timeZone: TZ, metrics }), planRouter({ reader, site: 'msk', timeZone: TZ, clock, metrics })],
    });
  }

  it('draws the Day and Plan pages from what the server really sends', async () => {
    const server = await serveRealHistory();
    const day = await open(server, '/day');
    await day.page.locator('[data-testid="day-chart"] .series-answered .recharts-bar-rectangle').first().waitFor();
    // 09:00: two answered and one abandoned; 10:30: one answered. No earlier Monday has history.
    expect(await count(day.page, '[data-testid="day-chart"] .series-answered .recharts-bar-rectangle')).toBe(2);
    expect(await count(day.page, '[data-testid="day-chart"] .series-abandoned .recharts-bar-rectangle')).toBe(1);
    expect(await count(day.page, '[data-testid="day-chart"] .series-earlier-band')).toBe(0);
    expect(await linePoints(day.page, '[data-testid="day-chart"] .series-offered')).toBe(FIXTURE_NOW_INTERVAL + 1);
    expect(await text(day.page, 'day-total-offered')).toBe('4');
    // Within 20 s: c1 and c4 of 3 answered + 1 abandoned.
    expect(await text(day.page, 'day-total-sl')).toBe('50%');
    expect(day.errors).toEqual([]);

    const plan = await open(server, '/plan');
    await plan.page.locator('[data-testid="plan-staffing-chart"] .series-required-c').waitFor();
    expect(await count(plan.page, '[data-testid="plan-heatmap-cell"]')).toBe(7 * 96);
    // Only the two Monday intervals with calls were observed at all; the top tenth of those two is the busier one.
    expect(await plan.page.getByTestId('plan-peak-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-time')))).toEqual(['09:00']);
    expect(await count(plan.page, '[data-testid="plan-busy-hour-row"]')).toBe(1);
    // One day of history: the window is one week, and the page says its figures rest on that one day.
    expect(await plan.page.getByTestId('plan-history-depth').getAttribute('data-short')).toBe('true');
    expect(await text(plan.page, 'plan-history-depth')).toContain('Only 1 of the 7 days in this window have data');
    expect(await plan.page.getByTestId('plan-basis-weekday').locator('xpath=..').innerText()).toContain('over the last 1 week');
    await plan.page.getByTestId('plan-weeks').selectOption('8');
    await plan.page.waitForFunction(() => document.querySelector('[data-testid="plan-history-depth"]')?.textContent?.includes('of the 56 days'));
    await saveFullPage(plan.page, 'plan-page-short-history.png');
    expect(plan.errors).toEqual([]);
  });
});

describe('history being prepared', () => {
  it('shows how far the demo history is written on the Day and Plan pages, refetches as days land, and goes when done', async () => {
    const preparation = new HistoryPreparation();
    preparation.begin(10, 4);
    // the product's own route; the fixture endpoints answer everything else
    const noDatabase = () => Promise.reject(new Error('not used'));
    const server = await serve({
      moreRouters: [historyRouter({ reader: noDatabase, site: FIXTURE_SITE, timeZone: TZ, metrics: createMetrics(), preparing: () => preparation.status() })],
    });

    const day = await open(server, '/day');
    await day.page.getByTestId('history-preparing').waitFor();
    await day.page.locator('[data-testid="day-chart"] .series-answered .recharts-bar-rectangle').first().waitFor();
    expect(await text(day.page, 'history-preparing')).toContain('History being prepared: 40%');
    expect(await text(day.page, 'history-preparing')).toContain('4 of 10 days written');
    const bar = day.page.getByTestId('history-preparing-progress');
    expect([await bar.getAttribute('value'), await bar.getAttribute('max')]).toEqual(['4', '10']);
    await saveFullPage(day.page, 'day-page-history-preparing.png');

    const plan = await open(server, '/plan');
    await plan.page.getByTestId('history-preparing').waitFor();
    await plan.page.locator('[data-testid="plan-heatmap-cell"]').first().waitFor();
    expect(await text(plan.page, 'history-preparing')).toContain('History being prepared: 40%');
    await saveFullPage(plan.page, 'plan-page-history-preparing.png');

    // a day more: the next poll shows it, and the day is asked for again
    const dayQueries = server.queriesTo('/api/history/day').length;
    preparation.dayWritten();
    await day.page.waitForFunction(() => document.querySelector('[data-testid="history-preparing"]')?.textContent?.includes('50%'));
    await expect.poll(() => server.queriesTo('/api/history/day').length).toBeGreaterThan(dayQueries);

    for (let i = 0; i < 5; i++) preparation.dayWritten();
    preparation.end();
    await day.page.getByTestId('history-preparing').waitFor({ state: 'detached' });
    await plan.page.getByTestId('history-preparing').waitFor({ state: 'detached' });
    await saveFullPage(plan.page, 'plan-page-history-ready.png');
    // done: no more asking
    const asked = server.queriesTo('/api/history/preparing').length;
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    expect(server.queriesTo('/api/history/preparing').length).toBe(asked);
    expect(day.errors).toEqual([]);
    expect(plan.errors).toEqual([]);
  });
});
