import { describe, expect, it } from 'vitest';
import { alertsFileSchema } from '../../shared/alerts';
import { QueueSettingsBook } from '../../server/config/queue-settings';
import { startWallboard } from '../../server/wallboard';
import { openPage } from '../support/browser';
import { DIST, signIn, usePageTestKit } from '../support/page-test-kit';
import { freshDatabaseUrl, testWallboardConfig } from '../support/services';

/** The alert history page and the alert rules page in real Chromium against a real server and Postgres. */

const kit = usePageTestKit();

describe('alert pages', () => {
  it('the history lists what fired; the rules page refuses a bad rule naming it and saves a good one', async () => {
    const config = testWallboardConfig({ databaseUrl: await freshDatabaseUrl('alert_pages') });
    const alerts = alertsFileSchema.parse({ rules: [{ id: 'any-caller', queue: 'support', metric: 'waiting', above: 0 }] });
    const wallboard = await startWallboard({ config, ami: null, queueSettings: QueueSettingsBook.parse({}), alerts, clientDir: DIST });
    kit.cleanup(() => wallboard.close().then(() => undefined));
    await wallboard.store.apply(config.site, [
      { op: 'queue.put', queue: { id: 'support', serviceLevelSec: 20 } },
      { op: 'waiting.put', caller: { queueId: 'support', callId: 'c1', joinedAt: Date.now(), position: 1, callerId: null } },
    ]);

    const history = await openPage(kit.browser(), `${wallboard.url}/alerts`, undefined, (page) => signIn(page, wallboard, 'manager'));
    kit.cleanup(history.close);
    // the first notification may land after the page's first load: look again until it is there
    await expect
      .poll(async () => {
        await history.page.reload();
        await history.page.getByTestId('alert-history-page').waitFor();
        return history.page.locator('[data-testid="alert-history-table"] tbody tr').allTextContents();
      }, { timeout: 20_000 })
      .toEqual([expect.stringMatching(/any-caller.*support.*callers waiting.*Firing.*board only/)]);
    expect(history.errors).toEqual([]);

    const rules = await openPage(kit.browser(), `${wallboard.url}/admin/alerts`, undefined, (page) => signIn(page, wallboard, 'admin'));
    kit.cleanup(rules.close);
    const { page } = rules;
    await page.getByTestId('alert-rules-table').waitFor();
    expect(await page.locator('[data-testid="alert-rules-table"] tbody tr').allTextContents()).toEqual([expect.stringContaining('any-caller')]);
    const editor = page.getByTestId('alert-rules-editor');
    await editor.fill(JSON.stringify({ rules: [{ id: 'slow', queue: 'support', metric: 'longestWaitSec', above: 60, forSec: -5 }] }));
    await page.getByTestId('alert-rules-save').click();
    await expect.poll(() => page.getByTestId('alert-rules-problems').textContent()).toContain('rule "slow" (rules.0): forSec:');

    await editor.fill(JSON.stringify({ rules: [{ id: 'slow', queue: 'support', metric: 'longestWaitSec', above: 60, forSec: 5 }] }));
    await page.getByTestId('alert-rules-save').click();
    await page.getByTestId('alert-rules-saved').waitFor();
    expect(await page.locator('[data-testid="alert-rules-table"] tbody tr').allTextContents()).toEqual([expect.stringContaining('slow')]);
    // the browser logs the refused save; nothing else went wrong
    expect(rules.errors).toEqual([expect.stringContaining('status of 400')]);
  });
});
