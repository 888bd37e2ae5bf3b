import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_AUTH_CONFIG } from '../../server/config/env-config';
import { startWallboard, type RunningWallboard } from '../../server/wallboard';
import { openPage } from '../support/browser';
import { DIST, signIn, usePageTestKit } from '../support/page-test-kit';
import { testWallboardConfig } from '../support/services';

/** The sign-in page, the nav by role and the AUTH=off banner, on the real server with the built page. */
const kit = usePageTestKit();
let wallboard: RunningWallboard;
let open: RunningWallboard;

beforeAll(async () => {
  wallboard = await startWallboard({ config: testWallboardConfig({ queuesFile: 'config/queues.json' }), ami: null, clientDir: DIST });
  open = await startWallboard({
    config: testWallboardConfig({ queuesFile: 'config/queues.json', auth: { ...DEFAULT_AUTH_CONFIG, enabled: false } }),
    ami: null,
    clientDir: DIST,
  });
});

afterAll(async () => {
  await wallboard?.close();
  await open?.close();
});

describe('sign-in page', () => {
  it('shows the sign-in form on any page without credentials, and says what went wrong', async () => {
    const opened = await openPage(kit.browser(), `${wallboard.url}/day`);
    kit.cleanup(opened.close);
    const { page } = opened;
    await page.waitForSelector('[data-testid="sign-in"]');
    await page.fill('[data-testid="sign-in-name"]', 'admin');
    await page.fill('[data-testid="sign-in-password"]', 'not the password');
    await page.click('[data-testid="sign-in-submit"]');
    expect(await page.getByTestId('sign-in-problem').textContent()).toBe('wrong user name or password');
    await page.fill('[data-testid="sign-in-password"]', wallboard.firstStart!.adminPassword);
    await page.click('[data-testid="sign-in-submit"]');
    await page.waitForSelector('[data-testid="nav-admin"]');
  });

  it('shows a manager the desk pages but not the admin page', async () => {
    const opened = await openPage(kit.browser(), `${wallboard.url}/plan`, undefined, (page) => signIn(page, wallboard, 'manager'));
    kit.cleanup(opened.close);
    const { page } = opened;
    await page.waitForSelector('[data-testid="nav-day"]');
    expect(await page.getByTestId('nav-admin').count()).toBe(0);
    await page.goto(`${wallboard.url}/admin`);
    await page.waitForSelector('[data-testid="forbidden"]');
  });

  it('lets an admin create a kiosk token on the admin page, shown once with its link', async () => {
    const opened = await openPage(kit.browser(), `${wallboard.url}/admin`, undefined, (page) => signIn(page, wallboard, 'admin'));
    kit.cleanup(opened.close);
    const { page } = opened;
    await page.waitForSelector('[data-testid="admin-tokens"]');
    await page.getByPlaceholder("name (the TV's place)").fill('hall-tv');
    await page.getByRole('button', { name: 'create token' }).click();
    expect(await page.getByTestId('admin-new-token').textContent()).toMatch(/Kiosk link \(shown once\): http:\/\/127\.0\.0\.1:\d+\/\?token=wbt_/);
    expect(opened.errors).toEqual([]);
  });

  it('says on the board that access control is off with AUTH=off', async () => {
    const opened = await openPage(kit.browser(), open.url);
    kit.cleanup(opened.close);
    await opened.page.waitForSelector('[data-testid="auth-off-banner"]');
  });
});
